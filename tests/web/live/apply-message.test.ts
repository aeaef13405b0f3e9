import { describe, expect, it } from "vitest";
import type { LiveMessage } from "$contract";
import { applyLiveMessage, parseLiveMessage, type LiveState } from "$lib/live/apply-message";
import { makeAlert, makeAnomalyMark, makeDashboardState, makeIncident, makeOutlook } from "../fixtures/dashboard-state";

const base = makeDashboardState();
const seeded: LiveState = { state: base, lastSeq: 5 };

function delta(message: object): LiveMessage {
  const parsed = parseLiveMessage(JSON.stringify(message));
  if (!parsed) throw new Error(`fixture is not a valid live message: ${JSON.stringify(message)}`);
  return parsed;
}

describe("parseLiveMessage", () => {
  it("accepts a snapshot that matches the contract", () => {
    const message = parseLiveMessage(JSON.stringify({ type: "snapshot", seq: 1, state: base }));
    expect(message?.type).toBe("snapshot");
  });

  it("rejects frames that are not JSON, not strings, or not contract messages", () => {
    expect(parseLiveMessage("not json")).toBeNull();
    expect(parseLiveMessage(new ArrayBuffer(4))).toBeNull();
    expect(
      parseLiveMessage(JSON.stringify({ type: "cost", seq: 6, ts: "2026-11-28T10:01:00Z", data: { current_spend: "lots" } })),
    ).toBeNull();
    expect(parseLiveMessage(JSON.stringify({ type: "gossip", seq: 6, ts: "2026-11-28T10:01:00Z", data: {} }))).toBeNull();
    expect(parseLiveMessage(JSON.stringify({ type: "snapshot", seq: -1, state: base }))).toBeNull();
  });
});

