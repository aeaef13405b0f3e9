import type { Alert, AlertStatusFilter, AlertType, Severity, TimeRange } from "../../contract";
import { rangeMs, toIso, toIsoOrNull } from "../../lib/time";
import type { PointContext } from "../anomaly/series-points";

type AlertRow = {
  id: string;
  type: AlertType;
  severity: Severity;
  fingerprint: string;
  series: string | null;
  context: string;
  description: string;
  score: number;
  opened_at: number;
  recommended_actions: string;
  acknowledged_at: number | null;
  resolved_at: number | null;
  /** "auto" for a hold-period resolution, else who resolved it (rows from before roles say "person"). */
  resolved_by: string | null;
  acknowledged_by: string | null;
  last_seen_at: number;
  observed_at: number;
  occurrences: number;
  incident_id: string | null;
  silenced_by: string | null;
};

/** What a rule says when its condition holds; the lifecycle turns it into a new or refreshed alert. */
export type AlertSpec = {
  /** One open alert per fingerprint: the dedup key (rule and series). */
  fingerprint: string;
  type: AlertType;
  series: string | null;
  severity: Severity;
  score: number;
  description: string;
  recommendedActions: string[];
  context: PointContext;
  /** Event time of the observation (an anomalous point's ts); now for level conditions. */
  observedAt: number;
};

export type StoredAlert = { alert: Alert; fingerprint: string; context: PointContext; lastSeenAt: number; observedAt: number };

const SEVERITY_RANK: Record<Severity, number> = { info: 0, warning: 1, critical: 2 };
export const worseSeverity = (a: Severity, b: Severity): Severity => (SEVERITY_RANK[a] >= SEVERITY_RANK[b] ? a : b);

function toAlert(row: AlertRow, hackathonId: string): Alert {
  return {
    id: row.id,
    type: row.type,
    severity: row.severity,
    hackathon_id: hackathonId,
    description: row.description,
    score: row.score,
    timestamp: toIso(row.opened_at),
    recommended_actions: JSON.parse(row.recommended_actions) as string[],
    resolved: row.resolved_at !== null,
    resolution_time: toIsoOrNull(row.resolved_at),
    status: row.resolved_at !== null ? "resolved" : row.acknowledged_at !== null ? "acknowledged" : "open",
    series: row.series,
    acknowledged_at: toIsoOrNull(row.acknowledged_at),
    acknowledged_by: row.acknowledged_by,
    resolved_by: row.resolved_by,
    last_seen_at: toIso(row.last_seen_at),
    occurrences: row.occurrences,
    incident_id: row.incident_id,
    silenced_by: row.silenced_by,
  };
}

const toStored = (row: AlertRow, hackathonId: string): StoredAlert => ({
  alert: toAlert(row, hackathonId),
  fingerprint: row.fingerprint,
  context: JSON.parse(row.context) as PointContext,
  lastSeenAt: row.last_seen_at,
  observedAt: row.observed_at,
});

export function findAlert(sql: SqlStorage, id: string, hackathonId: string): StoredAlert | null {
  const row = sql.exec<AlertRow>("SELECT * FROM alerts WHERE id = ?", id).toArray()[0];
  return row ? toStored(row, hackathonId) : null;
}

export function findOpenAlert(sql: SqlStorage, fingerprint: string, hackathonId: string): StoredAlert | null {
  const row = sql.exec<AlertRow>("SELECT * FROM alerts WHERE fingerprint = ? AND resolved_at IS NULL", fingerprint).toArray()[0];
  return row ? toStored(row, hackathonId) : null;
}

export function hasOpenAlert(sql: SqlStorage, fingerprint: string): boolean {
  return sql.exec("SELECT 1 FROM alerts WHERE fingerprint = ? AND resolved_at IS NULL LIMIT 1", fingerprint).toArray().length > 0;
}

/** Whether any of these alerts has the fingerprint. */
export function anyHasFingerprint(sql: SqlStorage, ids: Iterable<string>, fingerprint: string): boolean {
  const list = [...ids];
  if (list.length === 0) return false;
  const marks = list.map(() => "?").join(", ");
  return sql.exec(`SELECT 1 FROM alerts WHERE fingerprint = ? AND id IN (${marks}) LIMIT 1`, fingerprint, ...list).toArray().length > 0;
}

