import { MINUTE_MS } from "../../lib/time";

type CostRow = { event_id: string; amount: number | null; total: number | null; events: number };

/**
 * Folds one run of `amount` rows into its last row: the last row keeps its place (ts,
 * event_id) and its running figure `cum`, and takes the run's summed amount. Spend at any
 * instant outside the run is unchanged, and a later back-fill before the run still rewrites
 * the rollup correctly (cum = the figure before it + amount).
 */
function foldRun(sql: SqlStorage, run: CostRow[]): void {
  const last = run.at(-1);
  if (!last) return;
  const amount = run.reduce((sum, row) => sum + (row.amount ?? 0), 0);
  const events = run.reduce((sum, row) => sum + row.events, 0);
  for (const row of run.slice(0, -1)) sql.exec("DELETE FROM cost_ledger WHERE event_id = ?", row.event_id);
  sql.exec("UPDATE cost_ledger SET amount = ?, events = ?, folded = 1 WHERE event_id = ?", amount, events, last.event_id);
}

/**
 * Folds one minute of the cost ledger. A `total` row sets the figure regardless of what came
 * before, so it stays a row of its own; each run of `amount` rows between totals becomes one.
 */
function foldCostMinute(sql: SqlStorage, minute: number): void {
  const rows = sql
    .exec<CostRow>(
      "SELECT event_id, amount, total, events FROM cost_ledger WHERE ts >= ? AND ts < ? ORDER BY ts, event_id",
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
