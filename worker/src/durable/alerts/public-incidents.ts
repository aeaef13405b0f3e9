import type { AlertType, PublicIncident, SourceName } from "../../contract";
import { DAY_MS } from "../../lib/time";
import { sourceOfSeries } from "../anomaly/detectors";
import { readBudgetIncidents } from "./budget-incidents";
import { type IncidentTimes, openAndRecentlyResolved, toPublicIncident } from "./incident-rows";

/** A public page keeps a week of resolved incidents, longer than the dashboard's day. */
const PUBLIC_RESOLVED_MS = 7 * DAY_MS;
/** Resolved incidents fill the list up to this many in all; open ones are never cut. */
const PUBLIC_LIMIT = 20;

type Row = IncidentTimes & { root_series: string | null };

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

function toPublic(sql: SqlStorage, row: Row): PublicIncident {
  const members = sql
    .exec<{ type: AlertType; series: string | null }>("SELECT type, series FROM alerts WHERE incident_id = ?", row.id)
    .toArray();
  const sources = new Set<SourceName>(members.map((m) => sourceOfSeries(m.series ?? "")));
  if (row.root_series) sources.add(sourceOfSeries(row.root_series));
  const summary = publicIncidentSummary(
    row.root_series,
    members.map((m) => m.type),
  );
  return toPublicIncident(row, { summary, sources: [...sources].sort() });
}

function readAnomalyIncidents(sql: SqlStorage, resolvedSince: number, resolvedLimit: number): PublicIncident[] {
  const from = { table: "incidents", columns: "id, opened_at, updated_at, resolved_at, root_series" } as const;
  return openAndRecentlyResolved<Row>(sql, from, resolvedSince, resolvedLimit).map((row) => toPublic(sql, row));
}

/**
 * Every open incident (anomaly incidents and the budget one, docs/contract.md section 10) and
 * the latest resolved in the last week, newest first, with public-safe fields only. Open ones
 * are never cut: the public state says "incident" exactly when this lists an open one.
 */
export function readPublicIncidents(sql: SqlStorage, now: number): PublicIncident[] {
  const since = now - PUBLIC_RESOLVED_MS;
  const all = [...readAnomalyIncidents(sql, since, PUBLIC_LIMIT), ...readBudgetIncidents(sql, since, PUBLIC_LIMIT)];
  const open = all.filter((i) => i.status === "open");
  const resolved = all.filter((i) => i.status === "resolved");
  const newestFirst = (a: PublicIncident, b: PublicIncident) => b.opened_at.localeCompare(a.opened_at);
  const kept = [...open, ...resolved.sort(newestFirst).slice(0, Math.max(0, PUBLIC_LIMIT - open.length))];
  return kept.sort(newestFirst);
}
