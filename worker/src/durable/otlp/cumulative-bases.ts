/**
 * The previous point of each cumulative OTLP stream (a monotonic sum or a histogram's count),
 * so the next one reads as a rate (docs/contract.md section 11). Kept in the object's storage: a
 * counter's rate must survive the object's restarts. Table `otlp_cumulative_bases`
 * (storage/schema.ts).
 */

/**
 * Streams remembered at most; past it the least recently seen is forgotten (its next point
 * sets a new base, one rate point lost). Attribute sets are the sender's to choose, so this
 * bounds what one hackathon can make its object hold.
 */
export const MAX_STREAMS = 5_000;

type Base = { start_ms: number; time_ms: number; value: number };

/**
 * The rate per second since the stream's base, then this point is the base. Null (no rate)
 * for the first point, a reset (a lower value or a new start time: the counter restarted),
 * and a point not after the base (a retried or late export: already counted).
 */
export function rateSinceBase(sql: SqlStorage, stream: string, point: { startMs: number; timeMs: number; value: number }): number | null {
  const base = sql.exec<Base>("SELECT start_ms, time_ms, value FROM otlp_cumulative_bases WHERE stream = ?", stream).toArray()[0];
  if (base && base.start_ms === point.startMs && point.timeMs <= base.time_ms) return null;
  const reset = !base || base.start_ms !== point.startMs || point.value < base.value;
  sql.exec(
    `INSERT INTO otlp_cumulative_bases (stream, start_ms, time_ms, value) VALUES (?, ?, ?, ?)
     ON CONFLICT (stream) DO UPDATE SET start_ms = excluded.start_ms, time_ms = excluded.time_ms, value = excluded.value`,
    stream,
    point.startMs,
    point.timeMs,
    point.value,
  );
  if (!base) forgetOldest(sql);
  if (reset) return null;
  return (point.value - base.value) / ((point.timeMs - base.time_ms) / 1000);
}

function forgetOldest(sql: SqlStorage): void {
  const { n } = sql.exec<{ n: number }>("SELECT COUNT(*) AS n FROM otlp_cumulative_bases").one();
  if (n <= MAX_STREAMS) return;
  sql.exec(
    "DELETE FROM otlp_cumulative_bases WHERE stream IN (SELECT stream FROM otlp_cumulative_bases ORDER BY time_ms LIMIT ?)",
    n - MAX_STREAMS,
  );
}
