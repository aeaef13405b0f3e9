import type uPlot from "uplot";
import { isolatedIndices, type LegendMode, legendIndex, NO_DATA } from "./y-column";

export interface ChartSeries {
  label: string;
  /** A CSS custom property holding the line colour, e.g. "--chart-spend". */
  colorVar: string;
  dash?: number[];
  width?: number;
  /** What the legend shows for this line; "cursor" by default. */
  legend?: LegendMode;
}

/** A filled area between two lines, given as their column indices in the chart's data. */
export interface ChartBand {
  upper: number;
  lower: number;
  /** A CSS custom property holding the fill, e.g. "--chart-band". */
  fillVar: string;
}

export interface ChartOptionsInput {
  width: number;
  height: number;
  series: readonly ChartSeries[];
  bands: readonly ChartBand[];
  /** Resolves a CSS custom property to a colour. */
  color: (cssVar: string) => string;
  formatValue: (value: number) => string;
  /** Formats an x value (unix seconds) for the legend. */
  formatTime: (seconds: number) => string;
  /** Read on every rescale, so a new range needs only a redraw: null follows the data. */
  xRange: () => [number, number] | null;
  /** The y axis starts at 0 and reaches at least this. */
  yMax: number;
  /** Runs after every redraw (marks, markers). */
  draw: (u: uPlot) => void;
  /** Given, a drag across the plot reports the window (unix seconds) instead of zooming the chart itself. */
  onzoom: ((from: number, to: number) => void) | null;
}

/** Shown for the time while nothing is hovered: each line's legend then shows its latest (or end) value. */
export const IDLE_TIME_LABEL = "latest";

/** The uPlot options of one chart: its lines, band fills, legend values, drag to zoom and redraw hook. */
export function chartOptions(input: ChartOptionsInput): uPlot.Options {
  const { color, formatValue, formatTime } = input;
  const axis = { stroke: color("--chart-axis"), grid: { stroke: color("--chart-grid") } };
  return {
    width: input.width,
    height: input.height,
    legend: { live: true },
    cursor: { drag: { x: input.onzoom !== null, y: false, setScale: false, dist: 8 } },
    hooks: { draw: [input.draw], setSelect: [(u) => reportZoom(u, input.onzoom)] },
    scales: {
      x: { time: true, range: (_u, min, max) => input.xRange() ?? [min, max] },
      y: { range: (_u, _min, max) => [0, max > input.yMax ? max * 1.1 : Math.max(input.yMax, 1)] },
    },
    axes: [{ ...axis }, { ...axis, size: 88, values: (_u, splits) => splits.map((value) => formatValue(value)) }],
    bands: input.bands.map((band) => ({ series: [band.upper, band.lower], fill: color(band.fillVar) })),
    series: [
      { value: (_u, value, _s, idx) => (idx === null || value === null ? IDLE_TIME_LABEL : formatTime(value)) },
      ...input.series.map((s) => lineOptions(s, color(s.colorVar), formatValue, formatTime)),
    ],
  };
}

function lineOptions(
  s: ChartSeries,
  stroke: string,
  formatValue: (value: number) => string,
  formatTime: (seconds: number) => string,
): uPlot.Series {
  const mode = s.legend ?? "cursor";
  return {
    label: s.label,
    stroke,
    width: s.width ?? 2,
    dash: s.dash,
    // null is a gap in the data: the line breaks there rather than ramping across it.
    spanGaps: false,
    // Points are drawn when there is room; a point between gaps has no line to show it, so it always gets a dot.
    points: { filter: (u, seriesIdx, show) => (show ? null : isolatedIndices(u.data[seriesIdx] ?? [])) },
    value: (u, _value, seriesIdx, idx) => {
      const ys = u.data[seriesIdx] ?? [];
      const at = legendIndex(ys, idx ?? null, mode);
      const y = at === null ? null : ys[at];
      if (at === null || typeof y !== "number") return NO_DATA;
      return mode === "end-time" ? formatTime(u.data[0][at] ?? Number.NaN) : formatValue(y);
    },
  };
}

/** A finished drag: report its window and clear the selection, since the chart is redrawn over the new range. */
function reportZoom(u: uPlot, onzoom: ChartOptionsInput["onzoom"]): void {
  const { left, width } = u.select;
  if (!onzoom || width <= 0) return;
  onzoom(u.posToVal(left, "x"), u.posToVal(left + width, "x"));
  u.setSelect({ left: 0, top: 0, width: 0, height: 0 }, false);
}