describe("applyLiveMessage", () => {
  it("replaces everything with a snapshot and remembers its seq", () => {
    const state = makeDashboardState({ name: "Renamed" });
    const next = applyLiveMessage(seeded, delta({ type: "snapshot", seq: 2, state }));
    expect(next).toEqual({ state, lastSeq: 2 });
  });

  it("replaces cost_metrics with a cost delta and advances last_updated", () => {
    const data = { ...base.cost_metrics, current_spend: 150, budget_remaining: 850, last_updated: "2026-11-28T10:01:00Z" };
    const next = applyLiveMessage(seeded, delta({ type: "cost", seq: 6, ts: "2026-11-28T10:01:00Z", data }));
    expect(next.state?.cost_metrics).toEqual(data);
    expect(next.state?.last_updated).toBe("2026-11-28T10:01:00Z");
    expect(next.state?.task_metrics).toEqual(base.task_metrics);
    expect(next.lastSeq).toBe(6);
  });

  it("replaces task_metrics with a tasks delta", () => {
    const data = { ...base.task_metrics, completed_tasks: 4, percent_complete: 40 };
    const next = applyLiveMessage(seeded, delta({ type: "tasks", seq: 6, ts: "2026-11-28T10:01:00Z", data }));
    expect(next.state?.task_metrics.percent_complete).toBe(40);
    expect(next.state?.cost_metrics).toEqual(base.cost_metrics);
  });

  it("replaces token_metrics with a tokens delta", () => {
    const data = { ...base.token_metrics, current_rate: 9000, flood_detected: true };
    const next = applyLiveMessage(seeded, delta({ type: "tokens", seq: 7, ts: "2026-11-28T10:01:00Z", data }));
    expect(next.state?.token_metrics).toEqual(data);
  });

  it("merges a metric delta into the metrics record", () => {
    const start: LiveState = {
      state: makeDashboardState({
        metrics: { "latency.p95": { name: "latency.p95", value: 120, unit: "ms", ts: "2026-11-28T10:00:00Z" } },
      }),
      lastSeq: 5,
    };
    const data = { "queue.depth": { name: "queue.depth", value: 4, unit: null, ts: "2026-11-28T10:01:00Z" } };
    const next = applyLiveMessage(start, delta({ type: "metric", seq: 6, ts: "2026-11-28T10:01:00Z", data }));
    expect(Object.keys(next.state?.metrics ?? {}).sort()).toEqual(["latency.p95", "queue.depth"]);
  });

  it("adds a new alert, updates it in place, and drops it once resolved", () => {
    const ts = "2026-11-28T10:05:00Z";
    const opened = applyLiveMessage(seeded, delta({ type: "alert", seq: 6, ts, data: makeAlert() }));
    expect(opened.state?.alerts.map((a) => a.severity)).toEqual(["warning"]);
    const escalated = applyLiveMessage(opened, delta({ type: "alert", seq: 7, ts, data: makeAlert({ severity: "critical" }) }));
    expect(escalated.state?.alerts.map((a) => a.severity)).toEqual(["critical"]);
    const resolved = applyLiveMessage(
      escalated,
      delta({ type: "alert", seq: 8, ts, data: makeAlert({ resolved: true, resolution_time: ts }) }),
    );
    expect(resolved.state?.alerts).toEqual([]);
  });

  it("puts a newer alert first and keeps an acknowledged one in the open list", () => {
    const first = applyLiveMessage(seeded, delta({ type: "alert", seq: 6, ts: "2026-11-28T10:05:00Z", data: makeAlert({ id: "a" }) }));
    const flood = makeAlert({ id: "b", type: "token_flood", series: "tokens.rate", timestamp: "2026-11-28T10:06:00Z" });
    const second = applyLiveMessage(first, delta({ type: "alert", seq: 7, ts: "2026-11-28T10:06:00Z", data: flood }));
    expect(second.state?.alerts.map((a) => a.id)).toEqual(["b", "a"]);
    const acknowledged = makeAlert({ id: "a", status: "acknowledged", acknowledged_at: "2026-11-28T10:07:00Z" });
    const third = applyLiveMessage(second, delta({ type: "alert", seq: 8, ts: "2026-11-28T10:07:00Z", data: acknowledged }));
    expect(third.state?.alerts.map((a) => [a.id, a.status])).toEqual([
      ["b", "open"],
      ["a", "acknowledged"],
    ]);
  });

  it("adds an incident delta to the incidents and replaces it when it changes", () => {
    const ts = "2026-11-28T10:08:00Z";
    const opened = applyLiveMessage(seeded, delta({ type: "incident", seq: 6, ts, data: makeIncident() }));
    expect(opened.state?.incidents.map((i) => i.root_cause)).toEqual(["Token flood on gpt-large driving a cost spike"]);
    expect(opened.state?.last_updated).toBe(ts);
    const resolved = makeIncident({ status: "resolved", resolved_at: "2026-11-28T10:20:00Z" });
    const later = applyLiveMessage(opened, delta({ type: "incident", seq: 7, ts: "2026-11-28T10:20:00Z", data: resolved }));
    expect(later.state?.incidents).toEqual([resolved]);
    expect(later.state?.alerts).toEqual(base.alerts);
  });

  it("appends an anomaly delta to the marks, once per series and time", () => {
    const mark = makeAnomalyMark();
    const once = applyLiveMessage(seeded, delta({ type: "anomaly", seq: 6, ts: "2026-11-28T10:06:00Z", data: mark }));
    const twice = applyLiveMessage(once, delta({ type: "anomaly", seq: 7, ts: "2026-11-28T10:06:01Z", data: { ...mark, score: 0.97 } }));
    expect(once.state?.anomalies).toEqual([mark]);
    expect(twice.state?.anomalies).toEqual([{ ...mark, score: 0.97 }]);
    expect(twice.lastSeq).toBe(7);
  });

  it("replaces hysteresis_health and marks the state stale while a source is degraded", () => {
    const degraded = { ...base.hysteresis_health.cost, mode: "degraded", consecutive_failures: 3 };
    const health = { ...base.hysteresis_health, cost: degraded };
    const next = applyLiveMessage(seeded, delta({ type: "health", seq: 6, ts: "2026-11-28T10:01:00Z", data: health }));
    expect(next.state?.hysteresis_health.cost?.mode).toBe("degraded");
    expect(next.state?.hysteresis_health.tasks?.mode).toBe("event");
    expect(next.state?.stale).toBe(true);
    const recovered = { ...degraded, mode: "polling", consecutive_failures: 0 };
    const later = applyLiveMessage(
      next,
      delta({ type: "health", seq: 7, ts: "2026-11-28T10:02:00Z", data: { ...health, cost: recovered } }),
    );
    expect(later.state?.stale).toBe(false);
  });

  it("replaces the outlook with an outlook delta", () => {
    const data = makeOutlook({ hours_left: 21, verdict: "over_budget_and_late", finishes_before_end: false });
    const next = applyLiveMessage(seeded, delta({ type: "outlook", seq: 6, ts: "2026-11-28T11:00:00Z", data }));
    expect(next.state?.outlook).toEqual(data);
    expect(next.state?.last_updated).toBe("2026-11-28T11:00:00Z");
    expect(next.state?.cost_metrics).toEqual(base.cost_metrics);
  });

  it("ignores a delta whose seq was already applied", () => {
    const data = { ...base.cost_metrics, current_spend: 999 };
    const replay = delta({ type: "cost", seq: 5, ts: "2026-11-28T10:01:00Z", data });
    expect(applyLiveMessage(seeded, replay)).toBe(seeded);
  });

  it("ignores deltas until there is a state to apply them to", () => {
    const empty: LiveState = { state: null, lastSeq: null };
    const message = delta({ type: "cost", seq: 1, ts: "2026-11-28T10:01:00Z", data: base.cost_metrics });
    expect(applyLiveMessage(empty, message)).toBe(empty);
  });
});
