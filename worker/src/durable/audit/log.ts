import type { AuditAction, AuditEntry, AuditQuery } from "../../contract";
import { rangeMs, toIso } from "../../lib/time";

/**
 * The hackathon's audit log (docs/contract.md section 12): who changed what, kept in the object's
 * own SQLite beside the change it records, so an entry is written in the same storage batch as
 * the change (no await between them) and is never lost or doubled on its own.
 */

/**
 * The newest entries kept of what operators may do at volume (acks, resolutions, silences,
 * maintenance): months of a busy hackathon, and a bounded table however busy. Test events are
 * not audited at all (durable/ingest/test-event.ts), and are rate-limited per hackathon.
 */
export const AUDIT_LOG_KEEP = 5_000;

/**
 * What only an admin can do is never pushed out by the rest: an operator making silences in a
 * loop must not erase the record of a rotation or a budget change. These come at an admin's
 * pace, so they need no cap of their own.
 */
const ADMIN_ACTIONS: readonly AuditAction[] = [
  "hackathon.create",
  "hackathon.update",
  "hackathon.archive",
  "hackathon.rotate",
  "channel.create",
  "channel.delete",
];
const ADMIN_ACTION_LIST = ADMIN_ACTIONS.map((a) => `'${a}'`).join(", ");
/** The most one read answers; older ones are reached with `?to=`. */
export const AUDIT_READ_LIMIT = 1_000;

export type AuditRecord = { by: string; action: AuditAction; target: string; detail?: Record<string, unknown> | null };

/** Appends an entry and drops operator-kind entries older than the newest AUDIT_LOG_KEEP of them. */
export function appendAudit(sql: SqlStorage, at: number, entry: AuditRecord): void {
  sql
    .exec<{ id: number }>(
      "INSERT INTO audit_log (at, by, action, target, detail) VALUES (?, ?, ?, ?, ?) RETURNING id",
      at,
      entry.by,
      entry.action,
      entry.target,
      entry.detail ? JSON.stringify(entry.detail) : null,
    )
    .one();
  if (ADMIN_ACTIONS.includes(entry.action)) return;
  sql.exec(
    `DELETE FROM audit_log WHERE action NOT IN (${ADMIN_ACTION_LIST}) AND id <= (
       SELECT id FROM audit_log WHERE action NOT IN (${ADMIN_ACTION_LIST}) ORDER BY id DESC LIMIT 1 OFFSET ?)`,
    AUDIT_LOG_KEEP,
  );
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
