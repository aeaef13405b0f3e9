import type { Alert, RcaEntry } from "$contract";
import { csvText } from "./csv-text";
import { DATE_PROBLEM, fromLocalInput } from "./form-values";

/** The range an export covers, both ends included. */
export interface ExportRange {
  from: string;
  to: string;
}

const within = (at: string, range: ExportRange) => {
  const t = Date.parse(at);
  return t >= Date.parse(range.from) && t <= Date.parse(range.to);
};

/** The same columns, in the same order, as the Worker's `GET /alerts?format=csv`. */
export const ALERT_COLUMNS = [
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

/** Whether the alert was open at some moment of the range: fired before its end, resolved (if ever) after its start. */
export function alertInRange(alert: Alert, range: ExportRange): boolean {
  const fired = Date.parse(alert.timestamp);
  const resolved = alert.resolution_time === null ? Number.POSITIVE_INFINITY : Date.parse(alert.resolution_time);
  return fired <= Date.parse(range.to) && resolved >= Date.parse(range.from);
}

/**
 * The alerts of the range as CSV. The alerts route takes no range, so the console reads them all
 * (`?status=all`, the newest 500) and keeps those open at some moment of it.
 */
export function alertsCsv(alerts: readonly Alert[], range: ExportRange): string {
  const rows = alerts
    .filter((alert) => alertInRange(alert, range))
    .map((alert) =>
      ALERT_COLUMNS.map((column) => (column === "recommended_actions" ? alert.recommended_actions.join(" | ") : alert[column])),
    );
  return csvText(ALERT_COLUMNS, rows);
}

export const RCA_COLUMNS = ["id", "at", "source", "kind", "cause", "summary", "detail"] as const;

/** The RCA log's entries of the range (not the mode transitions) as CSV, `detail` as JSON text, like the Worker's export. */
export function rcaCsv(entries: readonly RcaEntry[], range: ExportRange): string {
  const rows = entries
    .filter((entry) => within(entry.at, range))
    .map((entry) => [entry.id, entry.at, entry.source, entry.kind, entry.cause, entry.summary, JSON.stringify(entry.detail)]);
  return csvText(RCA_COLUMNS, rows);
}

/** A file name that says what and when: `spring-jam-alerts-2026-11-28-to-2026-11-30.csv`. */
export function exportFileName(hackathonId: string, what: string, range: ExportRange): string {
  const day = (iso: string) => iso.slice(0, 10);
  return `${hackathonId}-${what}-${day(range.from)}-to-${day(range.to)}.csv`.replace(/[^A-Za-z0-9._-]/g, "_");
}

const DAY_MS = 86_400_000;

/** The ranges offered in one click: the whole hackathon so far, and the last day. */
export function presetRanges(startsAt: string, endsAt: string | null, now: number): { label: string; range: ExportRange }[] {
  const end = Math.min(now, endsAt === null ? now : Date.parse(endsAt));
  const to = new Date(Math.max(end, Date.parse(startsAt))).toISOString();
  return [
    { label: "Whole hackathon", range: { from: new Date(Date.parse(startsAt)).toISOString(), to } },
    { label: "Last 24 hours", range: { from: new Date(now - DAY_MS).toISOString(), to: new Date(now).toISOString() } },
  ];
}

const MINUTE_MS = 60_000;

/**
 * The range two `datetime-local` fields give, or why they give none. The fields show minutes, so
 * the end takes in its whole minute: "to 14:05" includes an alert that fired at 14:05:30.
 */
export function rangeFromInputs(from: string, to: string): ExportRange | string {
  const start = fromLocalInput(from);
  const end = fromLocalInput(to);
  if (!start || !end) return `${DATE_PROBLEM} for both ends.`;
  if (Date.parse(end) < Date.parse(start)) return "The end must not be before the start.";
  return { from: start, to: new Date(Date.parse(end) + MINUTE_MS - 1).toISOString() };
}
