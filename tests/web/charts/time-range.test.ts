import { describe, expect, it } from "vitest";
import { historyWindow, rangeBounds } from "$lib/charts/time-range";
import { burnUpChartData } from "$lib/charts/burn-up-data";
import { spendChartData } from "$lib/charts/spend-chart-data";
import { toChartTime } from "$lib/charts/chart-time";

const now = Date.parse("2026-11-28T12:00:00Z");

describe("historyWindow", () => {
  it("reads the last hours up to now with minute steps", () => {
    expect(historyWindow("1h", "2026-11-28T00:00:00Z", now)).toEqual({
      from: "2026-11-28T11:00:00.000Z",
      to: "2026-11-28T12:00:00.000Z",
      step: 60,
    });
    expect(historyWindow("6h", "2026-11-28T00:00:00Z", now).step).toBe(60);
    expect(historyWindow("24h", "2026-11-28T00:00:00Z", now).step).toBe(180);
  });

  it("reads the whole hackathon from its start", () => {
    const window = historyWindow("all", "2026-11-26T12:00:00Z", now);
    expect(window.from).toBe("2026-11-26T12:00:00.000Z");
    expect(window.step).toBe(360);
  });
});

describe("rangeBounds", () => {
  it("shows the last N hours up to now, or the whole hackathon up to its end", () => {
    const nowS = now / 1000;
    expect(rangeBounds("1h", { startsAt: "2026-11-28T00:00:00Z", endsAt: null, x: [] }, nowS)).toEqual([nowS - 3600, nowS]);
    expect(rangeBounds("all", { startsAt: "2026-11-28T00:00:00Z", endsAt: "2026-11-29T00:00:00Z", x: [nowS] }, nowS)).toEqual([
      toChartTime("2026-11-28T00:00:00Z"),
      toChartTime("2026-11-29T00:00:00Z"),
    ]);
  });
});

describe("burnUpChartData", () => {
  it("aligns completed and scope on one time axis and projects completion to the estimate", () => {
    const [x, completed, scope, projection] = burnUpChartData({
      completed: { x: [100, 200], y: [1, 4] },
      scope: { x: [100, 150, 200], y: [10, 12, 12] },
      estimatedCompletion: new Date(1000 * 1000).toISOString(),
    });
    expect(x).toEqual([100, 150, 200, 1000]);
    expect(completed).toEqual([1, null, 4, null]);
    expect(scope).toEqual([10, 12, 12, 12]);
    expect(projection).toEqual([null, null, 4, 12]);
  });

  it("draws no projection without an estimate", () => {
    const data = burnUpChartData({ completed: { x: [100], y: [1] }, scope: { x: [100], y: [10] }, estimatedCompletion: null });
    expect(data[0]).toEqual([100]);
    expect(data[3]).toEqual([null]);
  });
});

describe("spendChartData thresholds", () => {
  it("adds flat warning and critical lines at their share of the budget", () => {
    const data = spendChartData({
      spend: { x: [1, 2], y: [5, 6] },
      budget: 200,
      projection: null,
      thresholds: { warning: 0.8, critical: 0.95 },
    });
    expect(data.length).toBe(6);
    expect(data[4]).toEqual([160, 160]);
    expect(data[5]).toEqual([190, 190]);
  });
});
