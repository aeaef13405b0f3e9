import type { AuditAction, AuditEntry, AuditQuery } from "../../contract";
import { rangeMs, toIso } from "../../lib/time";

/**
 * The hackathon's audit log (docs/contract.md section 12): who changed what, kept in the object's
 * own SQLite beside the change it records, so an entry is written in the same storage batch as
 * the change (no await between them) and is never lost or doubled on its own.
 */

/** The newest entries kept: months of a busy hackathon's organising, and a bounded table however busy. */
export const AUDIT_LOG_KEEP = 5_000;
/** The most one read answers; older ones are reached with `?to=`. */
export const AUDIT_READ_LIMIT = 1_000;

export type AuditRecord = { by: string; action: AuditAction; target: string; detail?: Record<string, unknown> | null };

/** Appends an entry and drops those older than the newest AUDIT_LOG_KEEP (ids only grow: AUTOINCREMENT). */
export function appendAudit(sql: SqlStorage, at: number, entry: AuditRecord): void {
  const { id } = sql
    .exec<{ id: number }>(
      "INSERT INTO audit_log (at, by, action, target, detail) VALUES (?, ?, ?, ?, ?) RETURNING id",
      at,
      entry.by,
      entry.action,
      entry.target,
      entry.detail ? JSON.stringify(entry.detail) : null,
    )
    .one();
  if (id > AUDIT_LOG_KEEP) sql.exec("DELETE FROM audit_log WHERE id <= ?", id - AUDIT_LOG_KEEP);
}

type AuditRow = { at: number; by: string; action: AuditAction; target: string; detail: string | null };

/** Entries in `[from, to]` (either end optional), newest first. */
export function readAudit(sql: SqlStorage, range: AuditQuery): AuditEntry[] {
  const [from, to] = rangeMs(range);
  return sql
    .exec<AuditRow>(
      "SELECT at, by, action, target, detail FROM audit_log WHERE at >= ? AND at <= ? ORDER BY at DESC, id DESC LIMIT ?",
      from,
      to,
      AUDIT_READ_LIMIT,
    )
    .toArray()
    .map((row) => ({
      at: toIso(row.at),
      by: row.by,
      action: row.action,
      target: row.target,
      detail: row.detail === null ? null : (JSON.parse(row.detail) as Record<string, unknown>),
    }));
}
