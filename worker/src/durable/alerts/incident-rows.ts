import type { PublicIncident } from "../../contract";
import { toIso, toIsoOrNull } from "../../lib/time";

/** What every incident table keeps: when it opened, last changed and resolved (null while open). */
export type IncidentTimes = { id: string; opened_at: number; updated_at: number; resolved_at: number | null };

/**
 * The open rows of an incident table, and up to `resolvedLimit` resolved at or after
 * `resolvedSince`, newest first: what the public page lists (open ones are never cut).
 * `table` and `columns` are this module's callers' constants, never input.
 */
export function openAndRecentlyResolved<Row extends IncidentTimes>(
  sql: SqlStorage,
  from: { table: "incidents" | "budget_incidents"; columns: string },
  resolvedSince: number,
  resolvedLimit: number,
): Row[] {
  const { table, columns } = from;
  const open = sql.exec<Row>(`SELECT ${columns} FROM ${table} WHERE resolved_at IS NULL`).toArray();
  const resolved = sql
    .exec<Row>(
      `SELECT ${columns} FROM ${table} WHERE resolved_at >= ? ORDER BY opened_at DESC, rowid DESC LIMIT ?`,
      resolvedSince,
      resolvedLimit,
    )
    .toArray();
  return [...open, ...resolved];
}

/** The public shape of an incident row; what it is about (`summary`, `sources`) comes from its kind. */
export function toPublicIncident(row: IncidentTimes, about: Pick<PublicIncident, "summary" | "sources">): PublicIncident {
  return {
    id: row.id,
    status: row.resolved_at === null ? "open" : "resolved",
    opened_at: toIso(row.opened_at),
    updated_at: toIso(row.updated_at),
    resolved_at: toIsoOrNull(row.resolved_at),
    ...about,
  };
}
