import type { Incident } from "../../contract";
import { DAY_MS, MINUTE_MS, toIso, toIsoOrNull } from "../../lib/time";
import { sourceOfSeries } from "../anomaly/detectors";
import { appendRca } from "../sources/logs";
import { nextCounter } from "../storage/meta";
import { inferRootCause, type IncidentMember } from "./root-cause";
import { findAlert, setAlertIncident } from "./store";

/** Anomalies this close together are one incident (docs/contract.md section 8). */
export const CORRELATION_WINDOW_MS = 5 * MINUTE_MS;
const RECENT_RESOLVED_MS = DAY_MS;

type IncidentRow = {
  id: string;
  opened_at: number;
  updated_at: number;
  resolved_at: number | null;
  root_cause: string;
  root_series: string | null;
  confidence: number;
};
type MemberRow = {
  id: string;
  series: string | null;
  type: IncidentMember["type"];
  observed_at: number;
  context: string;
  description: string;
};

function members(sql: SqlStorage, incidentId: string): MemberRow[] {
  return sql
    .exec<MemberRow>(
      "SELECT id, series, type, observed_at, context, description FROM alerts WHERE incident_id = ? ORDER BY observed_at, id",
      incidentId,
    )
    .toArray();
}

function toMember(row: MemberRow): IncidentMember {
  return {
    series: row.series ?? row.type,
    type: row.type,
    firedAt: row.observed_at,
    context: JSON.parse(row.context),
    description: row.description,
  };
}

/** The open incident whose latest anomaly is within the window of `observedAt`, in event time. */
function openIncidentNear(sql: SqlStorage, observedAt: number): string | null {
  return (
    sql
      .exec<{ id: string }>(
        `SELECT id FROM incidents WHERE resolved_at IS NULL AND last_observed_at BETWEEN ? AND ?
         ORDER BY ABS(last_observed_at - ?) LIMIT 1`,
        observedAt - CORRELATION_WINDOW_MS,
        observedAt + CORRELATION_WINDOW_MS,
        observedAt,
      )
      .toArray()[0]?.id ?? null
  );
}

/** Re-infers the root cause from the members; a changed conclusion goes to the RCA log. */
function updateRootCause(sql: SqlStorage, incidentId: string, now: number, opened: boolean): void {
  const rows = members(sql, incidentId);
  const cause = inferRootCause(rows.map(toMember));
  const before = sql.exec<Pick<IncidentRow, "root_cause">>("SELECT root_cause FROM incidents WHERE id = ?", incidentId).one();
  sql.exec(
    "UPDATE incidents SET updated_at = ?, root_cause = ?, root_series = ?, confidence = ? WHERE id = ?",
    now,
    cause.text,
    cause.series,
    cause.confidence,
    incidentId,
  );
  if (!opened && before.root_cause === cause.text) return;
  appendRca(sql, {
    at: now,
    source: sourceOfSeries(cause.series ?? ""),
    kind: "incident",
    cause: cause.series,
    summary: `${opened ? "Incident opened" : "Incident updated"}: ${cause.text} (confidence ${Math.round(cause.confidence * 100)}%)`,
    detail: { incident_id: incidentId, alerts: rows.map((r) => r.id), series: rows.map((r) => r.series), confidence: cause.confidence },
  });
}

/**
 * Puts an anomaly alert into the open incident it is near in event time, or opens one, and
 * re-infers the root cause. `observedAt` is this observation's event time (a repeat of an open
 * alert keeps its incident alive). Returns the incident's id.
 */
export function correlateAlert(sql: SqlStorage, alertId: string, now: number, observedAt: number, hackathonId: string): string | null {
  const stored = findAlert(sql, alertId, hackathonId);
  if (!stored || stored.alert.type === "budget") return null;
  const existing = stored.alert.incident_id;
  if (existing) {
    sql.exec("UPDATE incidents SET updated_at = ?, last_observed_at = MAX(last_observed_at, ?) WHERE id = ?", now, observedAt, existing);
    return existing;
  }
  let incidentId = openIncidentNear(sql, stored.observedAt);
  const opened = incidentId === null;
  if (incidentId === null) {
    incidentId = `incident-${nextCounter(sql, "incident_id")}`;
    sql.exec(
      "INSERT INTO incidents (id, opened_at, updated_at, last_observed_at, root_cause, confidence) VALUES (?, ?, ?, ?, '', 0)",
      incidentId,
      now,
      now,
      stored.observedAt,
    );
  } else {
    sql.exec("UPDATE incidents SET last_observed_at = MAX(last_observed_at, ?) WHERE id = ?", stored.observedAt, incidentId);
  }
  setAlertIncident(sql, alertId, incidentId);
  updateRootCause(sql, incidentId, now, opened);
  return incidentId;
}

/** Incidents whose alerts have all resolved are resolved too. Returns their ids. */
export function resolveFinishedIncidents(sql: SqlStorage, now: number): string[] {
  return sql
    .exec<{ id: string }>(
      `UPDATE incidents SET resolved_at = ?, updated_at = ? WHERE resolved_at IS NULL
         AND NOT EXISTS (SELECT 1 FROM alerts WHERE alerts.incident_id = incidents.id AND alerts.resolved_at IS NULL)
       RETURNING id`,
      now,
      now,
    )
    .toArray()
    .map((r) => r.id);
}

function toIncident(row: IncidentRow, sql: SqlStorage, hackathonId: string): Incident {
  const rows = members(sql, row.id);
  return {
    id: row.id,
    hackathon_id: hackathonId,
    status: row.resolved_at === null ? "open" : "resolved",
    opened_at: toIso(row.opened_at),
    updated_at: toIso(row.updated_at),
    resolved_at: toIsoOrNull(row.resolved_at),
    root_cause: row.root_cause,
    root_series: row.root_series,
    confidence: row.confidence,
    alert_ids: rows.map((r) => r.id),
    series: [...new Set(rows.map((r) => r.series ?? r.type))],
  };
}

export function readIncident(sql: SqlStorage, id: string, hackathonId: string): Incident | null {
  const row = sql.exec<IncidentRow>("SELECT * FROM incidents WHERE id = ?", id).toArray()[0];
  return row ? toIncident(row, sql, hackathonId) : null;
}

/** Open incidents and those resolved in the last day, newest first. */
export function readIncidents(sql: SqlStorage, hackathonId: string, now: number, limit = 20): Incident[] {
  return sql
    .exec<IncidentRow>(
      "SELECT * FROM incidents WHERE resolved_at IS NULL OR resolved_at >= ? ORDER BY opened_at DESC, rowid DESC LIMIT ?",
      now - RECENT_RESOLVED_MS,
      limit,
    )
    .toArray()
    .map((row) => toIncident(row, sql, hackathonId));
}
