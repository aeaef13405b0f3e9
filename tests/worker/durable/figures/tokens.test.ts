import { describe, expect, it } from "vitest";
import { TokenMetricsSchema } from "../../../../worker/src/contract";
import { UNATTRIBUTED } from "../../../../worker/src/durable/figures/service-label";
import { priceUsd } from "../../../../worker/src/integrations/model-prices";
import { apiJson } from "../../../helpers/api";
import { createHackathon } from "../../../helpers/hackathons";
import { chatSpan, sendTraces, tracesRequest } from "../../../helpers/otlp";
import { pinClock } from "../../../helpers/rooms";
import { eventId, postEvents } from "../../../helpers/webhooks";

const M = 60_000;
const H = 60 * M;
const NOW = Date.parse("2026-11-28T10:00:00Z");
const at = (ms: number) => new Date(ms).toISOString();
/** A model no price table knows: a team's own fine-tune. */
const UNKNOWN_MODEL = "team-own-model-7b";

const call = (ts: number, model: string, input: number, output: number, extra: object = {}) => ({
  id: eventId("k"),
  type: "token",
  ts: at(ts),
  model,
  input_tokens: input,
  output_tokens: output,
  ...extra,
});

async function tokenFigures(id: string, token: string) {
  const { status, body } = await apiJson<{ token_metrics: unknown }>(`/api/hackathons/${id}/dashboard`, { token });
  expect(status).toBe(200);
  return TokenMetricsSchema.parse(body.token_metrics);
}

async function pinnedHackathon() {
  const h = await createHackathon({ starts_at: at(NOW - 24 * H), ends_at: at(NOW + 24 * H) });
  await pinClock(h.hackathon.id, NOW);
  return h;
}

describe("token figures by service and their pricing", () => {
  it("sums tokens and USD cost per sending service over the last hour, unpriced where nothing could be priced", async () => {
    const h = await pinnedHackathon();
    const response = await postEvents(h.hackathon.id, h.webhook_secret, {
      events: [
        call(NOW - 10 * M, "gpt-4o", 1000, 200, { service: "chat-api" }),
        call(NOW - 5 * M, UNKNOWN_MODEL, 3000, 0, { service: "chat-api" }),
        call(NOW - 20 * M, UNKNOWN_MODEL, 500, 500, { service: "batch" }),
        call(NOW - 30 * M, "gpt-4o", 100, 100, { cost: 0.01 }),
        // Two hours ago: in the totals, not in the hour.
        call(NOW - 2 * H, "gpt-4o", 100, 0, { cost: 1, service: "batch" }),
      ],
    });
    expect(response.status).toBe(200);
    const figures = await tokenFigures(h.hackathon.id, h.viewer_token);
    const tablePrice = priceUsd({ model: "gpt-4o", inputTokens: 1000, outputTokens: 200, at: new Date(NOW - 10 * M) });
    expect(tablePrice).toBeGreaterThan(0);

    expect(figures.by_service).toEqual([
      { service: "chat-api", tokens: 4200, cost: expect.closeTo(tablePrice!, 12) },
      { service: "batch", tokens: 1000, cost: null },
      { service: UNATTRIBUTED, tokens: 200, cost: expect.closeTo(0.01, 12) },
    ]);
    expect(figures.by_model.map((m) => [m.model, m.last_hour, m.cost_last_hour])).toEqual([
      [UNKNOWN_MODEL, 4000, null],
      ["gpt-4o", 1400, expect.closeTo(tablePrice! + 0.01, 12)],
    ]);
    // Priced: the gpt-4o calls (1,200 + 200 + 100 tokens) of 5,500; cost per token over those only.
    expect(figures.total_consumed).toBe(5500);
    expect(figures.priced_share).toBeCloseTo(1500 / 5500, 12);
    expect(figures.cost_per_token).toBeCloseTo((tablePrice! + 0.01 + 1) / 1500, 15);
  });

  it("reads unpriced, not $0, when no call could be priced", async () => {
    const h = await pinnedHackathon();
    await postEvents(h.hackathon.id, h.webhook_secret, { events: [call(NOW - 30_000, UNKNOWN_MODEL, 800, 200, { service: "agent" })] });
    const figures = await tokenFigures(h.hackathon.id, h.viewer_token);
    expect(figures).toMatchObject({ total_consumed: 1000, cost_per_token: null, priced_share: 0 });
    expect(figures.by_model).toEqual([{ model: UNKNOWN_MODEL, current_rate: 1000, last_hour: 1000, cost_last_hour: null }]);
    expect(figures.by_service).toEqual([{ service: "agent", tokens: 1000, cost: null }]);
  });

  it("has nothing to price before any token arrives", async () => {
    const h = await pinnedHackathon();
    expect(await tokenFigures(h.hackathon.id, h.viewer_token)).toMatchObject({
      cost_per_token: null,
      priced_share: 0,
      by_model: [],
      by_service: [],
    });
  });

  it("names OTLP senders by their resource's service.name, and the SDK default as unattributed", async () => {
    const h = await createHackathon();
    const named = tracesRequest([chatSpan("gpt-4o", 1000, 200), chatSpan(UNKNOWN_MODEL, 50, 50)], { "service.name": "support-bot" });
    const unnamed = tracesRequest([chatSpan("gpt-4o", 300, 0)], { "service.name": "unknown_service:node" });
    for (const request of [named, unnamed]) expect((await sendTraces(h.hackathon.id, request, { token: h.ingest_token })).status).toBe(200);
    const figures = await tokenFigures(h.hackathon.id, h.viewer_token);
    expect(figures.by_service.map((s) => [s.service, s.tokens])).toEqual([
      ["support-bot", 1300],
      [UNATTRIBUTED, 300],
    ]);
    expect(figures.by_service.every((s) => s.cost !== null && s.cost > 0)).toBe(true);
    expect(figures.priced_share).toBeCloseTo(1500 / 1600, 12);
  });
});