export function openAlerts(sql: SqlStorage, hackathonId: string): StoredAlert[] {
  return sql
    .exec<AlertRow>("SELECT * FROM alerts WHERE resolved_at IS NULL ORDER BY opened_at DESC, id DESC")
    .toArray()
    .map((row) => toStored(row, hackathonId));
}

/** Open alerts whose condition was last seen at or before `lastSeenBefore`: the ones whose hold may be over. */
export function overdueAlerts(sql: SqlStorage, hackathonId: string, lastSeenBefore: number): StoredAlert[] {
  return sql
    .exec<AlertRow>("SELECT * FROM alerts WHERE resolved_at IS NULL AND last_seen_at <= ?", lastSeenBefore)
    .toArray()
    .map((row) => toStored(row, hackathonId));
}

/** When the condition of the open alert seen longest ago was last seen, or null with none open. */
export function earliestOpenLastSeen(sql: SqlStorage): number | null {
  return sql.exec<{ at: number | null }>("SELECT MIN(last_seen_at) AS at FROM alerts WHERE resolved_at IS NULL").one().at;
}

const FILTERS: Record<AlertStatusFilter, string> = {
  open: "resolved_at IS NULL",
  resolved: "resolved_at IS NOT NULL",
  all: "TRUE",
};

/**
 * Alerts of one status that were open at some time within `range` (both ends included): fired
 * by its end and not resolved before its start. Newest first.
 */
export function listAlerts(sql: SqlStorage, hackathonId: string, status: AlertStatusFilter, range: TimeRange = {}, limit = 500): Alert[] {
  const [from, to] = rangeMs(range);
  return sql
    .exec<AlertRow>(
      `SELECT * FROM alerts WHERE ${FILTERS[status]} AND opened_at <= ? AND (resolved_at IS NULL OR resolved_at >= ?)
       ORDER BY opened_at DESC, id DESC LIMIT ?`,
      to,
      from,
      limit,
    )
    .toArray()
    .map((row) => toAlert(row, hackathonId));
}

export function readOpenAlerts(sql: SqlStorage, hackathonId: string): Alert[] {
  return listAlerts(sql, hackathonId, "open");
}

/** Records that an alert changed: it goes to D1 on the next flush and to SSE clients in order. */
export function touchAlert(sql: SqlStorage, id: string): void {
  sql.exec("UPDATE alerts SET version = version + 1 WHERE id = ?", id);
  sql.exec("INSERT INTO alert_changes (alert_id) VALUES (?)", id);
}

export function insertAlert(sql: SqlStorage, id: string, spec: AlertSpec, now: number): void {
  sql.exec(
    `INSERT INTO alerts (id, type, severity, fingerprint, series, context, description, score, opened_at,
       recommended_actions, last_seen_at, observed_at, occurrences) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1)`,
    id,
    spec.type,
    spec.severity,
    spec.fingerprint,
    spec.series,
    JSON.stringify(spec.context),
    spec.description,
    spec.score,
    now,
    JSON.stringify(spec.recommendedActions),
    now,
    spec.observedAt,
  );
  touchAlert(sql, id);
}

/** The condition held again: count it, keep the worst severity and score seen. */
export function refreshAlert(sql: SqlStorage, open: StoredAlert, spec: AlertSpec, now: number): void {
  const worse = spec.score > open.alert.score;
  sql.exec(
    `UPDATE alerts SET last_seen_at = ?, occurrences = occurrences + 1, severity = ?, score = MAX(score, ?),
       description = CASE WHEN ? THEN ? ELSE description END WHERE id = ?`,
    now,
    worseSeverity(open.alert.severity, spec.severity),
    spec.score,
    worse ? 1 : 0,
    spec.description,
    open.alert.id,
  );
  touchAlert(sql, open.alert.id);
}

/**
 * A level alert moved to another level or figure (a budget alert escalating, de-escalating, or
 * its used share changing): it says what holds now, lower as well as higher. `occurrence`: a new
 * crossing, counted as one. When the condition was last seen is the caller's (markStillHolding).
 */
