import type { RoomHealth, SourceName } from "../../contract";
import { toIsoOrNull } from "../../lib/time";
import { readMetaCache } from "../storage/meta";

/** Meta key of the last history flush that reached D1 (object clock, ms). */
export const LAST_FLUSH_KEY = "last_flush_at";

const count = (sql: SqlStorage, query: string) => sql.exec<{ n: number }>(query).one().n;
const isNumber = (value: unknown): value is number => typeof value === "number" && Number.isFinite(value);
const isCount = (value: unknown): value is number => isNumber(value) && Number.isInteger(value) && value >= 0;

/**
 * The object's own machinery for `/healthz?deep=1`: what still has to reach D1, what is
 * scheduled, when a flush last succeeded, and each source's mode. Reads only.
 */
export async function readRoomHealth(storage: DurableObjectStorage): Promise<RoomHealth> {
  const sql = storage.sql;
  const timers = sql.exec<{ n: number; next: number | null }>("SELECT COUNT(*) AS n, MIN(due_at) AS next FROM timers").one();
  const lastFlush = readMetaCache(sql, LAST_FLUSH_KEY, isNumber) ?? null;
  const failures = readMetaCache(sql, "flush_failures", isCount) ?? 0;
  const sources = sql
    .exec<{ source: SourceName; mode: RoomHealth["sources"][SourceName] }>("SELECT source, mode FROM source_health")
    .toArray();
  return {
    history_backlog: {
      series_minutes: count(sql, "SELECT COUNT(*) AS n FROM history_dirty"),
      alerts: count(sql, "SELECT COUNT(*) AS n FROM alerts WHERE version > flushed_version"),
    },
    timers: { scheduled: timers.n, next_due_at: toIsoOrNull(timers.next), alarm_at: toIsoOrNull(await storage.getAlarm()) },
    last_flush_at: toIsoOrNull(lastFlush),
    flush_failures: failures,
    sources: Object.fromEntries(sources.map((row) => [row.source, row.mode])) as RoomHealth["sources"],
  };
}
