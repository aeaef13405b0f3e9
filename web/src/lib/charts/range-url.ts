import { toChartTime } from "./chart-time";
import { type ChartRange, DEFAULT_RANGE, isTimeRangeKey, isZoom, zoomRange } from "./time-range";

/**
 * The charts' range in the address bar, so a reload or a shared link shows the same window:
 * `?range=6h` for a preset (none for the default), `&from=…&to=…` (ISO) for a zoom into it.
 */
const PARAMS = { range: "range", from: "from", to: "to" } as const;

/** The range a URL asks for; the default when it asks for none or for something unreadable. */
export function rangeFromUrl(url: URL): ChartRange {
  const preset = url.searchParams.get(PARAMS.range);
  const base = isTimeRangeKey(preset) ? preset : DEFAULT_RANGE;
  const from = toChartTime(url.searchParams.get(PARAMS.from) ?? "");
  const to = toChartTime(url.searchParams.get(PARAMS.to) ?? "");
  return Number.isFinite(from) && Number.isFinite(to) && from < to ? zoomRange(from, to, base) : base;
}

/** The same address (path, other parameters and the `#` fragment untouched) showing `range`. */
export function urlWithRange(url: URL, range: ChartRange): string {
  const next = new URL(url);
  const base = isZoom(range) ? range.base : range;
  if (base === DEFAULT_RANGE) next.searchParams.delete(PARAMS.range);
  else next.searchParams.set(PARAMS.range, base);
  if (isZoom(range)) {
    next.searchParams.set(PARAMS.from, isoSeconds(range.from));
    next.searchParams.set(PARAMS.to, isoSeconds(range.to));
  } else {
    next.searchParams.delete(PARAMS.from);
    next.searchParams.delete(PARAMS.to);
  }
  return next.pathname + next.search + next.hash;
}

const isoSeconds = (seconds: number) => new Date(seconds * 1000).toISOString().replace(".000Z", "Z");
