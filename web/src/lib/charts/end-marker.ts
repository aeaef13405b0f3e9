import type { FormatOptions } from "$lib/format/format";
import { toChartTime } from "./chart-time";
import type { XMarker } from "./x-markers";

/** The end of the hackathon as a chart marker, labelled with its day and time; none without an end. */
export function endMarkers(endsAt: string | null, opts: FormatOptions = {}): XMarker[] {
  const x = endsAt ? toChartTime(endsAt) : Number.NaN;
  if (!Number.isFinite(x)) return [];
  const when = new Intl.DateTimeFormat(opts.locale, { weekday: "short", hour: "numeric", minute: "2-digit", timeZone: opts.timeZone });
  return [{ key: "end", x, label: `End ${when.format(new Date(x * 1000))}` }];
}
