import { toChartTime } from "./chart-time";

/** One observation as the API sends it: ISO timestamp and value. */
export type Point = readonly [ts: string, value: number];

/** A line ready to draw: x in unix seconds, and null where the data has a gap (uPlot breaks the line there). */
export interface Columns {
  x: number[];
  y: (number | null)[];
}

/** The step of the history buckets (seconds) when none has been read: the history's finest. */
export const DEFAULT_STEP = 60;

/**
 * Points further apart than this many steps have a gap between them. A sender reporting about
 * once a step straddles bucket edges and leaves a single bucket empty now and then; that is
 * jitter, not missing data, so one empty bucket is bridged and two or more are a gap.
 */
const GAP_STEPS = 2;

/** Appends a live point, keeping time order and at most `max` points (oldest dropped). */
export function appendPoint(points: readonly Point[], point: Point, max = 2000): Point[] {
  const next = [...points, point];
  const last = points.at(-1);
  if (last && Date.parse(point[0]) < Date.parse(last[0])) {
    next.sort((a, b) => Date.parse(a[0]) - Date.parse(b[0]));
  }
  return next.length > max ? next.slice(next.length - max) : next;
}

/**
 * History buckets that were complete when read: a bucket (stamped at its start) that ends after
 * `toMs`, the end of the read, holds only part of its time, and a per-minute rate such as tokens
 * would be drawn as a dip. It is left out; the live figure stands for the present instead.
 */
export function completeBuckets(points: readonly Point[], stepS: number, toMs: number): Point[] {
  return points.filter(([ts]) => Date.parse(ts) + stepS * 1000 <= toMs);
}

/**
 * History rollups lag a little behind the socket, so live points newer than the last rollup are
 * drawn after it; older live points are already summed into the rollups. Where consecutive points
 * are more than GAP_STEPS steps apart a null goes between them, so the chart shows the gap
 * instead of a ramp across it.
 */
export function mergeSeries(history: readonly Point[], live: readonly Point[], stepS = DEFAULT_STEP): Columns {
  const x: number[] = [];
  const y: number[] = [];
  for (const [ts, value] of history) push(x, y, toChartTime(ts), value);
  const cutoff = x.at(-1) ?? -Infinity;
  for (const [ts, value] of live) {
    const t = toChartTime(ts);
    if (t > cutoff) push(x, y, t, value);
  }
  return withGaps({ x, y }, stepS);
}

/** Inserts a null one step after each point that is followed by a gap (see GAP_STEPS). */
export function withGaps(line: { x: readonly number[]; y: readonly (number | null)[] }, stepS: number): Columns {
  const x: number[] = [];
  const y: (number | null)[] = [];
  line.x.forEach((t, i) => {
    const previous = x.at(-1);
    if (previous !== undefined && t - previous > GAP_STEPS * stepS) {
      x.push(previous + stepS);
      y.push(null);
    }
    x.push(t);
    y.push(line.y[i] ?? null);
  });
  return { x, y };
}

function push(x: number[], y: number[], t: number, value: number): void {
  if (!Number.isFinite(t)) return;
  if (x.length > 0 && x[x.length - 1] === t) {
    y[y.length - 1] = value;
    return;
  }
  x.push(t);
  y.push(value);
}
