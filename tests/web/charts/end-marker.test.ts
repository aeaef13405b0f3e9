import { describe, expect, it } from "vitest";
import { toChartTime } from "$lib/charts/chart-time";
import { endMarkers } from "$lib/charts/end-marker";

describe("endMarkers", () => {
  it("marks the end of the hackathon with its day and time", () => {
    expect(endMarkers("2026-11-29T18:00:00Z", { locale: "en-GB", timeZone: "UTC" })).toEqual([
      { key: "end", x: toChartTime("2026-11-29T18:00:00Z"), label: "End Sun 18:00" },
    ]);
  });

  it("marks nothing for a hackathon without an end", () => {
    expect(endMarkers(null)).toEqual([]);
  });
});
