import { DAY_MS, minuteOf } from "../../lib/time";
import type { ChangeSet } from "../ingest/changes";

/** Back-fill older than this is stored and counted but not re-rolled into history. */
const MAX_BACKFILL_MS = 7 * DAY_MS;

export function markMinute(sql: SqlStorage, series: string, minute: number, version: number) {
  sql.exec(
    `INSERT INTO history_dirty (series, minute, version) VALUES (?, ?, ?)
     ON CONFLICT (series, minute) DO UPDATE SET version = excluded.version`,
    series,
    minute,
    version,
  );
}

/** Marks every minute from `from` to `to` of each series (a back-filled event changes every later level). */
function markRange(sql: SqlStorage, series: readonly string[], fromMs: number, toMs: number, version: number) {
  sql.exec(
    `WITH RECURSIVE m(minute) AS (SELECT ? UNION ALL SELECT minute + 60 FROM m WHERE minute + 60 <= ?),
       s(series) AS (VALUES ${series.map(() => "(?)").join(", ")})
     INSERT INTO history_dirty (series, minute, version) SELECT s.series, m.minute, ? FROM s, m WHERE true
     ON CONFLICT (series, minute) DO UPDATE SET version = excluded.version`,
    minuteOf(fromMs),
    minuteOf(toMs),
    ...series,
    version,
  );
}

const LEVEL_FAMILIES = [
  ["costFrom", ["cost.spend", "cost.burn_rate", "cost.projected"]],
  ["tokensFrom", ["tokens.total"]],
  ["tasksFrom", ["tasks.percent_complete", "tasks.completed", "tasks.total"]],
] as const;

/** Records which per-minute rollups an ingest changed; values are computed when flushed. */
export function markHistory(sql: SqlStorage, changes: ChangeSet, now: number, version: number) {
  for (const [field, seriesNames] of LEVEL_FAMILIES) {
    const from = changes[field];
    if (from === null) continue;
    markRange(sql, seriesNames, Math.max(from, now - MAX_BACKFILL_MS), Math.max(now, from), version);
  }
  for (const minute of changes.tokenMinutes) markMinute(sql, "tokens.rate", minute, version);
  for (const [name, minutes] of changes.metricMinutes) {
    for (const minute of minutes) markMinute(sql, `metric.${name}`, minute, version);
  }
}
