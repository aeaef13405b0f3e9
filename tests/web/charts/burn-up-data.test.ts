import { describe, expect, it } from "vitest";
import { burnUpChartData } from "$lib/charts/burn-up-data";

describe("burnUpChartData", () => {
  it("aligns completed and scope on one time axis and projects completion to the estimate", () => {
    const [x, completed, scope, projection] = burnUpChartData({
      completed: { x: [100, 200], y: [1, 4] },
      scope: { x: [100, 150, 200], y: [10, 12, 12] },
      estimatedCompletion: new Date(1000 * 1000).toISOString(),
    });
    expect(x).toEqual([100, 150, 200, 1000]);
    // A line with no point at a time holds undefined there, which the chart spans: not a gap.
    expect(completed).toEqual([1, undefined, 4, undefined]);
    expect(scope).toEqual([10, 12, 12, 12]);
    expect(projection).toEqual([undefined, undefined, 4, 12]);
  });

  it("keeps each line's own gaps as null", () => {
    const [, completed, scope] = burnUpChartData({
      completed: { x: [100, 160, 400], y: [1, null, 2] },
      scope: { x: [100, 160, 400], y: [10, null, 10] },
      estimatedCompletion: null,
    });
    expect(completed).toEqual([1, null, 2]);
    expect(scope).toEqual([10, null, 10]);
  });

  it("draws no projection without an estimate", () => {
    const data = burnUpChartData({ completed: { x: [100], y: [1] }, scope: { x: [100], y: [10] }, estimatedCompletion: null });
    expect(data[0]).toEqual([100]);
    expect(data[3]).toEqual([undefined]);
  });
});
