import { describe, expect, it } from "vitest";
import { drawMarkerLines, placeMarkers, type XMarker } from "$lib/charts/x-markers";

// A plot 100 px from the left and 10 px from the top of the canvas, 400 px wide, showing x 0..1000.
const plot = (pxRatio = 1) => ({
  bbox: { left: 100 * pxRatio, top: 10 * pxRatio, width: 400 * pxRatio, height: 200 * pxRatio },
  scales: { x: { min: 0, max: 1000 } },
  valToPos: (value: number, _scale: string, canvasPixels?: boolean) =>
    (value / 1000) * 400 * (canvasPixels ? pxRatio : 1) + (canvasPixels ? 100 * pxRatio : 0),
});
const end: XMarker = { key: "end", x: 900, label: "End Sun 18:00" };
const start: XMarker = { key: "start", x: 100, label: "Start" };

describe("placeMarkers", () => {
  it("places each label at its time on the plot, hanging away from the nearer edge", () => {
    expect(placeMarkers(plot(), [end, start], 1)).toEqual([
      { ...end, left: 460, top: 10, side: "left" },
      { ...start, left: 140, top: 10, side: "right" },
    ]);
  });

  it("measures in CSS pixels on a high-density screen", () => {
    expect(placeMarkers(plot(2), [end], 2)[0]).toMatchObject({ left: 460, top: 10 });
  });

  it("leaves out a marker outside the range shown", () => {
    expect(placeMarkers(plot(), [{ ...end, x: 1500 }], 1)).toEqual([]);
  });
});

describe("drawMarkerLines", () => {
  it("draws a dashed line over the plot's height for each marker in view", () => {
    const lines: number[][] = [];
    let from: [number, number] = [0, 0];
    const ctx = {
      save() {},
      restore() {},
      beginPath() {},
      stroke() {},
      setLineDash(dash: number[]) {
        expect(dash.length).toBe(2);
      },
      moveTo: (x: number, y: number) => {
        from = [x, y];
      },
      lineTo: (x: number, y: number) => lines.push([...from, x, y]),
    };
    const u = { ...plot(), ctx: ctx as unknown as CanvasRenderingContext2D };
    drawMarkerLines(u, [end, { ...end, key: "later", x: 2000 }], "#000", 1);
    expect(lines).toEqual([[460, 10, 460, 210]]);
  });
});
