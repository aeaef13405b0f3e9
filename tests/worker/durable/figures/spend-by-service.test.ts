import { runInDurableObject } from "cloudflare:test";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { type CostEvent, CostMetricsSchema, ErrorBodySchema, TokenMetricsSchema } from "../../../../worker/src/contract";
import { applyCostEvent, currentSpend } from "../../../../worker/src/durable/figures/cost";
import { UNATTRIBUTED } from "../../../../worker/src/durable/figures/service-label";
import { attributeSpend, readSpendByService } from "../../../../worker/src/durable/figures/spend-by-service";
import { MAX_DISTINCT_NAMES } from "../../../../worker/src/durable/ingest/caps";
import { apiJson } from "../../../helpers/api";
import { createHackathon } from "../../../helpers/hackathons";
import { pinClock, roomOf } from "../../../helpers/rooms";
import { eventId, postEvents } from "../../../helpers/webhooks";

const M = 60_000;
const H = 60 * M;
const T0 = Date.parse("2026-11-28T00:00:00Z");
const NOW = T0 + 10 * H;
const at = (ms: number) => new Date(ms).toISOString();
const cost = (ts: number, fields: object) => ({ id: eventId("c"), type: "cost", ts: at(ts), ...fields });

async function pinnedHackathon() {
  const h = await createHackathon({ budget: { amount: 1000 }, starts_at: at(T0), ends_at: at(T0 + 24 * H) });
  await pinClock(h.hackathon.id, NOW);
  const send = (...events: object[]) => postEvents(h.hackathon.id, h.webhook_secret, { events });
  /** The cost and token parts of the dashboard, held to the contract. */
  const figures = async () => {
    const { status, body } = await apiJson<{ cost_metrics: unknown; token_metrics: unknown }>(
      `/api/hackathons/${h.hackathon.id}/dashboard`,
      { token: h.viewer_token },
    );
    expect(status).toBe(200);
    return { cost: CostMetricsSchema.parse(body.cost_metrics), tokens: TokenMetricsSchema.parse(body.token_metrics) };
  };
  return { id: h.hackathon.id, send, figures };
}

