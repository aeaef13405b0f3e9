import { z } from "zod";
import { SOURCE_NAMES } from "./common";
import { SOURCE_MODES } from "./dashboard";
import { HackathonStatusSchema } from "./hackathon";
import { PublicMaintenanceSchema } from "./maintenance";

/**
 * What anyone may see of a public hackathon: no money amounts, task titles, alert texts,
 * model or service names, or credentials. Served by `/api/public/:id/status` and rendered by
 * `/status/:id`, its badge and its Atom feed.
 */
export const PUBLIC_STATES = ["operational", "degraded", "incident", "maintenance"] as const;
export const PublicStateSchema = z.enum(PUBLIC_STATES);
export type PublicState = z.infer<typeof PublicStateSchema>;

/** The share of one stretch of time each source mode held; shares sum to 1. */
export const UptimeBucketSchema = z.object({
  from: z.string(),
  to: z.string(),
  event: z.number().min(0).max(1),
  idle: z.number().min(0).max(1).describe("quiet without a poller: counted healthy"),
  polling: z.number().min(0).max(1),
  degraded: z.number().min(0).max(1),
});
export type UptimeBucket = z.infer<typeof UptimeBucketSchema>;

export const PublicSourceSchema = z.object({
  mode: z.enum(SOURCE_MODES),
  healthy_share: z
    .number()
    .min(0)
    .max(1)
    .nullable()
    .describe("share of the window not degraded (event, idle and polling count as healthy); null before the start"),
  uptime: z.array(UptimeBucketSchema).describe("equal buckets from starts_at to min(now, ends_at), oldest first"),
});
export type PublicSource = z.infer<typeof PublicSourceSchema>;

/** Where budget_used stands against the hackathon's budget thresholds; the page colours its bar by it. */
export const PUBLIC_BUDGET_LEVELS = ["ok", "warning", "critical", "over"] as const;
export const PublicBudgetLevelSchema = z.enum(PUBLIC_BUDGET_LEVELS);
export type PublicBudgetLevel = z.infer<typeof PublicBudgetLevelSchema>;

export const PublicIncidentSchema = z.object({
  id: z.string(),
  status: z.enum(["open", "resolved"]),
  opened_at: z.string(),
  updated_at: z.string(),
  resolved_at: z.string().nullable(),
  summary: z.string().describe("a generic label such as 'Cost anomaly' or 'Budget'; never the root-cause text"),
  sources: z.array(z.enum(SOURCE_NAMES)),
});
export type PublicIncident = z.infer<typeof PublicIncidentSchema>;

export const PublicStatusSchema = z.object({
  id: z.string(),
  name: z.string(),
  status: HackathonStatusSchema,
  state: PublicStateSchema,
  starts_at: z.string(),
  ends_at: z.string().nullable(),
  percent_complete: z.number().min(0).max(100),
  budget_used: z.number().min(0).describe("spend / budget; above 1 when over budget"),
  budget_level: PublicBudgetLevelSchema.describe(
    "budget_used against the thresholds: over above 1, else critical at or above budget_critical, warning at or above budget_warning, else ok",
  ),
  budget_thresholds: z
    .object({ warning: z.number().gt(0).lte(1), critical: z.number().gt(0).lte(1) })
    .describe("the hackathon's budget_warning and budget_critical, as fractions of the budget (never an amount)"),
  sources: z.record(z.enum(SOURCE_NAMES), PublicSourceSchema),
  incidents: z
    .array(PublicIncidentSchema)
    .describe(
      "every open incident (an open critical budget alert is one, summary 'Budget') and those resolved in the last 7 days, newest first; state is 'incident' exactly when one is open, unless maintenance is active",
    ),
  maintenance: z.array(PublicMaintenanceSchema).describe("the active window and those planned for the next 7 days, soonest first"),
  updated_at: z.string(),
});
export type PublicStatus = z.infer<typeof PublicStatusSchema>;
