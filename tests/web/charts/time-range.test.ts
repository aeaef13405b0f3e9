import { describe, expect, it } from "vitest";
import { toChartTime } from "$lib/charts/chart-time";
import { basePreset, historyWindow, isZoom, rangeBounds, zoomRange } from "$lib/charts/time-range";

const now = Date.parse("2026-11-28T12:00:00Z");
const nowS = now / 1000;
const startsAt = "2026-11-28T00:00:00Z";

describe("historyWindow", () => {
  it("reads the last hours up to now with minute steps", () => {
    expect(historyWindow("1h", startsAt, now)).toEqual({
      from: "2026-11-28T11:00:00.000Z",
      to: "2026-11-28T12:00:00.000Z",
      step: 60,
    });
    expect(historyWindow("6h", startsAt, now).step).toBe(60);
    expect(historyWindow("24h", startsAt, now).step).toBe(180);
  });

  it("reads the whole hackathon from its start", () => {
    const window = historyWindow("all", "2026-11-26T12:00:00Z", now);
    expect(window.from).toBe("2026-11-26T12:00:00.000Z");
    expect(window.step).toBe(360);
  });

  it("reads a zoomed window over its own bounds, with a step fine enough for it", () => {
    const zoom = zoomRange(toChartTime("2026-11-28T09:00:00Z"), toChartTime("2026-11-28T09:30:00Z"), "24h");
    expect(historyWindow(zoom, startsAt, now)).toEqual({ from: "2026-11-28T09:00:00.000Z", to: "2026-11-28T09:30:00.000Z", step: 60 });
  });
});

describe("rangeBounds", () => {
  it("shows the last N hours up to now", () => {
    expect(rangeBounds("1h", { startsAt, endsAt: null, x: [] }, nowS)).toEqual([nowS - 3600, nowS]);
  });

  it("shows the whole hackathon through its end, with room after it so a marker at the end is not on the edge", () => {
    const [from, to] = rangeBounds("all", { startsAt, endsAt: "2026-11-29T00:00:00Z", x: [nowS] }, nowS);
    expect(from).toBe(toChartTime(startsAt));
    const end = toChartTime("2026-11-29T00:00:00Z");
    expect(to).toBeGreaterThan(end);
    expect(to - end).toBeLessThan((end - from) * 0.05);
  });

  it("reaches past the end when the data does (a projection to a completion after it)", () => {
    const later = toChartTime("2026-11-29T06:00:00Z");
    const [, to] = rangeBounds("all", { startsAt, endsAt: "2026-11-29T00:00:00Z", x: [nowS, later] }, nowS);
    expect(to).toBeGreaterThan(later);
  });

  it("shows a zoom's own window whatever the data", () => {
    const zoom = zoomRange(nowS - 1800, nowS - 600, "all");
    expect(rangeBounds(zoom, { startsAt, endsAt: null, x: [nowS - 7200, nowS] }, nowS)).toEqual([nowS - 1800, nowS - 600]);
  });
});

describe("zoomRange", () => {
  it("snaps a drag to whole minutes, whichever way it went", () => {
    expect(zoomRange(1030, 610, "6h")).toEqual({ from: 600, to: 1080, base: "6h" });
  });

  it("widens a tiny drag to two minutes", () => {
    const zoom = zoomRange(600, 610, "all");
    expect(zoom.to - zoom.from).toBe(120);
  });

  it("remembers the preset it zoomed from", () => {
    const zoom = zoomRange(0, 600, "24h");
    expect(isZoom(zoom)).toBe(true);
    expect(basePreset(zoom)).toBe("24h");
    expect(isZoom("24h")).toBe(false);
    expect(basePreset("1h")).toBe("1h");
  });
});
