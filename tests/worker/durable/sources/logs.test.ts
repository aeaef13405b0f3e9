// GET /api/hackathons/:id/rca?from=&to= (docs/contract.md section 3): both the RCA log and the
// mode transitions are bounded by their `at`, both ends included.
import { describe, expect, it } from "vitest";
import { RcaResponseSchema } from "../../../../worker/src/contract";
import { apiJson } from "../../../helpers/api";
import { createHackathon, uniqueHackathonId } from "../../../helpers/hackathons";
import { pinClock, runAlarmAt } from "../../../helpers/rooms";
import { eventId, postEvents } from "../../../helpers/webhooks";

const S = 1000;
const NOW = Date.parse("2026-11-28T10:00:00Z");
const LATER = NOW + 3600 * S;
const at = (ms: number) => new Date(ms).toISOString();

/**
 * A dependency cycle logged at NOW and another at LATER; the tokens source goes idle at NOW + 31 s
 * and back to event at LATER: two RCA entries and two transitions, an hour apart.
 */
async function hourOfLogs() {
  const id = uniqueHackathonId();
  await pinClock(id, NOW);
  const h = await createHackathon({ id, starts_at: at(NOW - 3600 * S), sources: { tokens: { event_timeout_s: 30 } } });
  const send = async (ts: number, cycle: [string, string]) => {
    await pinClock(id, ts);
    const tokens = { id: eventId("k"), type: "token", ts: at(ts), model: "gpt-4.1-mini", input_tokens: 10, output_tokens: 5 };
    const tasks = cycle.map((task, i) => ({
      id: eventId("t"),
      type: "task",
      ts: at(ts),
      task: { id: task, title: task, status: "todo", depends_on: [cycle[1 - i]] },
    }));
    expect((await postEvents(id, h.webhook_secret, { events: [tokens, ...tasks] })).status).toBe(200);
  };
  await send(NOW, ["A", "B"]);
  await runAlarmAt(id, NOW + 31 * S);
  await send(LATER, ["C", "D"]);
  const read = async (query: string) => {
    const { status, body } = await apiJson(`/api/hackathons/${id}/rca${query}`, { token: h.viewer_token });
    expect(status).toBe(200);
    const { entries, transitions } = RcaResponseSchema.parse(body);
    return {
      entries: entries.filter((e) => e.kind === "dependency_cycle").map((e) => e.at),
      transitions: transitions.filter((t) => t.source === "tokens").map((t) => `${t.from}->${t.to} at ${t.at}`),
    };
  };
  return { id, token: h.viewer_token, read };
}

describe("GET /rca?from=&to=", () => {
  it("bounds the log and the transitions by time, both ends included", async () => {
    const h = await hourOfLogs();
    const early = { entries: [at(NOW)], transitions: [`event->idle at ${at(NOW + 31 * S)}`] };
    const late = { entries: [at(LATER)], transitions: [`idle->event at ${at(LATER)}`] };
    expect(await h.read("")).toEqual({
      entries: [...late.entries, ...early.entries],
      transitions: [...late.transitions, ...early.transitions],
    });
    expect(await h.read(`?from=${at(NOW + 60 * S)}`)).toEqual(late);
    expect(await h.read(`?to=${at(NOW + 60 * S)}`)).toEqual(early);
    expect(await h.read(`?from=${at(NOW)}&to=${at(LATER)}`)).toEqual(await h.read(""));
    expect(await h.read(`?from=${at(NOW + 31 * S + 1)}&to=${at(LATER - 1)}`)).toEqual({ entries: [], transitions: [] });
  });

  it("refuses a range that ends before it starts, and a time that is not ISO-8601, with 400", async () => {
    const id = uniqueHackathonId();
    const h = await createHackathon({ id });
    const refusedAt = async (query: string) => {
      const { status, body } = await apiJson<{ error: { issues: { path: string }[] } }>(`/api/hackathons/${id}/rca${query}`, {
        token: h.viewer_token,
      });
      expect(status).toBe(400);
      return body.error.issues.map((i) => i.path);
    };
    expect(await refusedAt(`?from=${at(LATER)}&to=${at(NOW)}`)).toEqual(["to"]);
    expect(await refusedAt("?to=2026-13-45T99:00:00Z")).toEqual(["to"]);
    expect(await refusedAt("?from=1732780800")).toEqual(["from"]);
  });
});
