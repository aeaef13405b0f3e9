import type { Alert, HistoryResponse, RcaResponse } from "../../contract";
import { csvResponse } from "../../lib/csv";

/** `?format=csv` of /history: one row per bucket, ISO timestamps. */
export function historyCsv(hackathonId: string, history: HistoryResponse): Response {
  return csvResponse(`${hackathonId}-${history.series}.csv`, ["ts", "value"], history.points);
}

const ALERT_COLUMNS = [
  "id",
  "type",
  "severity",
  "status",
  "series",
  "description",
  "score",
  "timestamp",
  "last_seen_at",
  "occurrences",
  "acknowledged_at",
  "acknowledged_by",
  "resolution_time",
  "resolved_by",
  "incident_id",
  "recommended_actions",
] as const;

export function alertsCsv(hackathonId: string, alerts: Alert[]): Response {
  const rows = alerts.map((alert) =>
    ALERT_COLUMNS.map((column) => (column === "recommended_actions" ? alert.recommended_actions.join(" | ") : alert[column])),
  );
  return csvResponse(`${hackathonId}-alerts.csv`, ALERT_COLUMNS, rows);
}

/** The RCA log's entries (not the mode transitions), `detail` as JSON text. */
export function rcaCsv(hackathonId: string, rca: RcaResponse): Response {
  const rows = rca.entries.map((e) => [e.id, e.at, e.source, e.kind, e.cause, e.summary, JSON.stringify(e.detail)]);
  return csvResponse(`${hackathonId}-rca.csv`, ["id", "at", "source", "kind", "cause", "summary", "detail"], rows);
}
