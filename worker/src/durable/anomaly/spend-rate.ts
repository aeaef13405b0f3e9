// Storage side of anomaly detection: the spend rate the `cost.spend` detector scores, read from
// the cost ledger (figures/cost.ts) so that the gap between cost events is accounted for.
import { HOUR_MS } from "../../lib/time";

const SECOND_MS = 1000;

/**
 * A rate is measured over at least this long: cost events closer together (several services
 * reporting in the same second, a fast sender) are read together rather than as a burst over
 * a few milliseconds. Longer windows smear a short incident over more points (on the demo's
 * replay, 60 s caught 57 of 63 incidents, 30 s 60, 15 s 63 but also flagged a fifth of its
 * lone one-event blips; docs/anomaly.md).
 */
export const MIN_RATE_SPAN_MS = 30 * SECOND_MS;

/** The sender's own spend in (from, to] and the rate it makes, in currency per hour. */
export type SpendRate = { spend: number; from: number; to: number; perHour: number };

/** Reconciliation moves a figure to the provider's truth; that step is a correction, not spend. */
export const isCorrectionId = (eventId: string) => eventId.startsWith("reconcile-");

type SenderRow = { event_id: string; ts: number; amount: number | null; total: number | null; cum: number };

// Only what the sender itself reported: rows a poll or a reconciliation added are catch-up.
const SENDER_ROWS = `SELECT c.event_id, c.ts, c.amount, c.total, c.cum FROM cost_ledger c
  JOIN events e ON e.id = c.event_id WHERE e.origin = 'webhook'`;

/**
 * Where the rate at `to` is measured from: the sender's last report at least MIN_RATE_SPAN_MS
 * earlier, or, while its reports are younger than that, its first. The span between two of
 * its reports is what an `amount` covers, so the window always holds whole reports.
 */
function windowStart(sql: SqlStorage, to: number): SenderRow | null {
  const before = sql.exec<SenderRow>(`${SENDER_ROWS} AND c.ts <= ? ORDER BY c.ts DESC, c.event_id DESC LIMIT 1`, to - MIN_RATE_SPAN_MS);
  const start = before.toArray()[0];
  if (start) return start;
  return sql.exec<SenderRow>(`${SENDER_ROWS} AND c.ts < ? ORDER BY c.ts, c.event_id LIMIT 1`, to).toArray()[0] ?? null;
}

/**
 * What the sender reported after `start` up to `to`: each `amount`, and each `total`'s step over
 * its previous report. Figures that polls and reconciliation brought in between (catch-up,
 * whose spend may belong to any earlier time) are not the sender's and do not count.
 */
function senderSpendAfter(sql: SqlStorage, start: SenderRow, to: number): number {
  const rows = sql
    .exec<SenderRow>(`${SENDER_ROWS} AND (c.ts, c.event_id) > (?, ?) AND c.ts <= ? ORDER BY c.ts, c.event_id`, start.ts, start.event_id, to)
    .toArray();
  let spend = 0;
  let previous = start.cum;
  for (const row of rows) {
    spend += row.amount ?? (row.total ?? previous) - previous;
    previous = row.cum;
  }
  return spend;
}

/**
 * The sender's spend rate at ledger time `to`: what it reported in the window ending there
 * (every report stamped `to` included), per hour. Null for its first report, which has
 * nothing before it to measure from.
 */
export function spendRateAt(sql: SqlStorage, to: number): SpendRate | null {
  const start = windowStart(sql, to);
  if (!start || to <= start.ts) return null;
  const spend = senderSpendAfter(sql, start, to);
  return { spend, from: start.ts, to, perHour: (spend / (to - start.ts)) * HOUR_MS };
}
