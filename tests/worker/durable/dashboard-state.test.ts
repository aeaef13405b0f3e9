import { describe, expect, it } from "vitest";
import { DashboardStateSchema, type DashboardState } from "../../../worker/src/contract";
import { apiJson } from "../../helpers/api";
import { readDashboard } from "../../helpers/dashboard";
import { createHackathon } from "../../helpers/hackathons";
import { pinClock } from "../../helpers/rooms";
import { eventId, postEvents } from "../../helpers/webhooks";

const H = 3_600_000;
const M = 60_000;
const T0 = Date.parse("2026-11-28T00:00:00Z");
const NOW = T0 + 10 * H;
const at = (ms: number) => new Date(ms).toISOString();

async function scriptedHackathon() {
  const h = await createHackathon({ budget: { amount: 1000 }, starts_at: at(T0), ends_at: at(T0 + 24 * H) });
  await pinClock(h.hackathon.id, NOW);
  const send = async (...events: object[]) => {
    const response = await postEvents(h.hackathon.id, h.webhook_secret, { events });
    expect(response.status).toBe(200);
  };
  const dashboard = async (): Promise<DashboardState> => {
    const { body } = await apiJson(`/api/hackathons/${h.hackathon.id}/dashboard`, { token: h.viewer_token });
    return DashboardStateSchema.parse(body);
  };
  return { send, dashboard };
}

const cost = (ts: number, fields: object) => ({ id: eventId("c"), type: "cost", ts: at(ts), ...fields });
const task = (ts: number, fields: object) => ({ id: eventId("t"), type: "task", ts: at(ts), task: { title: "task", ...fields } });
const tokens = (ts: number, fields: object) => ({ id: eventId("k"), type: "token", ts: at(ts), ...fields });

describe("cost figures", () => {
  it("computes spend, remaining budget, burn rate and projection, in event-time order", async () => {
    const { send, dashboard } = await scriptedHackathon();
    await send(cost(T0 + 1 * H, { total: 100 }), cost(T0 + 9.5 * H, { amount: 20 }), cost(T0 + 9.75 * H, { amount: 10 }));
    // Spend 130. The burn rate (docs/API.md) ends at the last report (the end of its minute,
    // T0+9h45m59.999s) and spans at least the last three reports: from T0+1h (100), 30 over 8.75 h.
    // The projection runs from the last report: 14.25 h less its minute to the end.
    const lastReport = T0 + 9.75 * H + M - 1;
    const toEnd = (from: number) => (T0 + 24 * H - from) / H;
    let cost_metrics = (await dashboard()).cost_metrics;
    expect(cost_metrics).toMatchObject({ current_spend: 130, budget_remaining: 870 });
    expect(cost_metrics.burn_rate).toBeCloseTo(30 / 8.75, 9);
    expect(cost_metrics.projected_cost).toBeCloseTo(130 + (30 / 8.75) * toEnd(lastReport), 9);

    // A late delta from T0+2h lands after the total and before the recent deltas: the third report
    // back is now T0+2h (105), so 30 over 7.75 h.
    await send(cost(T0 + 2 * H, { amount: 5 }));
    cost_metrics = (await dashboard()).cost_metrics;
    expect(cost_metrics.current_spend).toBe(135);
    expect(cost_metrics.burn_rate).toBeCloseTo(30 / 7.75, 9);

    // A cumulative total replaces the running figure from its time on: 130 at T0+9h48m. The
    // last hour now holds three reports; it starts inside the interval from T0+2h (105) to T0+9.5h
    // (125), which accrued evenly: 105 + 20 × 6.8/7.5 then, so up 130 − 123.13 in the hour.
    await send(cost(T0 + 9.8 * H, { total: 130 }));
    cost_metrics = (await dashboard()).cost_metrics;
    const rate = 130 - (105 + (20 * 6.8) / 7.5);
    expect(cost_metrics).toMatchObject({ current_spend: 130, budget_remaining: 870 });
    expect(cost_metrics.burn_rate).toBeCloseTo(rate, 9);
    expect(cost_metrics.projected_cost).toBeCloseTo(130 + rate * toEnd(T0 + 9.8 * H + M - 1), 9);
    expect(cost_metrics.last_updated).toBe(at(NOW));
  });

  it("projects nothing beyond the spend when the hackathon has no end", async () => {
    const h = await createHackathon({ starts_at: at(T0), ends_at: null });
    await pinClock(h.hackathon.id, NOW);
    await postEvents(h.hackathon.id, h.webhook_secret, cost(NOW - 30 * M, { amount: 8 }));
    const body = await readDashboard(h.hackathon.id, h.viewer_token);
    expect(body.cost_metrics).toMatchObject({ current_spend: 8, projected_cost: 8 });
    // The first report's spend accrued since the start: 8 over the 9.5 h (and its minute) to it.
    expect(body.cost_metrics.burn_rate).toBeCloseTo(8 / ((9.5 * H + M - 1) / H), 9);
  });
});

