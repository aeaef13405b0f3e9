import type { Thresholds } from "../../contract";
import { nextCounter } from "../storage/meta";
import { BUDGET_FINGERPRINT, budgetSpec, type BudgetLevel } from "./describe";
import {
  findOpenAlerts,
  insertAlert,
  markStillHolding,
  resolveAlertRow,
  reviseAlert,
  type StoredAlert,
  setAlertFingerprint,
} from "./store";

/** A level fires again only after spend has fallen this far (as a fraction of budget) below it. */
export const BUDGET_REARM_MARGIN = 0.05;
/** Lowest first. */
const LEVELS: BudgetLevel[] = ["warning", "critical"];
/**
 * Before one escalating alert, each level had its own alert under these keys. An open one is
 * taken over at the next budget evaluation: the worst keeps its id as the one budget alert, the
 * rest resolve ("auto"). Until then each still resolves on its own level (`budgetLevelHolds`).
 */
export const LEGACY_BUDGET_FINGERPRINTS = ["budget:warning", "budget:critical"];

export type BudgetReading = { spend: number; budget: number; currency: string; thresholds: Thresholds };

const thresholdOf = (level: BudgetLevel, thresholds: Thresholds) =>
  level === "warning" ? thresholds.budget_warning : thresholds.budget_critical;
const rank = (level: BudgetLevel) => LEVELS.indexOf(level);

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

/** Reaching a level crosses every level under it too: none of them fires again until re-armed. */
function disarmUpTo(sql: SqlStorage, level: BudgetLevel): void {
  for (const each of LEVELS) if (rank(each) <= rank(level)) setArmed(sql, each, false);
}

export const budgetUsed = ({ spend, budget }: Pick<BudgetReading, "spend" | "budget">) => (budget > 0 ? spend / budget : 0);

/** The highest level the used fraction has reached, or null under the warning level. */
function reachedLevel(used: number, thresholds: Thresholds): BudgetLevel | null {
  return [...LEVELS].reverse().find((level) => used >= thresholdOf(level, thresholds)) ?? null;
}

/** Whether a budget alert's condition holds now: used at or above the warning level. */
export function budgetHolds(reading: BudgetReading): boolean {
  return reachedLevel(budgetUsed(reading), reading.thresholds) !== null;
}

/** Whether an alert stored under an old per-level key still holds (used >= that level). */
export function budgetLevelHolds(level: BudgetLevel, reading: BudgetReading): boolean {
  return budgetUsed(reading) >= thresholdOf(level, reading.thresholds);
}

/** The one open budget alert, after taking over any stored under the old per-level keys. */
function openBudgetAlert(sql: SqlStorage, now: number, hackathonId: string, changed: string[]): StoredAlert | null {
  const [kept, ...others] = findOpenAlerts(sql, [BUDGET_FINGERPRINT, ...LEGACY_BUDGET_FINGERPRINTS], hackathonId);
  if (!kept) return null;
  if (kept.fingerprint !== BUDGET_FINGERPRINT) setAlertFingerprint(sql, kept.alert.id, BUDGET_FINGERPRINT);
  for (const other of others) {
    resolveAlertRow(sql, other.alert.id, now, "auto");
    changed.push(other.alert.id);
  }
  return kept;
}

/** Whether the stored alert reads differently now: another level, whole percent, or side of 100%. */
function readsDifferently(open: StoredAlert, level: BudgetLevel, used: number): boolean {
  const before = open.alert.score;
  return open.alert.severity !== level || Math.round(before * 100) !== Math.round(used * 100) || before > 1 !== used > 1;
}

/**
 * docs/contract.md section 8: at most one budget alert is open, at the highest level reached.
 * Each level fires once per crossing: reaching it disarms it (and those under it), and it
 * re-arms only when the used fraction falls the margin below it, so wobbling around a threshold
 * is one alert, not one per event. A higher level escalates the open alert (same id); falling
 * the margin below the critical level lowers it to a warning; under the warning level it stops
 * holding and resolves after the hold period. Returns the alerts it changed.
 */
export function evaluateBudget(sql: SqlStorage, reading: BudgetReading, now: number, hackathonId: string): string[] {
  const used = budgetUsed(reading);
  const { thresholds } = reading;
  for (const level of LEVELS) if (used < thresholdOf(level, thresholds) - BUDGET_REARM_MARGIN) setArmed(sql, level, true);
  const changed: string[] = [];
  const reached = reachedLevel(used, thresholds);
  const specAt = (level: BudgetLevel) => budgetSpec(level, thresholdOf(level, thresholds), { ...reading, used }, now);
  const open = openBudgetAlert(sql, now, hackathonId, changed);

  if (!open) {
    if (reached && isArmed(sql, reached)) {
      const id = `alert-${nextCounter(sql, "alert_id")}`;
      insertAlert(sql, id, specAt(reached), now);
      disarmUpTo(sql, reached);
      changed.push(id);
    }
    return changed;
  }

  const current: BudgetLevel = open.alert.severity === "critical" ? "critical" : "warning";
  const escalates = reached !== null && rank(reached) > rank(current) && isArmed(sql, reached);
  const deescalates = current === "critical" && used < thresholds.budget_critical - BUDGET_REARM_MARGIN;
  const level: BudgetLevel = escalates && reached ? reached : deescalates ? "warning" : current;
  if (reached !== null) markStillHolding(sql, open.alert.id, now);
  if (escalates) disarmUpTo(sql, level);
  if (readsDifferently(open, level, used)) {
    reviseAlert(sql, open.alert.id, specAt(level), escalates);
    changed.push(open.alert.id);
  }
  return changed;
}
