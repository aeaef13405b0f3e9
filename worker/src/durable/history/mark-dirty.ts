import type { TaskMetrics } from "../../contract";
import { DAY_MS, minuteOf } from "../../lib/time";
import type { ChangeSet } from "../ingest/changes";

/** Back-fill older than this is stored and counted but not re-rolled into history. */
const MAX_BACKFILL_MS = 7 * DAY_MS;

function markMinute(sql: SqlStorage, series: string, minute: number, version: number, value: number | null = null) {
  sql.exec(
    `INSERT INTO history_dirty (series, minute, value, version) VALUES (?, ?, ?, ?)
     ON CONFLICT (series, minute) DO UPDATE SET value = excluded.value, version = excluded.version`,
    series,
    minute,
    value,
    version,
  );
}

/** Marks every minute from `from` to `to` (a back-filled event changes every later level). */
function markRange(sql: SqlStorage, series: string, fromMs: number, toMs: number, version: number) {
  sql.exec(
    `WITH RECURSIVE m(minute) AS (SELECT ? UNION ALL SELECT minute + 60 FROM m WHERE minute + 60 <= ?)
     INSERT INTO history_dirty (series, minute, value, version) SELECT ?, minute, NULL, ? FROM m WHERE true
     ON CONFLICT (series, minute) DO UPDATE SET version = excluded.version`,
    minuteOf(fromMs),
    minuteOf(toMs),
    series,
    version,
  );
}

/** Records which per-minute rollups an ingest changed; values are computed when flushed. */
export function markHistory(sql: SqlStorage, changes: ChangeSet, now: number, version: number, tasks: TaskMetrics | null) {
  const oldest = now - MAX_BACKFILL_MS;
  if (changes.costFrom !== null) {
    const from = Math.max(changes.costFrom, oldest);
    const to = Math.max(now, changes.costFrom);
    for (const series of ["cost.spend", "cost.burn_rate", "cost.projected"]) markRange(sql, series, from, to, version);
  }
  if (changes.tokensFrom !== null) {
    markRange(sql, "tokens.total", Math.max(changes.tokensFrom, oldest), Math.max(now, changes.tokensFrom), version);
  }
  for (const minute of changes.tokenMinutes) markMinute(sql, "tokens.rate", minute, version);
  for (const [name, minutes] of changes.metricMinutes) {
    for (const minute of minutes) markMinute(sql, `metric.${name}`, minute, version);
  }
  if (tasks) {
    // Task figures are snapshots of the board as it is now, written at the current minute.
    const minute = minuteOf(now);
    markMinute(sql, "tasks.percent_complete", minute, version, tasks.percent_complete);
    markMinute(sql, "tasks.completed", minute, version, tasks.completed_tasks);
    markMinute(sql, "tasks.total", minute, version, tasks.total_tasks);
  }
}