describe("task figures", () => {
  it("weights completion, measures velocity over the window and projects the finish", async () => {
    const { send, dashboard } = await scriptedHackathon();
    await send(
      task(T0 + 2 * H, { id: "t1", status: "done", weight: 3 }),
      task(T0 + 8 * H, { id: "t2", status: "done" }),
      task(T0 + 3 * H, { id: "t3", status: "in_progress", weight: 2 }),
      task(T0 + 3 * H, { id: "t4", status: "blocked", weight: 4, depends_on: ["t3"] }),
      task(T0 + 3 * H, { id: "t5", status: "todo" }),
    );
    // An older update of t2 arrives late and must not undo its completion.
    await send(task(T0 + 7 * H, { id: "t2", status: "in_progress" }));
    const { task_metrics } = await dashboard();
    // 4 of 11 weight done; 4 weight in the 10 h since the start = 9.6/day; 7 left = 17.5 h.
    expect(task_metrics).toMatchObject({ completed_tasks: 2, total_tasks: 5, blocked_tasks: 1 });
    expect(task_metrics.percent_complete).toBeCloseTo((4 / 11) * 100, 9);
    expect(task_metrics.velocity).toBeCloseTo(9.6, 9);
    expect(task_metrics.estimated_completion).toBe(at(NOW + 17.5 * H));
  });

  it("has no estimate while nothing has been completed", async () => {
    const { send, dashboard } = await scriptedHackathon();
    await send(task(T0 + H, { id: "a", status: "todo" }));
    expect((await dashboard()).task_metrics).toMatchObject({ percent_complete: 0, velocity: 0, estimated_completion: null });
  });
});

describe("token figures", () => {
  it("measures the last minute's rate against its baseline, totals, cost per token and efficiency", async () => {
    const { send, dashboard } = await scriptedHackathon();
    await send(
      tokens(NOW - 20 * M, { model: "gpt-x", input_tokens: 2000, output_tokens: 1000, cost: 0.03 }),
      tokens(NOW - 25_000, { model: "gpt-x", input_tokens: 1000, output_tokens: 1000, cost: 0.02 }),
      tokens(NOW - 15_000, { model: "gpt-x", input_tokens: 1500, output_tokens: 500, cost: 0.02 }),
      tokens(NOW - 5_000, { model: "gpt-x", input_tokens: 1500, output_tokens: 500, cost: 0.02 }),
      tokens(NOW - 2 * H, { model: "claude-y", input_tokens: 500, output_tokens: 500 }),
    );
    const { token_metrics } = await dashboard();
    // 6,000 in the last minute, spread over its last half minute, against a 100/min baseline.
    expect(token_metrics).toMatchObject({ current_rate: 6000, total_consumed: 10_000, flood_detected: true });
    expect(token_metrics.cost_per_token).toBeCloseTo(0.09 / 9000, 12);
    expect(token_metrics.efficiency_score).toBeCloseTo(3000 / 9000, 9);
    // The last hour by model: gpt-x's four calls (3,000 + 2,000 + 2,000 + 2,000); claude-y's is 2 h old.
    expect(token_metrics.by_model).toEqual([
      { model: "gpt-x", current_rate: 6000, last_hour: 9000, cost_last_hour: expect.closeTo(0.09, 9) },
    ]);
  });

  it("calls one huge call a burst, not a flood", async () => {
    const { send, dashboard } = await scriptedHackathon();
    await send(
      tokens(NOW - 20 * M, { model: "gpt-x", input_tokens: 2000, output_tokens: 1000 }),
      tokens(NOW - 30_000, { model: "gpt-x", input_tokens: 4000, output_tokens: 2000 }),
    );
    expect((await dashboard()).token_metrics).toMatchObject({ current_rate: 6000, flood_detected: false });
  });

  it("does not call a steady rate a flood", async () => {
    const { send, dashboard } = await scriptedHackathon();
    const steady = Array.from({ length: 30 }, (_, i) =>
      tokens(NOW - (i + 0.5) * M, { model: "gpt-x", input_tokens: 1500, output_tokens: 500 }),
    );
    await send(...steady);
    const { token_metrics } = await dashboard();
    expect(token_metrics.current_rate).toBe(2000);
    expect(token_metrics.flood_detected).toBe(false);
  });
});

describe("metrics and health", () => {
  it("keeps the latest metric by event time and records when each source last spoke", async () => {
    const { send, dashboard } = await scriptedHackathon();
    await send({ id: eventId(), type: "metric", ts: at(NOW - 10_000), name: "latency_ms", value: 100, unit: "ms" });
    await send({ id: eventId(), type: "metric", ts: at(NOW - 20_000), name: "latency_ms", value: 300, unit: "ms" });
    const state = await dashboard();
    expect(state.metrics.latency_ms).toEqual({ name: "latency_ms", value: 100, unit: "ms", ts: at(NOW - 10_000) });
    expect(state.hysteresis_health.performance).toMatchObject({ mode: "event", last_event_at: at(NOW) });
    expect(state.hysteresis_health.cost.last_event_at).toBeNull();
    expect(state.stale).toBe(false);
  });
});
