import { historyWindow } from "$lib/charts/time-range";
import { describe, expect, it } from "vitest";
import type { LiveMessage, MetricValue } from "$contract";
import { createApiClient } from "$lib/api/client";
import { toChartTime } from "$lib/charts/chart-time";
import { chartedMetricNames, MetricSeries } from "$lib/dashboard/metric-series.svelte";
import { makeDashboardState } from "../fixtures/dashboard-state";

const metric = (name: string, value: number, ts: string, unit: string | null = "ms"): MetricValue => ({ name, value, unit, ts });
const latency = metric("latency_ms", 120, "2026-11-28T09:59:50Z");
const state = makeDashboardState({ metrics: { latency_ms: latency } });
const delta = (seq: number, data: Record<string, MetricValue>): LiveMessage => ({ type: "metric", seq, ts: "2026-11-28T10:00:40Z", data });

/** A fetch answering each history request with one point per series, and recording what was asked. */
function historyFetch(requested: string[], fail: string[] = [], queries: URLSearchParams[] = []): typeof fetch {
  return async (input) => {
    const query = new URL(String(input), "http://localhost").searchParams;
    queries.push(query);
    const name = query.get("series") ?? "";
    requested.push(name);
    if (fail.includes(name)) return new Response("{}", { status: 500 });
    return new Response(JSON.stringify({ series: name, step_s: 60, points: [["2026-11-28T09:58:00Z", 100]] }));
  };
}

describe("chartedMetricNames", () => {
  it("sorts the metrics by name and keeps at most the cap", () => {
    const metrics = Object.fromEntries(["z", "b", "a", "c"].map((name) => [name, metric(name, 1, latency.ts)]));
    expect(chartedMetricNames(metrics)).toEqual(["a", "b", "c", "z"]);
    expect(chartedMetricNames(metrics, 2)).toEqual(["a", "b"]);
    expect(chartedMetricNames({})).toEqual([]);
  });
});

describe("MetricSeries", () => {
  it("charts each metric's value at its own time, once, though every delta repeats the whole map", () => {
    const series = new MetricSeries();
    series.addLive({ type: "snapshot", seq: 1, state }, state);
    const errors = metric("error_rate", 0.02, "2026-11-28T10:00:30Z", null);
    series.addLive(delta(2, { latency_ms: latency, error_rate: errors }), state);
    series.addLive(delta(3, { latency_ms: metric("latency_ms", 5000, "2026-11-28T10:00:35Z"), error_rate: errors }), state);
    series.addLive({ type: "cost", seq: 4, ts: "2026-11-28T10:00:36Z", data: state.cost_metrics }, state);

    expect(series.columns("latency_ms")).toEqual({
      x: [toChartTime("2026-11-28T09:59:50Z"), toChartTime("2026-11-28T10:00:35Z")],
      y: [120, 5000],
    });
    expect(series.columns("error_rate").y).toEqual([0.02]);
    expect(series.columns("unknown")).toEqual({ x: [], y: [] });
  });

  it("loads the history of the given metrics and draws newer live values after it", async () => {
    const requested: string[] = [];
    const series = new MetricSeries();
    series.addLive({ type: "snapshot", seq: 1, state }, state);
    expect(series.unrequested(["latency_ms", "error_rate"])).toEqual(["latency_ms", "error_rate"]);

    await series.loadHistory(
      createApiClient({ token: "t", fetch: historyFetch(requested) }),
      "spring-jam",
      historyWindow("all", state.starts_at),
      ["latency_ms"],
    );

    expect(requested).toEqual(["metric.latency_ms"]);
    expect(series.historyError).toBeNull();
    expect(series.columns("latency_ms").y).toEqual([100, 120]);
    expect(series.unrequested(["latency_ms", "error_rate"])).toEqual(["error_rate"]);
  });

  it("keeps the history that loaded and reports the metric whose history failed", async () => {
    const requested: string[] = [];
    const series = new MetricSeries();
    const api = createApiClient({ token: "t", fetch: historyFetch(requested, ["metric.error_rate"]) });
    await series.loadHistory(api, "spring-jam", historyWindow("all", state.starts_at), ["latency_ms", "error_rate"]);
    expect(series.historyError).toMatch(/500/);
    expect(series.columns("latency_ms").y).toEqual([100]);
    expect(series.columns("error_rate").y).toEqual([]);
  });

  it("asks for the chosen time range's window", async () => {
    const queries: URLSearchParams[] = [];
    const window = historyWindow("1h", state.starts_at);
    await new MetricSeries().loadHistory(createApiClient({ token: "t", fetch: historyFetch([], [], queries) }), "spring-jam", window, [
      "latency_ms",
    ]);
    expect(queries.map((q) => [q.get("from"), q.get("to"), q.get("step")])).toEqual([[window.from, window.to, String(window.step)]]);
  });

  it("asks for nothing when there are no metrics", async () => {
    const requested: string[] = [];
    const series = new MetricSeries();
    await series.loadHistory(
      createApiClient({ token: "t", fetch: historyFetch(requested) }),
      "spring-jam",
      historyWindow("all", state.starts_at),
      [],
    );
    expect(requested).toEqual([]);
  });

  it("draws a metric's missing minutes as a gap and leaves out the minute still filling when read", async () => {
    const points = [
      ["2026-11-28T09:40:00Z", 100],
      ["2026-11-28T09:41:00Z", 110],
      ["2026-11-28T09:55:00Z", 120],
      ["2026-11-28T09:56:00Z", 5],
    ];
    const fetchHistory: typeof fetch = async () => new Response(JSON.stringify({ series: "metric.latency_ms", step_s: 60, points }));
    const series = new MetricSeries();
    const window = { from: "2026-11-28T09:00:00Z", to: "2026-11-28T09:56:30Z", step: 60 };
    await series.loadHistory(createApiClient({ token: "t", fetch: fetchHistory }), "spring-jam", window, ["latency_ms"]);
    expect(series.columns("latency_ms").y).toEqual([100, 110, null, 120]);
  });
});
