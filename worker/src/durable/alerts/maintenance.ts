import type { MaintenanceCreate, MaintenanceWindow, PublicMaintenance } from "../../contract";
import { badRequest, notFound } from "../../errors";
import { toIso } from "../../lib/time";
import { nextCounter } from "../storage/meta";
import { checkMuteLength } from "./mute-limit";

type WindowRow = { id: string; starts_at: number; ends_at: number; title: string; created_by: string; created_at: number };

/** Completed windows older than this are forgotten; the status page only looks ahead. */
const COMPLETED_KEPT_MS = 30 * 24 * 3_600_000;
const MAX_WINDOWS = 100;
/** How far ahead the status page announces planned maintenance. */
const ANNOUNCED_AHEAD_MS = 7 * 24 * 3_600_000;

const statusOf = (row: WindowRow, now: number): MaintenanceWindow["status"] =>
  now < row.starts_at ? "scheduled" : now < row.ends_at ? "active" : "completed";

function toWindow(row: WindowRow, now: number): MaintenanceWindow {
  return {
    id: row.id,
    starts_at: toIso(row.starts_at),
    ends_at: toIso(row.ends_at),
    title: row.title,
    created_by: row.created_by,
    by: row.created_by,
    created_at: toIso(row.created_at),
    status: statusOf(row, now),
  };
}

const rows = (sql: SqlStorage) => sql.exec<WindowRow>("SELECT * FROM maintenance_windows ORDER BY starts_at DESC, id DESC").toArray();

export function listMaintenance(sql: SqlStorage, now: number): MaintenanceWindow[] {
  return rows(sql).map((row) => toWindow(row, now));
}

/** `by` is the caller's credential (section 12); a `created_by` in the body is ignored. */
export function createMaintenance(sql: SqlStorage, input: MaintenanceCreate, now: number, by: string): MaintenanceWindow {
  sql.exec("DELETE FROM maintenance_windows WHERE ends_at < ?", now - COMPLETED_KEPT_MS);
  if (sql.exec<{ n: number }>("SELECT COUNT(*) AS n FROM maintenance_windows").one().n >= MAX_WINDOWS) {
    throw badRequest(`A hackathon keeps at most ${MAX_WINDOWS} maintenance windows; end or wait out some first`);
  }
  const endsAt = Date.parse(input.ends_at);
  if (endsAt <= now) throw badRequest("ends_at must be in the future");
  const startsAt = input.starts_at ? Math.max(Date.parse(input.starts_at), now) : now;
  // A window mutes every alert, so it is held to a silence's limit.
  checkMuteLength("A maintenance window", startsAt, endsAt);
  const row: WindowRow = {
    id: `maintenance-${nextCounter(sql, "maintenance_id")}`,
    starts_at: startsAt,
    ends_at: endsAt,
    title: input.title,
    created_by: by,
    created_at: now,
  };
  sql.exec("INSERT INTO maintenance_windows VALUES (?, ?, ?, ?, ?, ?)", row.id, row.starts_at, row.ends_at, row.title, row.created_by, row.created_at);
  return toWindow(row, now);
}

/** Ends a window now (or cancels a scheduled one); ending a completed one changes nothing. */
export function endMaintenance(sql: SqlStorage, id: string, now: number): MaintenanceWindow {
  const row = sql.exec<WindowRow>("SELECT * FROM maintenance_windows WHERE id = ?", id).toArray()[0];
  if (!row) throw notFound(`No maintenance window "${id}" in this hackathon`);
  if (row.ends_at <= now) return toWindow(row, now);
  const ended = { ...row, ends_at: now, starts_at: Math.min(row.starts_at, now) };
  sql.exec("UPDATE maintenance_windows SET ends_at = ?, starts_at = ? WHERE id = ?", ended.ends_at, ended.starts_at, id);
  return toWindow(ended, now);
}

/** The active window ending last, which is what mutes alerts; null outside maintenance. */
export function activeMaintenanceId(sql: SqlStorage, now: number): string | null {
  return (
    sql
      .exec<{ id: string }>("SELECT id FROM maintenance_windows WHERE starts_at <= ? AND ends_at > ? ORDER BY ends_at DESC LIMIT 1", now, now)
      .toArray()[0]?.id ?? null
  );
}

/** Active and upcoming windows (within a week), soonest first, as the status page shows them. */
export function publicMaintenance(sql: SqlStorage, now: number): PublicMaintenance[] {
  return sql
    .exec<WindowRow>("SELECT * FROM maintenance_windows WHERE ends_at > ? AND starts_at <= ? ORDER BY starts_at, id", now, now + ANNOUNCED_AHEAD_MS)
    .toArray()
    .map((row) => ({
      id: row.id,
      starts_at: toIso(row.starts_at),
      ends_at: toIso(row.ends_at),
      title: row.title,
      created_at: toIso(row.created_at),
      status: now < row.starts_at ? "scheduled" : "active",
    }));
}

/** The next moment a window starts or ends, when alerts and the public state must be looked at again. */
export function nextMaintenanceChange(sql: SqlStorage, now: number): number | null {
  return sql
    .exec<{ at: number | null }>(
      "SELECT MIN(CASE WHEN starts_at > ? THEN starts_at ELSE ends_at END) AS at FROM maintenance_windows WHERE ends_at > ?",
      now,
      now,
    )
    .one().at;
}
