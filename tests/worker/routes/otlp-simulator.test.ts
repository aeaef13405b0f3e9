import { runInDurableObject } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { DashboardStateSchema, type TokenEvent } from "../../../worker/src/contract";
import type { HackathonRoom } from "../../../worker/src/durable/hackathon-room";
import { apiJson } from "../../helpers/api";
import { createHackathon } from "../../helpers/hackathons";
import { postOtlp } from "../../helpers/otlp";
import { roomOf } from "../../helpers/rooms";
import { tracesExport } from "../../../scripts/lib/simulator/otlp-spans.mjs";
import { OTLP_TOKEN_SERVICE, streamEventsBetween } from "../../../scripts/lib/simulator/streams.mjs";

const SEED = "demo";
const M = 60_000;

/** The demo's token calls that go out over OTLP, in the 20 minutes before `now`. */
function otlpTokenCalls(now: number) {
  return streamEventsBetween(SEED, now - 20 * M, now, ["token"]).filter((e) => e.service === OTLP_TOKEN_SERVICE) as unknown as Array<
    TokenEvent & { cost: number }
  >;
}

const storedOtlpEvents = (id: string) =>
  runInDurableObject(roomOf(id), (_room: HackathonRoom, state) =>
    state.storage.sql
      .exec<{ body: string }>("SELECT body FROM events WHERE id LIKE 'otlp:%'")
      .toArray()
      .map((r) => JSON.parse(r.body) as TokenEvent),
  );

describe("the demo simulator's OTLP export", () => {
  it("is read as GenAI spans: counted once across a re-send, priced from the table as the simulator prices them, under its service", async () => {
    const h = await createHackathon();
    const calls = otlpTokenCalls(Date.now());
    expect(calls.length).toBeGreaterThan(100);
    const body = new TextEncoder().encode(JSON.stringify(tracesExport(calls, { serviceName: OTLP_TOKEN_SERVICE })));
    // A restarted simulator back-fills the same spans again.
    for (let send = 0; send < 2; send++) {
      const response = await postOtlp(h.hackathon.id, "traces", body, { token: h.ingest_token, encoding: "json" });
      expect(response.status).toBe(200);
      expect(await response.json()).toEqual({});
    }
    const stored = await storedOtlpEvents(h.hackathon.id);
    expect(stored).toHaveLength(calls.length);
    expect(new Set(stored.map((e) => e.service))).toEqual(new Set([OTLP_TOKEN_SERVICE]));
    const total = (events: Array<{ cost?: number }>) => events.reduce((sum, e) => sum + e.cost!, 0);
    expect(total(stored)).toBeCloseTo(total(calls), 4);
    const { status, body: dashboard } = await apiJson(`/api/hackathons/${h.hackathon.id}/dashboard`, { token: h.viewer_token });
    expect(status).toBe(200);
    const tokens = calls.reduce((sum, e) => sum + e.input_tokens + e.output_tokens, 0);
    expect(DashboardStateSchema.parse(dashboard).token_metrics.total_consumed).toBe(tokens);
  });
});
