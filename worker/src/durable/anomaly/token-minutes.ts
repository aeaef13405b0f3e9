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

/** `polled`: how many of the minute's rows came through a poll (events.origin). */
type MinuteRow = { minute: number; tokens: number; model: string; polled: number };

function minuteRows(sql: SqlStorage, from: number, to: number): MinuteRow[] {
  return sql
    .exec<MinuteRow>(
      // The top model per minute rides along for the alert text: SQLite returns it from the MAX row.
      // Reconciliation corrections are left out: they move the total, they are not calls made that minute.
      `SELECT minute, SUM(tokens) AS tokens, model, SUM(polled) AS polled FROM (
         SELECT (t.ts / ${MINUTE_MS}) * ${MINUTE_MS} AS minute, t.model, SUM(t.input_tokens + t.output_tokens) AS tokens,
           SUM(COALESCE(e.origin, 'webhook') <> 'webhook') AS polled
         FROM token_ledger t LEFT JOIN events e ON e.id = t.event_id
         WHERE t.ts >= ? AND t.ts < ? AND t.event_id NOT LIKE 'reconcile-%'
         GROUP BY minute, t.model ORDER BY tokens DESC)
       GROUP BY minute ORDER BY minute`,
      from,
      to,
    )
    .toArray();
}

/**
 * The token rate of every whole minute with calls that is not yet scored, oldest first. Idle
 * minutes are skipped: a team pausing is not an anomaly, and the rate is judged while working
 * (for the same reason a slow minute is not news: the series is scored on its high side). A
 * minute with calls that a poll brought is catch-up: read past, not scored (detectors.ts).
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
    catchUp: row.polled > 0,
    highSideOnly: true,
  }));
}

/** When the next minute closes, or null while token calls are quiet. */
export function nextTokenMinuteAt(sql: SqlStorage, now: number): number | null {
  const lastCall = sql.exec<{ ts: number | null }>("SELECT MAX(ts) AS ts FROM token_ledger").one().ts;
  if (lastCall === null || now - lastCall > QUIET_AFTER_MS) return null;
  return (Math.floor(now / MINUTE_MS) + 1) * MINUTE_MS + MINUTE_GRACE_MS;
}
