import { describe, expect, it } from "vitest";
import { isolatedIndices, lastValueIndex, legendIndex } from "$lib/charts/y-column";

describe("legendIndex", () => {
  const ys = [1, 2, null, 4, undefined];

  it("describes the hovered point, and the latest value while nothing is hovered", () => {
    expect(legendIndex(ys, 1, "cursor")).toBe(1);
    expect(legendIndex(ys, null, "cursor")).toBe(3);
  });

  it("has nothing to describe when the cursor is in a gap", () => {
    expect(legendIndex(ys, 2, "cursor")).toBeNull();
  });

  it("always describes the last value of a projection, wherever the cursor is", () => {
    expect(legendIndex(ys, 0, "end")).toBe(3);
    expect(legendIndex(ys, 0, "end-time")).toBe(3);
  });

  it("has nothing to describe on a line without values", () => {
    expect(legendIndex([], null, "cursor")).toBeNull();
    expect(lastValueIndex([undefined, null])).toBeNull();
  });
});

describe("isolatedIndices", () => {
  it("finds the points a line cannot show: alone, or between gaps", () => {
    expect(isolatedIndices([5])).toEqual([0]);
    expect(isolatedIndices([1, 2, null, 3, null, 4, 5])).toEqual([3]);
    expect(isolatedIndices([1, null, 2, 3])).toEqual([0]);
  });

  it("looks past times a line has no point at, which the line spans", () => {
    expect(isolatedIndices([1, undefined, 2])).toEqual([]);
    expect(isolatedIndices([undefined, 1, undefined, null, 2, undefined])).toEqual([1, 4]);
  });
});
