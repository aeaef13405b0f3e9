import { describe, expect, it } from "vitest";
import { exportFileName, presetRanges, rangeFromInputs } from "$lib/console/csv-export";
import { toLocalInput } from "$lib/console/form-values";

const range = { from: "2026-11-28T10:00:00.000Z", to: "2026-11-28T12:00:00.000Z" };

describe("export names and ranges", () => {
  it("names the file after the hackathon, what and the days", () => {
    expect(exportFileName("spring-jam", "cost.spend", range)).toBe("spring-jam-cost.spend-2026-11-28-to-2026-11-28.csv");
  });

  it("offers the hackathon so far (up to its end) and the last day", () => {
    const now = Date.parse("2026-11-29T09:00:00Z");
    expect(presetRanges("2026-11-28T08:00:00Z", "2026-11-29T08:00:00Z", now)).toEqual([
      { label: "Whole hackathon", range: { from: "2026-11-28T08:00:00.000Z", to: "2026-11-29T08:00:00.000Z" } },
      { label: "Last 24 hours", range: { from: "2026-11-28T09:00:00.000Z", to: "2026-11-29T09:00:00.000Z" } },
    ]);
    expect(presetRanges("2026-11-28T08:00:00Z", null, now)[0]?.range.to).toBe("2026-11-29T09:00:00.000Z");
  });
});

describe("rangeFromInputs", () => {
  it("takes in the end's whole minute, since the fields show minutes", () => {
    const range = rangeFromInputs(toLocalInput(Date.parse("2026-11-28T10:00:00Z")), toLocalInput(Date.parse("2026-11-28T12:05:00Z")));
    expect(range).toEqual({ from: "2026-11-28T10:00:00.000Z", to: "2026-11-28T12:05:59.999Z" });
  });

  it("says why two fields make no range", () => {
    expect(rangeFromInputs("", "2026-11-28T12:05")).toBe("Enter a date and time for both ends.");
    expect(rangeFromInputs("2026-11-28T12:05", "2026-11-28T12:04")).toBe("The end must not be before the start.");
  });
});
