import { describe, expect, it } from "vitest";
import { ariaSort, nextSortOrder, sortRows } from "$lib/components/table-sort";

type Row = { name: string; cost: number | null };
const rows: Row[] = [
  { name: "b", cost: 2 },
  { name: "a", cost: null },
  { name: "c", cost: 5 },
  { name: "d", cost: 2 },
];
const sortValue = (row: Row, key: "name" | "cost") => row[key];

describe("sortRows", () => {
  it("sorts figures either way, keeping rows without a value last and ties in their first order", () => {
    expect(sortRows(rows, { key: "cost", direction: "descending" }, sortValue).map((r) => r.name)).toEqual(["c", "b", "d", "a"]);
    expect(sortRows(rows, { key: "cost", direction: "ascending" }, sortValue).map((r) => r.name)).toEqual(["b", "d", "c", "a"]);
  });

  it("sorts text by the locale's order and leaves the input as it was", () => {
    expect(sortRows(rows, { key: "name", direction: "ascending" }, sortValue).map((r) => r.name)).toEqual(["a", "b", "c", "d"]);
    expect(sortRows(rows, { key: "name", direction: "descending" }, sortValue).map((r) => r.name)).toEqual(["d", "c", "b", "a"]);
    expect(rows.map((r) => r.name)).toEqual(["b", "a", "c", "d"]);
  });
});

describe("nextSortOrder and ariaSort", () => {
  it("flips the sorted column and starts another in its own first direction", () => {
    const byCost = { key: "cost", direction: "descending" } as const;
    expect(nextSortOrder(byCost, "cost", "descending")).toEqual({ key: "cost", direction: "ascending" });
    expect(nextSortOrder({ key: "cost", direction: "ascending" }, "cost", "descending")).toEqual(byCost);
    expect(nextSortOrder(byCost, "name", "ascending")).toEqual({ key: "name", direction: "ascending" });
    expect(ariaSort(byCost, "cost")).toBe("descending");
    expect(ariaSort(byCost, "name")).toBe("none");
  });
});
