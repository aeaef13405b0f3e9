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

type SenderRow = { event_id: string; ts: number; amount: number | null; total: number | null; cum: number };

// Only what the sender itself reported: rows a poll or a reconciliation added are catch-up (ingest/origin.ts).
const SENDER_ROWS = "SELECT event_id, ts, amount, total, cum FROM cost_ledger WHERE own = 1";

/**
 * The sender's reports a batch's windows read, oldest first: from where the earliest window
 * starts (its last report at least MIN_RATE_SPAN_MS before `from`, or else its first) to `to`.
 */
function senderRowsFor(sql: SqlStorage, from: number, to: number): SenderRow[] {
  const anchor = sql
    .exec<SenderRow>(`${SENDER_ROWS} AND ts <= ? ORDER BY ts DESC, event_id DESC LIMIT 1`, from - MIN_RATE_SPAN_MS)
    .toArray()[0];
  const after = anchor
    ? sql.exec<SenderRow>(`${SENDER_ROWS} AND (ts, event_id) >= (?, ?) AND ts <= ? ORDER BY ts, event_id`, anchor.ts, anchor.event_id, to)
    : sql.exec<SenderRow>(`${SENDER_ROWS} AND ts <= ? ORDER BY ts, event_id`, to);
  return after.toArray();
}

/**
 * What the sender reported up to each of its rows: each `amount`, and each `total`'s step over
 * its previous report. Figures that polls and reconciliation brought in between (catch-up,
 * whose spend may belong to any earlier time) are not the sender's and do not count. A window's
 * spend is the difference of two of these.
 */
function reportedTo(rows: SenderRow[]): number[] {
  const reported: number[] = [];
  let sum = 0;
  rows.forEach((row, i) => {
    const previous = rows[i - 1]?.cum ?? row.cum;
    if (i > 0) sum += row.amount ?? (row.total ?? previous) - previous;
    reported.push(sum);
  });
  return reported;
}

/** The index of the last row stamped at or before `at`, at or after `from`; -1 when there is none. */
function lastIndexAtOrBefore(rows: SenderRow[], at: number, from: number): number {
  let index = from - 1;
  while (index + 1 < rows.length && rows[index + 1]!.ts <= at) index++;
  return index;
}

/**
 * The sender's spend rate at each ledger time in `tos`: what it reported in the window ending
 * there (every report stamped then included), per hour. A window starts at the sender's last
 * report at least MIN_RATE_SPAN_MS earlier, or, while its reports are younger than that, at its
 * first: the span between two of its reports is what an `amount` covers, so the window always
 * holds whole reports. Null for its first report, which has nothing before it to measure from.
 * The batch's reports are read once and its windows slide over them: a batch of n reports costs
 * n rows, not n² (a window per report).
 */
export function spendRatesAt(sql: SqlStorage, tos: readonly number[]): Map<number, SpendRate | null> {
  const sorted = [...new Set(tos)].sort((a, b) => a - b);
  const rates = new Map<number, SpendRate | null>();
  if (sorted.length === 0) return rates;
  const rows = senderRowsFor(sql, sorted[0]!, sorted.at(-1)!);
  const reported = reportedTo(rows);
  let start = -1;
  let end = -1;
  for (const to of sorted) {
    start = Math.max(start, lastIndexAtOrBefore(rows, to - MIN_RATE_SPAN_MS, Math.max(start, 0)));
    end = lastIndexAtOrBefore(rows, to, Math.max(end, 0));
    const from = start >= 0 ? start : rows[0] && rows[0].ts < to ? 0 : -1;
    const first = rows[from];
    if (!first || to <= first.ts) {
      rates.set(to, null);
      continue;
    }
    const spend = reported[end]! - reported[from]!;
    rates.set(to, { spend, from: first.ts, to, perHour: (spend / (to - first.ts)) * HOUR_MS });
  }
  return rates;
}