export function reviseAlert(sql: SqlStorage, id: string, spec: AlertSpec, occurrence: boolean): void {
  sql.exec(
    `UPDATE alerts SET occurrences = occurrences + ?, severity = ?, score = ?, description = ?,
       recommended_actions = ? WHERE id = ?`,
    occurrence ? 1 : 0,
    spec.severity,
    spec.score,
    spec.description,
    JSON.stringify(spec.recommendedActions),
    id,
  );
  touchAlert(sql, id);
}

/** Open alerts whose fingerprint is one of `fingerprints`, worst severity first, then newest. */
export function findOpenAlerts(sql: SqlStorage, fingerprints: string[], hackathonId: string): StoredAlert[] {
  const marks = fingerprints.map(() => "?").join(", ");
  return sql
    .exec<AlertRow>(
      `SELECT * FROM alerts WHERE resolved_at IS NULL AND fingerprint IN (${marks})
       ORDER BY CASE severity WHEN 'critical' THEN 2 WHEN 'warning' THEN 1 ELSE 0 END DESC, opened_at DESC, id DESC`,
      ...fingerprints,
    )
    .toArray()
    .map((row) => toStored(row, hackathonId));
}

/** Gives an open alert another dedup key (an older rule's alert taken over by its successor). */
export function setAlertFingerprint(sql: SqlStorage, id: string, fingerprint: string): void {
  sql.exec("UPDATE alerts SET fingerprint = ? WHERE id = ?", fingerprint, id);
}

/** Keeps the condition alive without counting a new occurrence (a level that simply still holds). */
export function markStillHolding(sql: SqlStorage, id: string, now: number): void {
  sql.exec("UPDATE alerts SET last_seen_at = ? WHERE id = ?", now, id);
}

export function acknowledgeAlertRow(sql: SqlStorage, id: string, now: number, by: string): void {
  sql.exec("UPDATE alerts SET acknowledged_at = ?, acknowledged_by = ? WHERE id = ? AND acknowledged_at IS NULL", now, by, id);
  touchAlert(sql, id);
}

/** `by`: "auto" when the condition cleared for the hold period, else section 12's `by` of the caller. */
export function resolveAlertRow(sql: SqlStorage, id: string, now: number, by: string): void {
  sql.exec("UPDATE alerts SET resolved_at = ?, resolved_by = ? WHERE id = ? AND resolved_at IS NULL", now, by, id);
  touchAlert(sql, id);
}

export function setAlertIncident(sql: SqlStorage, id: string, incidentId: string): void {
  sql.exec("UPDATE alerts SET incident_id = ? WHERE id = ?", incidentId, id);
  touchAlert(sql, id);
}

/** Alert changes after `seq` (for SSE resume), oldest first; null when the log no longer reaches back. */
export function alertChangesSince(sql: SqlStorage, seq: number): Array<{ seq: number; alertId: string }> | null {
  const oldest = sql.exec<{ s: number | null }>("SELECT MIN(seq) AS s FROM alert_changes").one().s;
  if (oldest !== null && seq < oldest - 1) return null;
  return sql
    .exec<{ seq: number; alert_id: string }>("SELECT seq, alert_id FROM alert_changes WHERE seq > ? ORDER BY seq", seq)
    .toArray()
    .map((r) => ({ seq: r.seq, alertId: r.alert_id }));
}

export function lastAlertChange(sql: SqlStorage): number {
  return sql.exec<{ s: number | null }>("SELECT MAX(seq) AS s FROM alert_changes").one().s ?? 0;
}

const ALERT_CHANGES_KEPT = 1000;
export function pruneAlertChanges(sql: SqlStorage): void {
  sql.exec("DELETE FROM alert_changes WHERE seq <= (SELECT MAX(seq) FROM alert_changes) - ?", ALERT_CHANGES_KEPT);
}

/** The sequence number of an alert's latest change (its SSE event id). */
export function latestChangeOf(sql: SqlStorage, id: string): number {
  return sql.exec<{ s: number | null }>("SELECT MAX(seq) AS s FROM alert_changes WHERE alert_id = ?", id).one().s ?? 0;
}
