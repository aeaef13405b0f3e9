import { describe, expect, it } from "vitest";
import type { LiveMessage } from "$contract";
import { createApiClient } from "$lib/api/client";
import { toChartTime } from "$lib/charts/chart-time";
import { DashboardSeries } from "$lib/dashboard/dashboard-series.svelte";
import { makeDashboardState } from "../fixtures/dashboard-state";

const state = makeDashboardState();

describe("DashboardSeries", () => {
  it("charts each delta's new figure at the delta's time", () => {
    const series = new DashboardSeries();
    series.addLive({ type: "snapshot", seq: 1, state }, state);
    const cost: LiveMessage = {
      type: "cost",
      seq: 2,
      ts: "2026-11-28T10:00:30Z",
      data: { ...state.cost_metrics, current_spend: 130 },
    };
    series.addLive(cost, state);
    expect(series.columns("cost.spend")).toEqual({
      x: [toChartTime(state.last_updated), toChartTime("2026-11-28T10:00:30Z")],
      y: [120, 130],
    });
    expect(series.columns("tokens.rate").y).toEqual([1500]);
    expect(series.columns("tasks.percent_complete").y).toEqual([30]);
  });

  it("loads the stored history of every charted series and keeps newer live points after it", async () => {
    const requested: string[] = [];
    const fetchHistory: typeof fetch = async (input) => {
      const url = new URL(String(input), "http://localhost");
      const name = url.searchParams.get("series") ?? "";
      requested.push(name);
      const points = [["2026-11-28T09:59:00Z", name === "cost.spend" ? 100 : 1]];
      return new Response(JSON.stringify({ series: name, step_s: 60, points }));
    };
    const series = new DashboardSeries();
    series.addLive({ type: "snapshot", seq: 1, state }, state);
    await series.loadHistory(createApiClient({ token: "t", fetch: fetchHistory }), "spring-jam", state.starts_at);
    expect(requested.sort()).toEqual(["cost.spend", "tasks.percent_complete", "tokens.rate"]);
    expect(series.historyError).toBeNull();
    expect(series.columns("cost.spend").y).toEqual([100, 120]);
  });

  it("keeps the live points and reports the problem when history cannot be loaded", async () => {
    const failing: typeof fetch = async () => new Response("{}", { status: 500 });
    const series = new DashboardSeries();
    series.addLive({ type: "snapshot", seq: 1, state }, state);
    await series.loadHistory(createApiClient({ token: "t", fetch: failing }), "spring-jam", state.starts_at);
    expect(series.historyError).toMatch(/500/);
    expect(series.columns("cost.spend").y).toEqual([120]);
  });
});
