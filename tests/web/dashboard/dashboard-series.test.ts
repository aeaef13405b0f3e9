import { describe, expect, it } from "vitest";
import type { LiveMessage } from "$contract";
import { createApiClient } from "$lib/api/client";
import { toChartTime } from "$lib/charts/chart-time";
import { DashboardSeries } from "$lib/dashboard/dashboard-series.svelte";
import { makeDashboardState } from "../fixtures/dashboard-state";

const state = makeDashboardState();
const window = { from: state.starts_at, to: "2026-11-28T10:01:00Z", step: 60 };

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
    await series.loadHistory(createApiClient({ token: "t", fetch: fetchHistory }), "spring-jam", window);
    expect(requested.sort()).toEqual(["cost.spend", "tasks.completed", "tasks.percent_complete", "tasks.total", "tokens.rate"]);
    expect(series.historyError).toBeNull();
    expect(series.columns("cost.spend").y).toEqual([100, 120]);
  });

  it("keeps the live points and reports the problem when history cannot be loaded", async () => {
    const failing: typeof fetch = async () => new Response("{}", { status: 500 });
    const series = new DashboardSeries();
    series.addLive({ type: "snapshot", seq: 1, state }, state);
    await series.loadHistory(createApiClient({ token: "t", fetch: failing }), "spring-jam", window);
    expect(series.historyError).toMatch(/500/);
    expect(series.columns("cost.spend").y).toEqual([120]);
  });

  it("asks for the window's bounds and step, and drops an answer for a window it already left", async () => {
    const urls: URL[] = [];
    const answers: ((value: Response) => void)[] = [];
    const slow: typeof fetch = (input) => {
      const url = new URL(String(input), "http://localhost");
      urls.push(url);
      return new Promise((resolve) => answers.push(resolve));
    };
    const reply = (value: number) => (resolve: (value: Response) => void) =>
      resolve(new Response(JSON.stringify({ series: "x", step_s: 60, points: [["2026-11-28T09:59:00Z", value]] })));
    const series = new DashboardSeries();
    const api = createApiClient({ token: "t", fetch: slow });
    const older = series.loadHistory(api, "spring-jam", { from: "2026-11-28T09:00:00Z", to: "2026-11-28T10:00:00Z", step: 60 });
    const newer = series.loadHistory(api, "spring-jam", { from: "2026-11-28T04:00:00Z", to: "2026-11-28T10:00:00Z", step: 120 });
    expect(urls[0]?.searchParams.get("step")).toBe("60");
    expect(urls.at(-1)?.searchParams.get("from")).toBe("2026-11-28T04:00:00Z");
    expect(urls.at(-1)?.searchParams.get("step")).toBe("120");
    answers.slice(5).forEach(reply(2));
    await newer;
    answers.slice(0, 5).forEach(reply(1));
    await older;
    expect(series.columns("cost.spend").y).toEqual([2]);
  });

  it("keeps the burn-up going live at the latest known scope weight", async () => {
    const history: typeof fetch = async (input) => {
      const name = new URL(String(input), "http://localhost").searchParams.get("series");
      const value = name === "tasks.total" ? 40 : name === "tasks.completed" ? 8 : 1;
      return new Response(JSON.stringify({ series: name, step_s: 60, points: [["2026-11-28T09:59:00Z", value]] }));
    };
    const series = new DashboardSeries();
    await series.loadHistory(createApiClient({ token: "t", fetch: history }), "spring-jam", window);
    const tasks: LiveMessage = { type: "tasks", seq: 2, ts: "2026-11-28T10:00:30Z", data: { ...state.task_metrics, percent_complete: 50 } };
    series.addLive(tasks, state);
    expect(series.columns("tasks.total").y).toEqual([40, 40]);
    expect(series.columns("tasks.completed").y).toEqual([8, 20]);
  });

  it("uses the task count as scope while no history is known", () => {
    const series = new DashboardSeries();
    series.addLive({ type: "snapshot", seq: 1, state }, state);
    expect(series.columns("tasks.total").y).toEqual([10]);
    expect(series.columns("tasks.completed").y).toEqual([3]);
  });

  it("draws missing minutes as a gap and leaves out the minute still filling when history was read", async () => {
    // tokens.rate counts the tokens of each minute: 10:01 was read 20 s in, and would be drawn as a dip.
    const points = [
      ["2026-11-28T09:50:00Z", 1200],
      ["2026-11-28T09:51:00Z", 1300],
      ["2026-11-28T09:58:00Z", 1250],
      ["2026-11-28T10:00:00Z", 1280],
      ["2026-11-28T10:01:00Z", 90],
    ];
    const history: typeof fetch = async (input) => {
      const name = new URL(String(input), "http://localhost").searchParams.get("series");
      return new Response(JSON.stringify({ series: name, step_s: 60, points: name === "tokens.rate" ? points : [] }));
    };
    const series = new DashboardSeries();
    await series.loadHistory(createApiClient({ token: "t", fetch: history }), "spring-jam", { ...window, to: "2026-11-28T10:01:20Z" });
    const tokens = series.columns("tokens.rate");
    expect(tokens.y).toEqual([1200, 1300, null, 1250, 1280]);
    expect(tokens.x[2]).toBe(toChartTime("2026-11-28T09:52:00Z"));
  });

  it("judges gaps by the step history was read with", async () => {
    const points = [
      ["2026-11-28T09:00:00Z", 1],
      ["2026-11-28T09:20:00Z", 2],
    ];
    const history: typeof fetch = async (input) => {
      const name = new URL(String(input), "http://localhost").searchParams.get("series");
      return new Response(JSON.stringify({ series: name, step_s: 600, points: name === "cost.spend" ? points : [] }));
    };
    const series = new DashboardSeries();
    await series.loadHistory(createApiClient({ token: "t", fetch: history }), "spring-jam", { ...window, step: 600 });
    expect(series.step).toBe(600);
    expect(series.columns("cost.spend").y).toEqual([1, 2]);
  });
});