describe("spend by service", () => {
  it("adds each amount to its service, puts unnamed spend under (unattributed), largest first", async () => {
    const h = await pinnedHackathon();
    const response = await h.send(
      cost(T0 + H, { amount: 4, service: "cloud-run" }),
      cost(T0 + 2 * H, { amount: 1.5 }),
      cost(T0 + 3 * H, { amount: 6, service: "bigquery" }),
      cost(T0 + 4 * H, { amount: 3, service: "cloud-run" }),
    );
    expect(response.status).toBe(200);
    const { cost: figures } = await h.figures();
    expect(figures.by_service).toEqual([
      { service: "cloud-run", spend: 7 },
      { service: "bigquery", spend: 6 },
      { service: UNATTRIBUTED, spend: 1.5 },
    ]);
    expect(figures.current_spend).toBe(14.5);
  });

  it("lists no (unattributed) row while unnamed spend nets to zero, and lists it once it does not", async () => {
    const h = await pinnedHackathon();
    // A total without a service that repeats the spend to date adds nothing unnamed.
    await h.send(cost(T0 + H, { amount: 5, service: "cloud-run" }), cost(T0 + 2 * H, { total: 5 }));
    expect((await h.figures()).cost.by_service).toEqual([{ service: "cloud-run", spend: 5 }]);
    await h.send(cost(T0 + 3 * H, { total: 6 }));
    expect((await h.figures()).cost.by_service).toEqual([
      { service: "cloud-run", spend: 5 },
      { service: UNATTRIBUTED, spend: 1 },
    ]);
  });

  it("gives a total's rise over the figure before it to the total's service, or to (unattributed)", async () => {
    const h = await pinnedHackathon();
    await h.send(
      cost(T0 + H, { amount: 5, service: "cloud-run" }),
      // Spend to date is 12: the 7 not yet counted was reported by the budget export of vertex-ai.
      cost(T0 + 2 * H, { total: 12, service: "vertex-ai" }),
      cost(T0 + 3 * H, { amount: 3, service: "cloud-run" }),
      // A total that names no service (a budget notification): its 15 beyond the 15 counted is unattributed.
      cost(T0 + 4 * H, { total: 30 }),
    );
    const { cost: figures } = await h.figures();
    expect(figures.current_spend).toBe(30);
    expect(figures.by_service).toEqual([
      { service: UNATTRIBUTED, spend: 15 },
      { service: "cloud-run", spend: 8 },
      { service: "vertex-ai", spend: 7 },
    ]);
  });

  it("takes a back-filled amount out of the next total's share, so the services still add up to the spend", async () => {
    const h = await pinnedHackathon();
    await h.send(cost(T0 + H, { amount: 5, service: "cloud-run" }), cost(T0 + 3 * H, { total: 12, service: "vertex-ai" }));
    // Delivered late, stamped before the total: the total already counted it.
    await h.send(cost(T0 + 2 * H, { amount: 4, service: "gke" }));
    const { cost: figures } = await h.figures();
    expect(figures.current_spend).toBe(12);
    expect(figures.by_service).toEqual([
      { service: "cloud-run", spend: 5 },
      { service: "gke", spend: 4 },
      { service: "vertex-ai", spend: 3 },
    ]);
  });

  it("matches the spend attributed in event-time order, whatever order the events arrive in", async () => {
    const event = fc.record({
      minute: fc.integer({ min: 0, max: 50 }),
      kind: fc.constantFrom("amount", "total"),
      value: fc.integer({ min: 0, max: 500 }),
      service: fc.constantFrom(undefined, "run", "gke", "bq"),
    });
    const { id } = await pinnedHackathon();
    let run = 0;
    await runInDurableObject(roomOf(id), (_, state) => {
      const sql = state.storage.sql;
      fc.assert(
        fc.property(fc.array(event, { minLength: 1, maxLength: 25 }), (events) => {
          run += 1;
          sql.exec("DELETE FROM cost_ledger");
          sql.exec("DELETE FROM cost_by_service");
          const stored = events.map((e, i) => ({ ...e, id: `r${run}-${String(i).padStart(2, "0")}`, ts: T0 + e.minute * M }));
          for (const e of stored) {
            const figure = e.kind === "total" ? { total: e.value } : { amount: e.value };
            const body: CostEvent = { id: e.id, type: "cost", ts: at(e.ts), ...figure, service: e.service };
            attributeSpend(sql, e.id, e.ts, e.service, applyCostEvent(sql, e.id, e.ts, body, true));
          }
          // The reference: walk the events in ledger order, each adding its rise to its service.
          const expected = new Map<string, number>();
          let cum = 0;
          for (const e of [...stored].sort((a, b) => a.ts - b.ts || (a.id < b.id ? -1 : 1))) {
            const next = e.kind === "total" ? e.value : cum + e.value;
            const name = e.service ?? UNATTRIBUTED;
            expected.set(name, (expected.get(name) ?? 0) + next - cum);
            cum = next;
          }
          // No "(unattributed)" row is listed while it nets to zero (a back-filled amount takes a total's rise back).
          if (expected.get(UNATTRIBUTED) === 0) expected.delete(UNATTRIBUTED);
          const read = readSpendByService(sql);
          expect(Object.fromEntries(read.map((r) => [r.service, r.spend]))).toEqual(Object.fromEntries(expected));
          expect(read.reduce((sum, r) => sum + r.spend, 0)).toBe(currentSpend(sql));
          expect(read.map((r) => r.spend)).toEqual([...read.map((r) => r.spend)].sort((a, b) => b - a));
        }),
        { numRuns: 80 },
      );
    });
  });

  it("lists at most the services a hackathon may name: a new one past the cap is refused and changes nothing", async () => {
    const h = await pinnedHackathon();
    const services = Array.from({ length: MAX_DISTINCT_NAMES }, (_, i) => `svc-${String(i).padStart(3, "0")}`);
    const filled = await h.send(...services.map((service, i) => cost(T0 + i * M, { amount: 1 + i / 100, service })));
    expect(filled.status).toBe(200);

    // A token call a minute ago, named for `service`.
    const tokenCall = (service: string) => ({
      id: eventId("k"),
      type: "token" as const,
      ts: at(NOW - M),
      model: "gpt-4o",
      input_tokens: 10,
      output_tokens: 5,
      service,
    });
    const refused = await h.send(cost(NOW - M, { amount: 50, service: "one-too-many" }), tokenCall("also-new"));
    expect(refused.status).toBe(400);
    expect(ErrorBodySchema.parse(await refused.json()).error.code).toBe("limit_exceeded");

    const accepted = await h.send(tokenCall("svc-007"));
    expect(accepted.status).toBe(200);
    const { cost: spend, tokens } = await h.figures();
    expect(spend.by_service).toHaveLength(MAX_DISTINCT_NAMES);
    expect(spend.by_service[0]).toEqual({ service: "svc-199", spend: 2.99 });
    expect(spend.by_service.map((s) => s.service)).not.toContain("one-too-many");
    expect(tokens.by_service.map((s) => s.service)).toEqual(["svc-007"]);
  });
});
