import type { PublicIncident } from "../../contract";
import { nextCounter } from "../storage/meta";
import { BUDGET_FINGERPRINT } from "./describe";
import { LEGACY_BUDGET_FINGERPRINTS } from "./budget";
import { openAndRecentlyResolved, toPublicIncident } from "./incident-rows";

const BUDGET_FINGERPRINTS = [BUDGET_FINGERPRINT, ...LEGACY_BUDGET_FINGERPRINTS];

function criticalBudgetAlertOpen(sql: SqlStorage): boolean {
  const marks = BUDGET_FINGERPRINTS.map(() => "?").join(", ");
  return (
    sql
      .exec(
        `SELECT 1 FROM alerts WHERE resolved_at IS NULL AND severity = 'critical' AND fingerprint IN (${marks}) LIMIT 1`,
        ...BUDGET_FINGERPRINTS,
      )
      .toArray().length > 0
  );
}

/**
 * docs/contract.md section 10: a budget alert is a public incident while it is critical. The
 * one budget alert escalates and de-escalates in place, so its critical stretches are recorded
 * here, each opened when it turns critical and resolved when it falls back to a warning or
 * resolves. Runs after every alert change (alerts/evaluation.ts); idempotent.
 */
export function syncBudgetIncident(sql: SqlStorage, now: number): void {
  const open = sql.exec<{ id: string }>("SELECT id FROM budget_incidents WHERE resolved_at IS NULL").toArray();
  const critical = criticalBudgetAlertOpen(sql);
  if (critical && open.length === 0) {
    const id = `budget-${nextCounter(sql, "budget_incident_id")}`;
    sql.exec("INSERT INTO budget_incidents (id, opened_at, updated_at) VALUES (?, ?, ?)", id, now, now);
  } else if (!critical && open.length > 0) {
    sql.exec("UPDATE budget_incidents SET resolved_at = ?, updated_at = ? WHERE resolved_at IS NULL", now, now);
  }
}

/** The open budget incident, and up to `resolvedLimit` resolved at or after `resolvedSince`, newest first. */
export function readBudgetIncidents(sql: SqlStorage, resolvedSince: number, resolvedLimit: number): PublicIncident[] {
  const from = { table: "budget_incidents", columns: "id, opened_at, updated_at, resolved_at" } as const;
  return openAndRecentlyResolved(sql, from, resolvedSince, resolvedLimit).map((row) =>
    toPublicIncident(row, { summary: "Budget", sources: ["cost"] }),
  );
}
