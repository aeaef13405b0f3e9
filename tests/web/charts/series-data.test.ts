import { describe, expect, it } from "vitest";
import { toChartTime } from "$lib/charts/chart-time";
import { appendPoint, completeBuckets, mergeSeries, type Point, withGaps } from "$lib/charts/series-data";

const t = (minute: number, second = 0) => `2026-11-28T10:${String(minute).padStart(2, "0")}:${String(second).padStart(2, "0")}Z`;

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
      [t(1, 30), 25],
    ];
    const { x, y } = mergeSeries(history, live);
    expect(x).toEqual([t(0), t(1), t(1, 30)].map(toChartTime));
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

  it("breaks the line with a null where minutes are missing from the history, instead of ramping across them", () => {
    const history: Point[] = [
      [t(0), 100],
      [t(1), 120],
      [t(9), 80],
      [t(10), 90],
    ];
    const { x, y } = mergeSeries(history, [], 60);
    expect(y).toEqual([100, 120, null, 80, 90]);
    // The null sits one step after the last point before the gap, so the gap spans the missing minutes.
    expect(x).toEqual([t(0), t(1), t(2), t(9), t(10)].map(toChartTime));
  });

  it("judges a gap by the history's step, and between the history and the live points too", () => {
    const history: Point[] = [
      [t(0), 1],
      [t(10), 2],
    ];
    expect(mergeSeries(history, [], 600).y).toEqual([1, 2]);
    expect(mergeSeries(history, [[t(59), 3]], 600).y).toEqual([1, 2, null, 3]);
  });
});

describe("withGaps", () => {
  it("bridges a single empty bucket (a sender straddling bucket edges) and breaks at two", () => {
    expect(withGaps({ x: [0, 60, 180], y: [1, 2, 3] }, 60).y).toEqual([1, 2, 3]);
    expect(withGaps({ x: [0, 60, 240], y: [1, 2, 3] }, 60)).toEqual({ x: [0, 60, 120, 240], y: [1, 2, null, 3] });
  });

  it("leaves a line without gaps, and an empty one, as it is", () => {
    expect(withGaps({ x: [0, 60, 120], y: [1, 2, 3] }, 60)).toEqual({ x: [0, 60, 120], y: [1, 2, 3] });
    expect(withGaps({ x: [], y: [] }, 60)).toEqual({ x: [], y: [] });
  });
});

describe("completeBuckets", () => {
  it("drops the bucket still filling when the history was read, so the current minute is not drawn as a dip", () => {
    const points: Point[] = [
      [t(0), 1200],
      [t(1), 1300],
      [t(2), 150],
    ];
    expect(completeBuckets(points, 60, Date.parse(t(2, 10)))).toEqual(points.slice(0, 2));
  });

  it("keeps a bucket that ended exactly when the history was read, and judges wider buckets by their own end", () => {
    const points: Point[] = [
      [t(0), 1],
      [t(5), 2],
    ];
    expect(completeBuckets(points, 60, Date.parse(t(6)))).toEqual(points);
    expect(completeBuckets(points, 300, Date.parse(t(9, 59)))).toEqual(points.slice(0, 1));
    expect(completeBuckets(points, 300, Date.parse(t(10)))).toEqual(points);
  });
});
