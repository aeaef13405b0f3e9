import { z } from "zod";
import { ExportFormatSchema } from "./common";

const isoOrNull = z.string().nullable();

export const SEVERITIES = ["info", "warning", "critical"] as const;
export type Severity = (typeof SEVERITIES)[number];
export const ALERT_TYPES = ["budget", "anomaly", "token_flood"] as const;
export type AlertType = (typeof ALERT_TYPES)[number];
export const ALERT_STATUSES = ["open", "acknowledged", "resolved"] as const;

/** CONTRACT section 7's alert, plus its lifecycle (Alertmanager-like) and where it belongs. */
export const AlertSchema = z.object({
  id: z.string(),
  type: z.enum(ALERT_TYPES),
  severity: z.enum(SEVERITIES),
  hackathon_id: z.string(),
  description: z.string(),
  score: z.number(),
  timestamp: z.string().describe("when it fired"),
  recommended_actions: z.array(z.string()),
  resolved: z.boolean(),
  resolution_time: isoOrNull,
  status: z.enum(ALERT_STATUSES),
  series: z.string().nullable().describe("the history series it is about, e.g. cost.spend"),
  acknowledged_at: isoOrNull,
  resolved_by: z.enum(["auto", "person"]).nullable(),
  last_seen_at: z.string().describe("the last time its condition held"),
  occurrences: z.number().int().describe("how often the condition held while it was open"),
  incident_id: z.string().nullable(),
});
export type Alert = z.infer<typeof AlertSchema>;

/** Anomalies within five minutes of each other, with the one most likely to explain the rest. */
export const IncidentSchema = z.object({
  id: z.string(),
  hackathon_id: z.string(),
  status: z.enum(["open", "resolved"]),
  opened_at: z.string(),
  updated_at: z.string(),
  resolved_at: isoOrNull,
  root_cause: z.string().describe("the likely root cause, in words"),
  root_series: z.string().nullable(),
  confidence: z.number().min(0).max(1),
  alert_ids: z.array(z.string()),
  series: z.array(z.string()),
});
export type Incident = z.infer<typeof IncidentSchema>;

/** One point scored above the anomaly threshold, for marking on its chart. */
export const AnomalyMarkSchema = z.object({
  series: z.string(),
  ts: z.string(),
  value: z.number(),
  score: z.number(),
});
export type AnomalyMark = z.infer<typeof AnomalyMarkSchema>;

export const ALERT_STATUS_FILTERS = ["open", "resolved", "all"] as const;
export const AlertListQuerySchema = z.object({ status: z.enum(ALERT_STATUS_FILTERS).default("open"), format: ExportFormatSchema });
export type AlertStatusFilter = (typeof ALERT_STATUS_FILTERS)[number];
export const AlertListSchema = z.object({ alerts: z.array(AlertSchema) });
export type AlertList = z.infer<typeof AlertListSchema>;
export const AlertActionResultSchema = z.object({ alert: AlertSchema });
export type AlertActionResult = z.infer<typeof AlertActionResultSchema>;
