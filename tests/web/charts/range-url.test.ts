import { describe, expect, it } from "vitest";
import { rangeFromUrl, urlWithRange } from "$lib/charts/range-url";
import { toChartTime } from "$lib/charts/chart-time";
import { type ChartRange, zoomRange } from "$lib/charts/time-range";

const page = (search = "", hash = "") => new URL(`https://pitwall.example/h/spring-jam${search}${hash}`);
const zoom = zoomRange(toChartTime("2026-11-28T09:00:00Z"), toChartTime("2026-11-28T09:30:00Z"), "6h");

describe("range in the URL", () => {
  it("survives the round trip for every preset and for a zoom", () => {
    const ranges: ChartRange[] = ["1h", "6h", "24h", "all", zoom, { ...zoom, base: "all" }];
    for (const range of ranges) {
      expect(rangeFromUrl(new URL(urlWithRange(page(), range), "https://pitwall.example"))).toEqual(range);
    }
  });

  it("writes a preset as ?range=, a zoom as readable ISO bounds, and the default as nothing", () => {
    expect(urlWithRange(page(), "6h")).toBe("/h/spring-jam?range=6h");
    expect(urlWithRange(page("?range=6h"), "all")).toBe("/h/spring-jam");
    const written = new URL(urlWithRange(page(), zoom), "https://pitwall.example").searchParams;
    expect([written.get("range"), written.get("from"), written.get("to")]).toEqual(["6h", "2026-11-28T09:00:00Z", "2026-11-28T09:30:00Z"]);
  });

  it("leaves the #fragment and other parameters alone, and drops the zoom when going back to a preset", () => {
    expect(urlWithRange(page("?tab=x", "#token=abc"), "1h")).toBe("/h/spring-jam?tab=x&range=1h#token=abc");
    const zoomed = urlWithRange(page("", "#token=abc"), zoom);
    expect(zoomed.endsWith("#token=abc")).toBe(true);
    expect(urlWithRange(new URL(zoomed, "https://pitwall.example"), "6h")).toBe("/h/spring-jam?range=6h#token=abc");
  });

  it("reads the default for no range, an unknown one, or bounds that make no window", () => {
    expect(rangeFromUrl(page())).toBe("all");
    expect(rangeFromUrl(page("?range=7d"))).toBe("all");
    expect(rangeFromUrl(page("?range=1h&from=2026-11-28T10:00:00Z&to=2026-11-28T09:00:00Z"))).toBe("1h");
    expect(rangeFromUrl(page("?from=yesterday&to=2026-11-28T09:00:00Z"))).toBe("all");
  });
});
