import { toChartTime } from "./chart-time";

export const TIME_RANGES = [
  { key: "1h", label: "Last 1 h", seconds: 3600 },
  { key: "6h", label: "Last 6 h", seconds: 6 * 3600 },
  { key: "24h", label: "Last 24 h", seconds: 24 * 3600 },
  { key: "all", label: "Whole hackathon", seconds: null },
] as const;
export type TimeRangeKey = (typeof TIME_RANGES)[number]["key"];

/** What /history is asked for: ISO bounds and a step (seconds) that keeps each series to a few hundred points. */
export interface HistoryWindow {
  from: string;
  to: string;
  step: number;
}

const TARGET_POINTS = 480;

/** The history window of a range; "all" runs from the hackathon's start. */
export function historyWindow(key: TimeRangeKey, startsAt: string, now = Date.now()): HistoryWindow {
  const seconds = TIME_RANGES.find((range) => range.key === key)?.seconds ?? null;
  const start = Date.parse(startsAt);
  const from = seconds === null || !Number.isFinite(start) ? Math.min(start || now, now - 60_000) : now - seconds * 1000;
  const span = (now - from) / 1000;
  const step = Math.max(60, Math.ceil(span / TARGET_POINTS / 60) * 60);
  return { from: new Date(from).toISOString(), to: new Date(now).toISOString(), step };
}

/**
 * The x range (unix seconds) the charts show for a range: the last N hours up to now, or for
 * "all" from the start to whatever is later of now, the last point and the hackathon's end.
 */
export function rangeBounds(
  key: TimeRangeKey,
  input: { startsAt: string; endsAt: string | null; x: ArrayLike<number> },
  nowSeconds = Date.now() / 1000,
): [number, number] {
  const seconds = TIME_RANGES.find((range) => range.key === key)?.seconds ?? null;
  if (seconds !== null) return [nowSeconds - seconds, nowSeconds];
  const start = Math.min(toChartTime(input.startsAt), input.x[0] ?? Infinity);
  const ends = input.endsAt ? toChartTime(input.endsAt) : -Infinity;
  const end = Math.max(input.x[input.x.length - 1] ?? -Infinity, nowSeconds, Number.isFinite(ends) ? ends : -Infinity);
  return end > start ? [start, end] : [start, start + 60];
}
