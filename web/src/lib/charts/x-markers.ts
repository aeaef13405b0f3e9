import type uPlot from "uplot";

/** A moment marked across the whole plot, such as the end of the hackathon. */
export interface XMarker {
  /** Stable name, also the marker's test id: `x-marker-<key>`. */
  key: string;
  /** Unix seconds. */
  x: number;
  label: string;
}

/** Where a marker's label sits over the chart, in CSS pixels from the chart's top-left corner. */
export interface PlacedMarker extends XMarker {
  left: number;
  top: number;
  /** In the right half the label hangs to the left of its line, so it never runs off the chart. */
  side: "left" | "right";
}

type PlotGeometry = Pick<uPlot, "bbox" | "valToPos" | "scales">;

/** The markers inside the x scale, with their labels' positions; the rest are out of view and left out. */
export function placeMarkers(u: PlotGeometry, markers: readonly XMarker[], pxRatio: number): PlacedMarker[] {
  const { min, max } = u.scales.x ?? {};
  if (min === undefined || max === undefined) return [];
  const plotLeft = u.bbox.left / pxRatio;
  const plotTop = u.bbox.top / pxRatio;
  const middle = (min + max) / 2;
  return markers
    .filter((marker) => marker.x >= min && marker.x <= max)
    .map((marker) => ({
      ...marker,
      left: plotLeft + u.valToPos(marker.x, "x"),
      top: plotTop,
      side: marker.x > middle ? "left" : "right",
    }));
}

/** Draws each marker in view as a dashed vertical line over the plot's full height. */
export function drawMarkerLines(u: PlotGeometry & Pick<uPlot, "ctx">, markers: readonly XMarker[], color: string, pxRatio: number): void {
  const { ctx, bbox } = u;
  const { min, max } = u.scales.x ?? {};
  if (min === undefined || max === undefined) return;
  ctx.save();
  ctx.strokeStyle = color;
  ctx.lineWidth = 2 * pxRatio;
  ctx.setLineDash([6 * pxRatio, 4 * pxRatio]);
  for (const marker of markers) {
    if (marker.x < min || marker.x > max) continue;
    // Kept a line's width inside the plot, so a marker at its very edge is not cut in half.
    const x = Math.min(Math.max(u.valToPos(marker.x, "x", true), bbox.left + pxRatio), bbox.left + bbox.width - pxRatio);
    ctx.beginPath();
    ctx.moveTo(x, bbox.top);
    ctx.lineTo(x, bbox.top + bbox.height);
    ctx.stroke();
  }
  ctx.restore();
}
