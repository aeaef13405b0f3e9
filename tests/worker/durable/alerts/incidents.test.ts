import { describe, expect, it } from "vitest";
import { alertingHackathon, cost, M, metric, steadyCosts, tokens } from "../../../helpers/alerts";
import { apiJson } from "../../../helpers/api";
import { runAlarmAt } from "../../../helpers/rooms";

const NOW = Date.parse("2026-11-28T12:00:00Z");

/** Twenty quiet minutes of token calls (about 1,000 tokens a minute) on an everyday model. */
const quietTokens = () =>
  Array.from({ length: 20 }, (_, i) => tokens(NOW - (20 - i) * M, { model: "gpt-4.1-mini", input_tokens: 700, output_tokens: 300 }));

/** A flood on one model: 20,000 tokens every 10 s over the last half minute. */
const flood = () =>
  [25_000, 15_000, 5_000].map((ago) => tokens(NOW - ago, { model: "claude-sonnet-4", input_tokens: 15_000, output_tokens: 5_000 }));

describe("token floods and incidents", () => {
  it("flags a sustained flood, alerts once with the model to cap, and explains the cost spike by it", async () => {
    const h = await alertingHackathon(NOW);
    await h.send(...steadyCosts(NOW - 2 * M, 30), ...quietTokens());
    expect((await h.dashboard()).token_metrics.flood_detected).toBe(false);

    await h.send(...flood());
    const state = await h.dashboard();
    expect(state.token_metrics.flood_detected).toBe(true);
    const floodAlert = state.alerts.find((a) => a.type === "token_flood");
    expect(floodAlert).toMatchObject({ series: "tokens.rate", severity: "critical" });
    expect(floodAlert!.recommended_actions[0]).toBe("Cap model claude-sonnet-4: set a per-minute token limit for it");
    expect(floodAlert!.description).toContain("claude-sonnet-4");

    await h.send(cost(NOW, { amount: 450, service: "vertex-ai" }));
    const { alerts, incidents } = await h.dashboard();
    const spike = alerts.find((a) => a.type === "anomaly" && a.series === "cost.spend");
    expect(spike?.incident_id).toBe(floodAlert!.incident_id);
    expect(incidents).toHaveLength(1);
    const [incident] = incidents;
    expect(incident).toMatchObject({ status: "open", root_series: "tokens.rate", series: ["tokens.rate", "cost.spend"] });
    expect(incident!.root_cause).toBe("A token flood on claude-sonnet-4 is driving the cost spike in vertex-ai");
    expect(incident!.confidence).toBeGreaterThan(0.9);

    const rca = await apiJson<{ entries: Array<{ kind: string; summary: string }> }>(`/api/hackathons/${h.id}/rca`, { token: h.token });
    const logged = rca.body.entries.filter((e) => e.kind === "incident").map((e) => e.summary);
    expect(logged[0]).toContain("A token flood on claude-sonnet-4 is driving the cost spike");
  });

  it("keeps anomalies more than five minutes apart in separate incidents", async () => {
    const h = await alertingHackathon(NOW);
    const latencies = Array.from({ length: 30 }, (_, i) => metric(NOW - (40 - i) * M, "latency_ms", 120 + ((i * 13) % 20)));
    await h.send(...latencies, metric(NOW - 9 * M, "latency_ms", 2400));
    await h.send(...steadyCosts(NOW, 30), cost(NOW, { amount: 450 }));
    const { incidents } = await h.dashboard();
    expect(incidents.map((i) => i.series)).toEqual([["cost.spend"], ["metric.latency_ms"]]);
    expect(incidents[1]!.root_cause).toContain("latency_ms");
    expect(incidents[1]!.confidence).toBe(0.5);
  });

  it("scores the token rate minute by minute on an alarm, into the anomaly.tokens.rate history", async () => {
    const h = await alertingHackathon(NOW);
    await h.send(...quietTokens());
    await runAlarmAt(h.id, NOW + 2 * M);
    // The history flush is due HISTORY_FLUSH_MS (10 minutes in tests) after the scores were written.
    await runAlarmAt(h.id, NOW + 13 * M);
    const history = await apiJson<{ points: Array<[string, number]> }>(
      `/api/hackathons/${h.id}/history?series=anomaly.tokens.rate&from=${new Date(NOW - 30 * M).toISOString()}&to=${new Date(NOW).toISOString()}&step=60`,
      { token: h.token },
    );
    expect(history.body.points).toHaveLength(20);
    expect(Math.max(...history.body.points.map(([, score]) => score))).toBeLessThan(0.8);
    expect((await h.dashboard()).anomalies).toEqual([]);
  });
});
