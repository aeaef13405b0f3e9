import { toChartTime } from "./chart-time";

/** One observation as the API sends it: ISO timestamp and value. */
export type Point = readonly [ts: string, value: number];

export interface Columns {
  x: number[];
  y: number[];
}

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
 * History rollups lag a little behind the socket, so live points newer than the last
 * rollup are drawn after it; older live points are already summed into the rollups.
 */
export function mergeSeries(history: readonly Point[], live: readonly Point[]): Columns {
  const x: number[] = [];
  const y: number[] = [];
  for (const [ts, value] of history) push(x, y, toChartTime(ts), value);
  const cutoff = x.at(-1) ?? -Infinity;
  for (const [ts, value] of live) {
    const t = toChartTime(ts);
    if (t > cutoff) push(x, y, t, value);
  }
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
