// docs/contract.md section 9: a source with no poll adapter that hears nothing is idle, not
// degraded. One left degraded (its poller removed by a PATCH, or from before idle existed)
// settles at once (sources/drive.ts settleSources), not at its next event.
import { evictDurableObject, runInDurableObject } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { RcaResponseSchema } from "../../../../worker/src/contract";
import { cancelTimer } from "../../../../worker/src/durable/alarm-plan";
import { initialSourceModeState } from "../../../../worker/src/durable/hysteresis/state";
import { loadRecord } from "../../../../worker/src/durable/room-record";
import { machineConfig, saveMachine } from "../../../../worker/src/durable/sources/machines";
import { fakeProvider } from "../../../fixtures/fake-providers/client";
import { apiJson } from "../../../helpers/api";
import { readDashboard } from "../../../helpers/dashboard";
import { createHackathon } from "../../../helpers/hackathons";
import { pinnedHackathon, POLL_NOW, polledCostSource } from "../../../helpers/polls";
import { roomOf, runAlarmAt } from "../../../helpers/rooms";
import { LiveClient } from "../../../helpers/sockets";
import { timerDue } from "../../../helpers/timers";
import { eventId, postEvents } from "../../../helpers/webhooks";

const S = 1000;
const at = (ms: number) => new Date(ms).toISOString();

async function transitions(id: string, token: string) {
  const { body } = await apiJson(`/api/hackathons/${id}/rca`, { token });
  return RcaResponseSchema.parse(body).transitions;
}

describe("a degraded source with no poller", () => {
  it("turns idle in the PATCH that removes its poller: the snapshot the save sends shows it idle", async () => {
    const provider = await fakeProvider("json", { answer: { id: eventId(), type: "cost", ts: at(POLL_NOW), total: 5 } });
    const h = await pinnedHackathon({ sources: { cost: polledCostSource(provider.baseUrl) } });
    const id = h.hackathon.id;
    expect((await postEvents(id, h.webhook_secret, { id: eventId(), type: "cost", ts: at(POLL_NOW), amount: 5 })).status).toBe(200);
    await provider.fail(...Array.from({ length: 5 }, () => ({ status: 500, body: { error: "boom" } })));
    let due: number | null = POLL_NOW + 30 * S;
    for (let attempt = 1; attempt <= 5; attempt++) {
      await runAlarmAt(id, due!);
      due = await timerDue(id, "source:cost");
    }
    expect((await readDashboard(id, h.viewer_token)).hysteresis_health.cost.mode).toBe("degraded");

    const live = await LiveClient.open(id, h.viewer_token);
    await live.waitFor((m) => m.type === "snapshot");
    const before = live.messages.length;
    const patched = await apiJson(`/api/hackathons/${id}`, { method: "PATCH", json: { sources: { cost: { poll: null } } } });
    expect(patched.status).toBe(200);
    // The snapshot the save sends already shows it idle, and nothing is left to tick.
    const snapshot = await live.waitFor((m) => m.type === "snapshot", { from: before });
    live.close();
    if (snapshot.type !== "snapshot") throw new Error("unreachable");
    expect(snapshot.state.hysteresis_health.cost).toMatchObject({ mode: "idle", consecutive_failures: 0 });
    expect(snapshot.state.stale).toBe(false);
    expect(await timerDue(id, "source:cost")).toBeNull();
    const [latest] = await transitions(id, h.viewer_token);
    expect(latest).toMatchObject({ source: "cost", from: "degraded", to: "idle", reason: "no poller configured" });
  });

  it("left degraded from before idle existed (and with no timer), turns idle when the object wakes", async () => {
    const h = await createHackathon();
    const id = h.hackathon.id;
    // The older rule: silence without a poller was "degraded", and nothing was scheduled after it.
    const leftOver = await runInDurableObject(roomOf(id), (_, ctx) => {
      const sql = ctx.storage.sql;
      const record = loadRecord(sql)!;
      const since = Date.now() - 3600 * S;
      const state = { ...initialSourceModeState(since), mode: "degraded" as const, lastEventAt: since - 900 * S };
      saveMachine(sql, { source: "tokens", state, config: machineConfig(record, "tokens") });
      cancelTimer(sql, "source:tokens");
      return since;
    });
    const storedMode = () =>
      runInDurableObject(
        roomOf(id),
        (_, ctx) => ctx.storage.sql.exec<{ mode: string }>("SELECT mode FROM source_health WHERE source = 'tokens'").one().mode,
      );
    expect(await storedMode()).toBe("degraded");

    await evictDurableObject(roomOf(id));
    const state = await readDashboard(id, h.viewer_token);
    expect(state.hysteresis_health.tokens.mode).toBe("idle");
    expect(state.hysteresis_health.tokens.last_event_at).toBe(at(leftOver - 900 * S));
    expect(state.stale).toBe(false);
    const [latest] = await transitions(id, h.viewer_token);
    expect(latest).toMatchObject({ source: "tokens", from: "degraded", to: "idle", reason: "no poller configured" });
    // Settled once: another wake writes nothing more.
    await evictDurableObject(roomOf(id));
    expect(await transitions(id, h.viewer_token)).toHaveLength(1);
  });
});
