import { describe, expect, it } from "vitest";
import { toChartTime } from "$lib/charts/chart-time";
import { appendPoint, mergeSeries, type Point } from "$lib/charts/series-data";
import { spendChartData } from "$lib/charts/spend-chart-data";

const t = (minute: number) => `2026-11-28T10:${String(minute).padStart(2, "0")}:00Z`;

describe("toChartTime", () => {
  it("converts ISO timestamps to Unix seconds", () => {
    expect(toChartTime("1970-01-01T00:01:00Z")).toBe(60);
    expect(toChartTime("2026-11-28T10:00:00.500Z")).toBe(Date.UTC(2026, 10, 28, 10) / 1000 + 0.5);
  });
});

describe("appendPoint", () => {
  it("keeps points in time order and drops the oldest beyond the cap", () => {
    let points: Point[] = [];
    points = appendPoint(points, [t(2), 2], 3);
    points = appendPoint(points, [t(1), 1], 3);
    points = appendPoint(points, [t(3), 3], 3);
    points = appendPoint(points, [t(4), 4], 3);
    expect(points.map(([, value]) => value)).toEqual([2, 3, 4]);
  });
});

describe("mergeSeries", () => {
  it("draws live points after the last history rollup and skips older ones", () => {
    const history: Point[] = [
      [t(0), 10],
      [t(1), 20],
    ];
    const live: Point[] = [
      [t(0), 11],
      [t(1), 21],
      [`2026-11-28T10:01:30Z`, 25],
    ];
    const { x, y } = mergeSeries(history, live);
    expect(x).toEqual([t(0), t(1), "2026-11-28T10:01:30Z"].map(toChartTime));
    expect(y).toEqual([10, 20, 25]);
  });

  it("uses live points alone when there is no history, keeping the latest of equal times", () => {
    const { x, y } = mergeSeries(
      [],
      [
        [t(5), 1],
        [t(5), 2],
        ["garbage", 3],
      ],
    );
    expect(x).toEqual([toChartTime(t(5))]);
    expect(y).toEqual([2]);
  });
});

describe("spendChartData", () => {
  const spend = { x: [toChartTime(t(0)), toChartTime(t(1))], y: [10, 20] };

  it("adds a flat budget line and a projection from the latest spend to ends_at", () => {
    const endsAt = "2026-11-28T12:00:00Z";
    const [x, spendColumn, budget, projection] = spendChartData({
      spend,
      budget: 100,
      projection: { endsAt, projectedCost: 140 },
    });
    expect(x).toEqual([...spend.x, toChartTime(endsAt)]);
    expect(spendColumn).toEqual([10, 20, null]);
    expect(budget).toEqual([100, 100, 100]);
    expect(projection).toEqual([null, 20, 140]);
  });

  it("leaves the projection empty without an end date, or when the end has passed", () => {
    const none = spendChartData({ spend, budget: 100, projection: null });
    expect(none[0]).toEqual(spend.x);
    expect(none[3]).toEqual([null, null]);
    const past = spendChartData({ spend, budget: 100, projection: { endsAt: t(0), projectedCost: 50 } });
    expect(past[3]).toEqual([null, null]);
  });
});
