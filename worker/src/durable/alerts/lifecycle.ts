import { conflict, notFound } from "../../errors";
import { nextCounter } from "../storage/meta";
import {
  acknowledgeAlertRow,
  findAlert,
  findOpenAlert,
  insertAlert,
  markStillHolding,
  refreshAlert,
  resolveAlertRow,
  type AlertSpec,
  type StoredAlert,
} from "./store";

export type Raised = { id: string; fired: boolean };

/**
 * Fires an alert for the spec, or, while one with its fingerprint is open, counts another
 * occurrence on it (Alertmanager's dedup): a condition says a thing once, however often it holds.
 */
export function raiseAlert(sql: SqlStorage, spec: AlertSpec, now: number, hackathonId: string): Raised {
  const open = findOpenAlert(sql, spec.fingerprint, hackathonId);
  if (open) {
    refreshAlert(sql, open, spec, now);
    return { id: open.alert.id, fired: false };
  }
  const id = `alert-${nextCounter(sql, "alert_id")}`;
  insertAlert(sql, id, spec, now);
  return { id, fired: true };
}

/** A level condition (budget, flood) that still holds keeps its alert open without a new occurrence. */
export function holdAlert(sql: SqlStorage, spec: AlertSpec, now: number, hackathonId: string): Raised {
  const open = findOpenAlert(sql, spec.fingerprint, hackathonId);
  if (!open) return raiseAlert(sql, spec, now, hackathonId);
  if (spec.score > open.alert.score) refreshAlert(sql, open, spec, now);
  else markStillHolding(sql, open.alert.id, now);
  return { id: open.alert.id, fired: false };
}

function requireAlert(sql: SqlStorage, id: string, hackathonId: string): StoredAlert {
  const stored = findAlert(sql, id, hackathonId);
  if (!stored) throw notFound(`No alert "${id}" in this hackathon`);
  return stored;
}

/**
 * A person has seen it: it stays open (and deduplicating) until its condition clears or they
 * resolve it. `by` is who the credential says they are; the first acknowledgement is kept.
 */
export function acknowledgeAlert(sql: SqlStorage, id: string, now: number, hackathonId: string, by: string): boolean {
  const stored = requireAlert(sql, id, hackathonId);
  if (stored.alert.resolved) throw conflict(`Alert "${id}" is already resolved`);
  if (stored.alert.acknowledged_at !== null) return false;
  acknowledgeAlertRow(sql, id, now, by);
  return true;
}

/** Resolving twice is harmless: the second call changes nothing (and keeps the first `by`). */
export function resolveAlert(sql: SqlStorage, id: string, now: number, hackathonId: string, by: string): boolean {
  const stored = requireAlert(sql, id, hackathonId);
  if (stored.alert.resolved) return false;
  resolveAlertRow(sql, id, now, by);
  return true;
}
