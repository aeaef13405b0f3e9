import type { ProviderBudget } from "../../contract";
import { toIso } from "../../lib/time";
import type { BudgetMessage } from "./budget-notification";

export type PeriodRaise = { kind: "raised"; total: number } | { kind: "older"; latest: number };

/**
 * Records a notification's costAmount as its budget period's high-water mark and answers
 * spend to date: the sum over periods of each one's highest amount. costAmount runs up
 * within a period, so a lower one is older news and leaves everything as it was. An equal
 * one still counts as current, so a message redelivered after a failed store is applied.
 */
export function raisePeriod(sql: SqlStorage, { budgetId, notification }: BudgetMessage): PeriodRaise {
  const start = Date.parse(notification.costIntervalStart);
  const row = sql
    .exec<{ max_cost: number }>("SELECT max_cost FROM gcp_budget_periods WHERE budget_id = ? AND interval_start = ?", budgetId, start)
    .toArray()[0];
  if (row && notification.costAmount < row.max_cost) return { kind: "older", latest: row.max_cost };
  sql.exec(
    `INSERT INTO gcp_budget_periods (budget_id, interval_start, max_cost) VALUES (?, ?, ?)
     ON CONFLICT (budget_id, interval_start) DO UPDATE SET max_cost = MAX(max_cost, excluded.max_cost)`,
    budgetId,
    start,
    notification.costAmount,
  );
  const sum = sql.exec<{ total: number }>("SELECT COALESCE(SUM(max_cost), 0) AS total FROM gcp_budget_periods").one();
  return { kind: "raised", total: sum.total };
}

/** Keeps the latest notification's own flags (by publish time), so a late older one cannot replace them. */
export function recordBudgetStatus(sql: SqlStorage, { budgetId, publishedAt, notification }: BudgetMessage): void {
  sql.exec(
    `INSERT INTO gcp_budget_status (id, budget_id, display_name, budget_amount, alert_threshold_exceeded,
       forecast_threshold_exceeded, published_at) VALUES (1, ?, ?, ?, ?, ?, ?)
     ON CONFLICT (id) DO UPDATE SET budget_id = excluded.budget_id, display_name = excluded.display_name,
       budget_amount = excluded.budget_amount, alert_threshold_exceeded = excluded.alert_threshold_exceeded,
       forecast_threshold_exceeded = excluded.forecast_threshold_exceeded, published_at = excluded.published_at
     WHERE excluded.published_at >= gcp_budget_status.published_at`,
    budgetId,
    notification.budgetDisplayName ?? null,
    notification.budgetAmount ?? null,
    notification.alertThresholdExceeded ?? null,
    notification.forecastThresholdExceeded ?? null,
    publishedAt,
  );
}

type StatusRow = {
  display_name: string | null;
  budget_amount: number | null;
  alert_threshold_exceeded: number | null;
  forecast_threshold_exceeded: number | null;
  published_at: number;
};

/** The provider's own view of the budget, from its latest notification; null before the first. */
export function readProviderBudget(sql: SqlStorage): ProviderBudget | null {
  const row = sql.exec<StatusRow>("SELECT * FROM gcp_budget_status WHERE id = 1").toArray()[0];
  if (!row) return null;
  return {
    source: "gcp-billing",
    display_name: row.display_name,
    budget_amount: row.budget_amount,
    alert_threshold_exceeded: row.alert_threshold_exceeded,
    forecast_threshold_exceeded: row.forecast_threshold_exceeded,
    updated_at: toIso(row.published_at),
  };
}
