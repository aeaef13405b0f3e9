import type { Thresholds } from "../../contract";
import { budgetSpec, type BudgetLevel } from "./describe";
import { raiseAlert, type Raised } from "./lifecycle";
import { findOpenAlert, markStillHolding } from "./store";

/** A level fires again only after spend has fallen this far (as a fraction of budget) below it. */
export const BUDGET_REARM_MARGIN = 0.05;
const LEVELS: BudgetLevel[] = ["warning", "critical"];

export type BudgetReading = { spend: number; budget: number; thresholds: Thresholds };

const thresholdOf = (level: BudgetLevel, thresholds: Thresholds) =>
  level === "warning" ? thresholds.budget_warning : thresholds.budget_critical;

function isArmed(sql: SqlStorage, level: BudgetLevel): boolean {
  return (sql.exec<{ armed: number }>("SELECT armed FROM budget_levels WHERE level = ?", level).toArray()[0]?.armed ?? 1) === 1;
}

function setArmed(sql: SqlStorage, level: BudgetLevel, armed: boolean): void {
  sql.exec(
    "INSERT INTO budget_levels (level, armed) VALUES (?, ?) ON CONFLICT (level) DO UPDATE SET armed = excluded.armed",
    level,
    armed ? 1 : 0,
  );
}

export const budgetUsed = ({ spend, budget }: BudgetReading) => (budget > 0 ? spend / budget : 0);

/** Whether the level's condition holds now (used >= its threshold). */
export function budgetLevelHolds(level: BudgetLevel, reading: BudgetReading): boolean {
  return budgetUsed(reading) >= thresholdOf(level, reading.thresholds);
}

/**
 * CONTRACT section 8: each level fires once per crossing. Firing disarms the level; it re-arms
 * only when the used fraction falls below the threshold by the margin, so wobbling around a
 * threshold is one alert, not one per event.
 */
export function evaluateBudget(sql: SqlStorage, reading: BudgetReading, now: number, hackathonId: string): Raised[] {
  const used = budgetUsed(reading);
  const raised: Raised[] = [];
  for (const level of LEVELS) {
    const threshold = thresholdOf(level, reading.thresholds);
    if (used >= threshold) {
      const open = findOpenAlert(sql, `budget:${level}`, hackathonId);
      if (open) markStillHolding(sql, open.alert.id, now);
      else if (isArmed(sql, level)) {
        raised.push(raiseAlert(sql, budgetSpec(level, threshold, used, now), now, hackathonId));
        setArmed(sql, level, false);
      }
    } else if (used < threshold - BUDGET_REARM_MARGIN) {
      setArmed(sql, level, true);
    }
  }
  return raised;
}
