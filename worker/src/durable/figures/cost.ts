// Figures: the numbers on the dashboard, kept current as events are applied. This one: spend.
import type { CostEvent, CostMetrics } from "../../contract";
import { HOUR_MS, toIsoOrNull } from "../../lib/time";
import { type BurnEstimate, estimateBurn } from "./burn-rate";
import { cumBefore, lastRowAtOrBefore } from "./cost-ledger";
import { readSpendByService } from "./spend-by-service";

type LedgerRow = { event_id: string; ts: number; amount: number | null; total: number | null; cum: number };

/**
 * Spend to date as of `at`: the cumulative figure of the last cost event at or before it.
 * A `total` event sets the figure; an `amount` event adds to the one before it.
 */
export function spendAt(sql: SqlStorage, at: number): number {
  return lastRowAtOrBefore(sql, at)?.cum ?? 0;
}

export function currentSpend(sql: SqlStorage): number {
  const row = sql.exec<{ cum: number }>("SELECT cum FROM cost_ledger ORDER BY ts DESC, event_id DESC LIMIT 1").toArray()[0];
  return row?.cum ?? 0;
}

/**
 * Inserts a cost event into the ledger in event-time order and rewrites the running
 * figure of every later row up to the next `total`, which does not depend on the past.
 * `own`: the sender's own report (ingest/origin.ts). Answers the spend the row adds over the
 * row before it (figures/spend-by-service.ts attributes it).
 */
export function applyCostEvent(sql: SqlStorage, eventId: string, ts: number, event: CostEvent, own: boolean): number {
  const before = cumBefore(sql, ts, eventId);
  let cum = event.total ?? before + (event.amount ?? 0);
  const increment = cum - before;
  sql.exec(
    "INSERT INTO cost_ledger (event_id, ts, amount, total, cum, service, own) VALUES (?, ?, ?, ?, ?, ?, ?)",
    eventId,
    ts,
    event.amount ?? null,
    event.total ?? null,
    cum,
    event.service ?? null,
    own ? 1 : 0,
  );
  const later = sql
    .exec<LedgerRow>(
      "SELECT event_id, ts, amount, total, cum FROM cost_ledger WHERE (ts, event_id) > (?, ?) ORDER BY ts, event_id",
      ts,
      eventId,
    )
    .toArray();
  for (const row of later) {
    if (row.total !== null) break;
    cum += row.amount ?? 0;
    if (cum !== row.cum) sql.exec("UPDATE cost_ledger SET cum = ? WHERE event_id = ?", cum, row.event_id);
  }
  return increment;
}

/** What the cost part is read against; `burn` is the estimate as of now, read once and shared with the outlook. */
export type CostContext = { endsAt: number | null; budget: number; burn: BurnEstimate };

/** Currency per hour as of `at` (figures/burn-rate.ts: robust to senders that report rarely or late). */
export function burnRateAt(sql: SqlStorage, at: number, startsAt: number): number {
  return estimateBurn(sql, at, startsAt).rate;
}

/**
 * Spend at `endsAt`: `spend`, plus `burnRate` from `measuredTo` (where the burn rate's
 * measurement ends: spend after it is not reported yet) to the end.
 */
export function projectedCostAt(spend: number, burnRate: number, measuredTo: number, endsAt: number | null): number {
  if (endsAt === null) return spend;
  return spend + burnRate * (Math.max(0, endsAt - measuredTo) / HOUR_MS);
}

export function readCostMetrics(
  sql: SqlStorage,
  { endsAt, budget, burn }: CostContext,
  lastEventAt: number | null,
  anomalyScore: number,
): CostMetrics {
  const spend = currentSpend(sql);
  return {
    current_spend: spend,
    budget_remaining: budget - spend,
    burn_rate: burn.rate,
    projected_cost: projectedCostAt(spend, burn.rate, burn.measuredTo, endsAt),
    anomaly_score: anomalyScore,
    last_updated: toIsoOrNull(lastEventAt),
    by_service: readSpendByService(sql),
  };
}

/** The spend one ledger row added over the row before it (its interval's cost). */
export function costIncrementOf(sql: SqlStorage, eventId: string, ts: number): number | null {
  const row = sql.exec<{ cum: number }>("SELECT cum FROM cost_ledger WHERE event_id = ?", eventId).toArray()[0];
  return row ? row.cum - cumBefore(sql, ts, eventId) : null;
}
