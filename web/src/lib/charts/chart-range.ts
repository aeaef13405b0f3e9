import { toChartTime } from "./chart-time";

/**
 * The x range of a dashboard chart: from the hackathon's start (or the first point, if earlier)
 * to the last point or now, whichever is later, so one point still gets a sensible axis.
 */
export function chartRange(startsAt: string, x: ArrayLike<number>, nowSeconds = Date.now() / 1000): [number, number] {
  const start = Math.min(toChartTime(startsAt), x[0] ?? Infinity);
  const end = Math.max(x[x.length - 1] ?? -Infinity, nowSeconds);
  return end > start ? [start, end] : [start, start + 60];
}
