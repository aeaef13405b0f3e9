import type { AlertType, PublicIncident, SourceName } from "../../contract";
import { DAY_MS, toIso, toIsoOrNull } from "../../lib/time";
import { sourceOfSeries } from "../anomaly/detectors";

/** A public page keeps a week of resolved incidents, longer than the dashboard's day. */
const PUBLIC_RESOLVED_MS = 7 * DAY_MS;
const PUBLIC_LIMIT = 20;

type Row = { id: string; opened_at: number; updated_at: number; resolved_at: number | null; root_series: string | null };

/**
 * A generic label for an incident, from its root series and the kinds of its alerts. The
 * root-cause text is never used: it names models, services and metrics.
 */
export function publicIncidentSummary(rootSeries: string | null, types: AlertType[]): string {
  if (rootSeries === null) return "Anomaly";
  if (rootSeries === "cost.spend") return "Cost anomaly";
  if (rootSeries.startsWith("tokens.")) return types.includes("token_flood") ? "Token flood" : "Token usage anomaly";
  if (rootSeries.startsWith("tasks.")) return "Task progress anomaly";
  return "Performance anomaly";
}

/** Open incidents and those resolved in the last week, newest first, with public-safe fields only. */
export function readPublicIncidents(sql: SqlStorage, now: number): PublicIncident[] {
  const rows = sql
    .exec<Row>(
      `SELECT id, opened_at, updated_at, resolved_at, root_series FROM incidents
       WHERE resolved_at IS NULL OR resolved_at >= ? ORDER BY opened_at DESC, rowid DESC LIMIT ?`,
      now - PUBLIC_RESOLVED_MS,
      PUBLIC_LIMIT,
    )
    .toArray();
  return rows.map((row) => {
    const members = sql
      .exec<{ type: AlertType; series: string | null }>("SELECT type, series FROM alerts WHERE incident_id = ?", row.id)
      .toArray();
    const sources = new Set<SourceName>(members.map((m) => sourceOfSeries(m.series ?? "")));
    if (row.root_series) sources.add(sourceOfSeries(row.root_series));
    return {
      id: row.id,
      status: row.resolved_at === null ? "open" : "resolved",
      opened_at: toIso(row.opened_at),
      updated_at: toIso(row.updated_at),
      resolved_at: toIsoOrNull(row.resolved_at),
      summary: publicIncidentSummary(
        row.root_series,
        members.map((m) => m.type),
      ),
      sources: [...sources].sort(),
    };
  });
}
