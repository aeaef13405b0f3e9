import { toChartTime } from "./chart-time";

export const TIME_RANGES = [
  { key: "1h", label: "Last 1 h", seconds: 3600 },
  { key: "6h", label: "Last 6 h", seconds: 6 * 3600 },
  { key: "24h", label: "Last 24 h", seconds: 24 * 3600 },
  { key: "all", label: "Whole hackathon", seconds: null },
] as const;
export type TimeRangeKey = (typeof TIME_RANGES)[number]["key"];

/** The whole hackathon: the only preset that reaches the end, so the end marker and projections show. */
export const DEFAULT_RANGE: TimeRangeKey = "all";

/** A window picked by dragging across a chart (unix seconds); `base` is the preset it was zoomed from. */
export interface ZoomRange {
  from: number;
  to: number;
  base: TimeRangeKey;
}

/** What the charts show: a preset, or a zoomed window. */
export type ChartRange = TimeRangeKey | ZoomRange;

/** A zoomed window shorter than this shows one or two points at best; a drag is widened to it. */
const MIN_ZOOM_SECONDS = 120;

export function isTimeRangeKey(value: unknown): value is TimeRangeKey {
  return TIME_RANGES.some((range) => range.key === value);
}

export function isZoom(range: ChartRange): range is ZoomRange {
  return typeof range === "object";
}

/** The preset a range belongs to: itself, or the one a zoom was made from. */
export function basePreset(range: ChartRange): TimeRangeKey {
  return isZoom(range) ? range.base : range;
}

/** A zoom on whole minutes (the history's finest step), at least MIN_ZOOM_SECONDS wide, whichever way it was dragged. */
export function zoomRange(a: number, b: number, base: TimeRangeKey): ZoomRange {
  const from = Math.floor(Math.min(a, b) / 60) * 60;
  const to = Math.max(Math.ceil(Math.max(a, b) / 60) * 60, from + MIN_ZOOM_SECONDS);
  return { from, to, base };
}

/** What /history is asked for: ISO bounds and a step (seconds) that keeps each series to a few hundred points. */
export interface HistoryWindow {
  from: string;
  to: string;
  step: number;
}

const TARGET_POINTS = 480;

/** The history window of a range; "all" runs from the hackathon's start, a zoom over its own window. */
export function historyWindow(range: ChartRange, startsAt: string, now = Date.now()): HistoryWindow {
  const [from, to] = isZoom(range) ? [range.from * 1000, range.to * 1000] : [presetStart(range, startsAt, now), now];
  const span = (to - from) / 1000;
  const step = Math.max(60, Math.ceil(span / TARGET_POINTS / 60) * 60);
  return { from: new Date(from).toISOString(), to: new Date(to).toISOString(), step };
}

function presetStart(key: TimeRangeKey, startsAt: string, now: number): number {
  const seconds = TIME_RANGES.find((range) => range.key === key)?.seconds ?? null;
  if (seconds !== null) return now - seconds * 1000;
  const start = Date.parse(startsAt);
  return Math.min(Number.isFinite(start) ? start : now, now - 60_000);
}

/** Room after the last thing "all" shows, so a marker at the very end is not drawn on the chart's edge. */
const END_PADDING = 0.02;

/**
 * The x range (unix seconds) the charts show: the last N hours up to now, a zoom's own window, or
 * for "all" from the start to whatever is latest of now, the last point and the hackathon's end
 * (so the end marker and the projections to it are in view), with a little room after it.
 */
export function rangeBounds(
  range: ChartRange,
  input: { startsAt: string; endsAt: string | null; x: ArrayLike<number> },
  nowSeconds = Date.now() / 1000,
): [number, number] {
  if (isZoom(range)) return [range.from, range.to];
  const seconds = TIME_RANGES.find((preset) => preset.key === range)?.seconds ?? null;
  if (seconds !== null) return [nowSeconds - seconds, nowSeconds];
  const start = Math.min(toChartTime(input.startsAt), input.x[0] ?? Infinity);
  const ends = input.endsAt ? toChartTime(input.endsAt) : -Infinity;
  const end = Math.max(input.x[input.x.length - 1] ?? -Infinity, nowSeconds, Number.isFinite(ends) ? ends : -Infinity);
  return end > start ? [start, end + (end - start) * END_PADDING] : [start, start + 60];
}
