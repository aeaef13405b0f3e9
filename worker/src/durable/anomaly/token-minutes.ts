// Storage side of anomaly detection: closes each minute of the token rate for the pure
// detector (worker/src/anomaly/) to score.
import { MINUTE_MS } from "../../lib/time";
import { lastScoredAt } from "./detectors";
import type { SeriesPoint } from "./series-points";

export const TOKEN_RATE_SERIES = "tokens.rate";
/** After this long without token calls the minute timer stops; the next call starts it again. */
const QUIET_AFTER_MS = 10 * MINUTE_MS;
/** A minute is scored once a short grace has passed for its late calls. */
export const MINUTE_GRACE_MS = 2_000;
const MAX_CATCH_UP_MINUTES = 60;

type MinuteRow = { minute: number; tokens: number; model: string };

/**
 * The sender's own tokens per minute (`own`, ingest/origin.ts): calls a poll or a reconciliation
 * brought are catch-up, whose tokens may belong to any earlier time, so they are taken out of
 * the minute they are stamped in, and a flood the sender made in that minute is still scored.
 * Read from the window index alone.
 */
function minuteRows(sql: SqlStorage, from: number, to: number): MinuteRow[] {
  return sql
    .exec<MinuteRow>(
      // The top model per minute rides along for the alert text: SQLite returns it from the MAX row.
      `SELECT minute, SUM(tokens) AS tokens, model FROM (
         SELECT (ts / ${MINUTE_MS}) * ${MINUTE_MS} AS minute, model, SUM(input_tokens + output_tokens) AS tokens
         FROM token_ledger WHERE ts >= ? AND ts < ? AND own = 1
         GROUP BY minute, model ORDER BY tokens DESC)
       GROUP BY minute ORDER BY minute`,
      from,
      to,
    )
    .toArray();
}

/**
 * The sender's token rate of every whole minute in which it made calls that is not yet scored,
 * oldest first. Idle minutes are skipped: a team pausing is not an anomaly, and the rate is
 * judged while working (for the same reason a slow minute is not news: the series is scored on
 * its high side).
 */
export function closedTokenMinutes(sql: SqlStorage, now: number): SeriesPoint[] {
  const current = Math.floor((now - MINUTE_GRACE_MS) / MINUTE_MS) * MINUTE_MS;
  const lastScored = lastScoredAt(sql, TOKEN_RATE_SERIES);
  const from = Math.max(lastScored === null ? -Infinity : lastScored + MINUTE_MS, current - MAX_CATCH_UP_MINUTES * MINUTE_MS);
  if (from >= current) return [];
  return minuteRows(sql, from, current).map((row) => ({
    series: TOKEN_RATE_SERIES,
    ts: row.minute,
    value: row.tokens,
    context: { model: row.model },
    highSideOnly: true,
  }));
}

/** When the next minute closes, or null while token calls are quiet. */
export function nextTokenMinuteAt(sql: SqlStorage, now: number): number | null {
  const lastCall = sql.exec<{ ts: number | null }>("SELECT MAX(ts) AS ts FROM token_ledger").one().ts;
  if (lastCall === null || now - lastCall > QUIET_AFTER_MS) return null;
  return (Math.floor(now / MINUTE_MS) + 1) * MINUTE_MS + MINUTE_GRACE_MS;
}
