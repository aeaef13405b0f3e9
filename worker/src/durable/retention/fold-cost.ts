import { MINUTE_MS } from "../../lib/time";
import { cumBefore } from "../figures/cost-ledger";

type CostRow = {
  event_id: string;
  ts: number;
  amount: number | null;
  total: number | null;
  cum: number;
  events: number;
  service: string | null;
  own: number;
};

const sumOf = (rows: CostRow[], pick: (row: CostRow) => number) => rows.reduce((sum, row) => sum + pick(row), 0);

/**
 * Folds one run of `amount` rows into one row per service and origin (spend by service reads each row's
 * service): the last row of each service keeps its place (ts, event_id) and takes that service's
 * summed amount. The run's last row is always kept and keeps its running figure `cum`, so spend
 * at any instant outside the run is unchanged; the other kept rows' figures are rewritten from
 * the figure before the run, and a later back-fill before the run still rewrites every rollup
 * correctly (cum = the figure before it + amount). Spend by service is a running sum and does
 * not move.
 */
function foldRun(sql: SqlStorage, run: CostRow[]): void {
  const last = run.at(-1);
  if (!last) return;
  // The sender's own rows and catch-up fold apart: the spend rate reads only the former.
  const byService = new Map<string, CostRow[]>();
  for (const row of run) {
    const key = JSON.stringify([row.service, row.own]);
    byService.set(key, [...(byService.get(key) ?? []), row]);
  }
  const keptOf = new Map([...byService.values()].map((rows) => [rows.at(-1)!.event_id, rows]));
  let cum = byService.size > 1 ? cumBefore(sql, run[0]!.ts, run[0]!.event_id) : 0;
  for (const row of run) {
    const rows = keptOf.get(row.event_id);
    if (!rows) {
      sql.exec("DELETE FROM cost_ledger WHERE event_id = ?", row.event_id);
      continue;
    }
    const amount = sumOf(rows, (r) => r.amount ?? 0);
    cum += amount;
    sql.exec(
      "UPDATE cost_ledger SET amount = ?, events = ?, cum = ?, folded = 1 WHERE event_id = ?",
      amount,
      sumOf(rows, (r) => r.events),
      row === last ? last.cum : cum,
      row.event_id,
    );
  }
}

/**
 * Folds one minute of the cost ledger. A `total` row sets the figure regardless of what came
 * before, so it stays a row of its own; each run of `amount` rows between totals becomes one row
 * per service.
 */
function foldCostMinute(sql: SqlStorage, minute: number): void {
  const rows = sql
    .exec<CostRow>(
      "SELECT event_id, ts, amount, total, cum, events, service, own FROM cost_ledger WHERE ts >= ? AND ts < ? ORDER BY ts, event_id",
      minute,
      minute + MINUTE_MS,
    )
    .toArray();
  let run: CostRow[] = [];
  for (const row of rows) {
    if (row.total === null) {
      run.push(row);
      continue;
    }
    foldRun(sql, run);
    run = [];
    sql.exec("UPDATE cost_ledger SET folded = 1 WHERE event_id = ?", row.event_id);
  }
  foldRun(sql, run);
}

export function oldestUnfoldedCost(sql: SqlStorage): number | null {
  return sql.exec<{ ts: number | null }>("SELECT MIN(ts) AS ts FROM cost_ledger WHERE folded = 0").one().ts;
}

/** Folds up to `limit` minutes before `horizon`, oldest first; answers how many it folded. */
export function foldCostLedger(sql: SqlStorage, horizon: number, limit: number): number {
  let folded = 0;
  for (; folded < limit; folded++) {
    const oldest = oldestUnfoldedCost(sql);
    if (oldest === null || oldest >= horizon) break;
    foldCostMinute(sql, Math.floor(oldest / MINUTE_MS) * MINUTE_MS);
  }
  return folded;
}
