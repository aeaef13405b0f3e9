import { type SOURCE_MODES, SOURCE_NAMES, type SourceName, type UptimeBucket } from "../../contract";
import { toIso } from "../../lib/time";

type Mode = (typeof SOURCE_MODES)[number];
/** A mode held from `at` until the next segment starts. */
type Segment = { at: number; mode: Mode };

export const UPTIME_BUCKETS = 48;

/**
 * Each source's mode over time, from the mode_transitions log: before its first transition a
 * source was in that transition's `from` mode (or, with none, in the mode it is in now).
 */
function modeTimelines(sql: SqlStorage, end: number, current: Record<SourceName, Mode>): Record<SourceName, Segment[]> {
  const rows = sql
    .exec<{ source: SourceName; from_mode: Mode; to_mode: Mode; at: number }>(
      "SELECT source, from_mode, to_mode, at FROM mode_transitions WHERE at < ? ORDER BY at, id",
      end,
    )
    .toArray();
  const timelines = {} as Record<SourceName, Segment[]>;
  for (const source of SOURCE_NAMES) {
    const own = rows.filter((r) => r.source === source);
    timelines[source] = [{ at: -Infinity, mode: own[0]?.from_mode ?? current[source] }, ...own.map((r) => ({ at: r.at, mode: r.to_mode }))];
  }
  return timelines;
}

const round4 = (x: number) => Math.round(x * 10_000) / 10_000;

/** How long each mode held within [from, to), as shares of the span. */
function sharesIn(segments: Segment[], from: number, to: number): Record<Mode, number> {
  const held: Record<Mode, number> = { event: 0, idle: 0, polling: 0, degraded: 0 };
  segments.forEach((segment, i) => {
    const start = Math.max(segment.at, from);
    const stop = Math.min(segments[i + 1]?.at ?? Infinity, to);
    if (stop > start) held[segment.mode] += stop - start;
  });
  const span = to - from;
  return {
    event: round4(held.event / span),
    idle: round4(held.idle / span),
    polling: round4(held.polling / span),
    degraded: round4(held.degraded / span),
  };
}

export type SourceUptime = { uptime: UptimeBucket[]; healthyShare: number | null };

/**
 * Per source, `buckets` equal stretches of [start, end) with the share of each mode in them,
 * and the share of the whole window that was not degraded: idle (quiet, no poller) and polling
 * count as healthy, since nothing is known to be wrong then. Empty before the start.
 */
export function readUptime(
  sql: SqlStorage,
  window: { start: number; end: number; buckets?: number },
  current: Record<SourceName, Mode>,
): Record<SourceName, SourceUptime> {
  const { start, end, buckets = UPTIME_BUCKETS } = window;
  const timelines = modeTimelines(sql, end, current);
  const result = {} as Record<SourceName, SourceUptime>;
  for (const source of SOURCE_NAMES) {
    if (end <= start) {
      result[source] = { uptime: [], healthyShare: null };
      continue;
    }
    const width = (end - start) / buckets;
    const uptime = Array.from({ length: buckets }, (_, i) => {
      const from = start + i * width;
      const to = i === buckets - 1 ? end : start + (i + 1) * width;
      return { from: toIso(Math.round(from)), to: toIso(Math.round(to)), ...sharesIn(timelines[source], from, to) };
    });
    result[source] = { uptime, healthyShare: round4(1 - sharesIn(timelines[source], start, end).degraded) };
  }
  return result;
}
