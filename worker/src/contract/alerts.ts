import { z } from "zod";
import { ExportFormatSchema, IsoTimestampSchema, rangeInOrder, TimeRangeSchema } from "./common";

const isoOrNull = z.string().nullable();

export const SEVERITIES = ["info", "warning", "critical"] as const;
export type Severity = (typeof SEVERITIES)[number];
export const ALERT_TYPES = ["budget", "anomaly", "token_flood"] as const;
export type AlertType = (typeof ALERT_TYPES)[number];
export const ALERT_STATUSES = ["open", "acknowledged", "resolved"] as const;

/** docs/contract.md section 7's alert, plus its lifecycle (Alertmanager-like) and where it belongs. */
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
  acknowledged_by: z.string().nullable().describe('who acknowledged it: an email, or "viewer token" / "operator token" / "admin token"'),
  resolved_by: z.string().nullable().describe('"auto" for a hold-period resolution, else who resolved it (as acknowledged_by)'),
  last_seen_at: z.string().describe("the last time its condition held"),
  occurrences: z.number().int().describe("how often the condition held while it was open"),
  incident_id: z.string().nullable(),
  silenced_by: z.string().nullable().describe("the active silence muting it: still shown, not notified"),
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
/** `?from=&to=` keeps the alerts open at any time in the range: fired by `to`, not resolved before `from`. */
export const AlertListQuerySchema = rangeInOrder(
  TimeRangeSchema.extend({ status: z.enum(ALERT_STATUS_FILTERS).default("open"), format: ExportFormatSchema }),
);
export type AlertListQuery = z.infer<typeof AlertListQuerySchema>;
export type AlertStatusFilter = (typeof ALERT_STATUS_FILTERS)[number];
export const AlertListSchema = z.object({ alerts: z.array(AlertSchema) });
export type AlertList = z.infer<typeof AlertListSchema>;
export const AlertActionResultSchema = z.object({ alert: AlertSchema });
export type AlertActionResult = z.infer<typeof AlertActionResultSchema>;

/** Mutes alerts that match every given field, from `starts_at` (default now) until `ends_at`. */
export const SilenceMatchersSchema = z
  .object({ type: z.enum(ALERT_TYPES), series: z.string().min(1).max(200), severity: z.enum(SEVERITIES) })
  .partial()
  .refine((m) => Object.keys(m).length > 0, "a silence needs at least one matcher");
export const SilenceCreateSchema = z
  .object({
    matchers: SilenceMatchersSchema,
    starts_at: IsoTimestampSchema.optional(),
    ends_at: IsoTimestampSchema,
    reason: z.string().trim().min(1).max(500),
    created_by: z.string().trim().min(1).max(100).optional().describe("ignored: `by` comes from the caller's credential"),
  })
  .strict()
  .refine((s) => Date.parse(s.ends_at) > (s.starts_at ? Date.parse(s.starts_at) : 0), {
    path: ["ends_at"],
    message: "must be after starts_at",
  });
export type SilenceCreate = z.infer<typeof SilenceCreateSchema>;
export const SilenceSchema = z.object({
  id: z.string(),
  matchers: z.object({ type: z.enum(ALERT_TYPES).optional(), series: z.string().optional(), severity: z.enum(SEVERITIES).optional() }),
  starts_at: z.string(),
  ends_at: z.string(),
  reason: z.string(),
  created_by: z.string().describe("the same as `by` (kept for older clients)"),
  by: z.string().describe("who created it, from their credential"),
  created_at: z.string(),
  ended_by: z.string().nullable().describe("who ended it early, from their credential; null while it runs and when it ran to its end"),
  status: z.enum(["pending", "active", "expired"]),
});
export type Silence = z.infer<typeof SilenceSchema>;
export const SilenceListSchema = z.object({ silences: z.array(SilenceSchema) });
export const SilenceResultSchema = z.object({ silence: SilenceSchema });
export type SilenceList = z.infer<typeof SilenceListSchema>;
export type SilenceResult = z.infer<typeof SilenceResultSchema>;
