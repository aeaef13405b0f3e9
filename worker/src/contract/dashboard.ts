import { z } from "zod";
import { SOURCE_NAMES } from "./common";
import { AlertSchema, AnomalyMarkSchema, IncidentSchema } from "./alerts";
import { HackathonStatusSchema } from "./hackathon";

const isoOrNull = z.string().nullable();

export const CostMetricsSchema = z.object({
  current_spend: z.number(),
  budget_remaining: z.number(),
  burn_rate: z
    .number()
    .describe("currency per hour over the recent window, measured up to the sender's last report (docs/API.md, Burn rate)"),
  projected_cost: z.number(),
  anomaly_score: z.number(),
  last_updated: isoOrNull,
  by_service: z
    .array(z.object({ service: z.string(), spend: z.number() }))
    .describe('spend to date by the billing `service` of cost events (unnamed spend under "(unattributed)"), largest first'),
});
export type CostMetrics = z.infer<typeof CostMetricsSchema>;

export const TaskMetricsSchema = z.object({
  completed_tasks: z.number().int(),
  total_tasks: z.number().int(),
  blocked_tasks: z.number().int(),
  percent_complete: z.number(),
  velocity: z.number().describe("weight completed per day, recent window"),
  estimated_completion: isoOrNull,
  last_updated: isoOrNull,
});
export type TaskMetrics = z.infer<typeof TaskMetricsSchema>;

export const TokenMetricsSchema = z.object({
  current_rate: z.number().describe("tokens per minute over the last minute"),
  total_consumed: z.number(),
  cost_per_token: z.number().nullable().describe("USD per token over the calls that could be priced; null when none could"),
  priced_share: z.number().min(0).max(1).describe("share of all tokens whose calls carried or could be given a price"),
  efficiency_score: z.number(),
  flood_detected: z.boolean(),
  last_updated: isoOrNull,
  by_model: z
    .array(z.object({ model: z.string(), current_rate: z.number(), last_hour: z.number(), cost_last_hour: z.number().nullable() }))
    .describe("per model: tokens in the last minute and the last hour, busiest first"),
  by_service: z
    .array(z.object({ service: z.string(), tokens: z.number(), cost: z.number().nullable() }))
    .describe(
      "per sending service (the event's `service`, OTLP `service.name`): tokens and USD cost in the last hour; cost null when none of its tokens could be priced",
    ),
});
export type TokenMetrics = z.infer<typeof TokenMetricsSchema>;

export const MetricValueSchema = z.object({
  name: z.string(),
  value: z.number(),
  unit: z.string().nullable(),
  ts: z.string(),
});
export type MetricValue = z.infer<typeof MetricValueSchema>;

/**
 * `idle`: a source with no poll adapter that has heard nothing for its event timeout. Nothing
 * is known to be wrong, so it is neither stale nor unhealthy (docs/contract.md section 9).
 */
export const SOURCE_MODES = ["event", "idle", "polling", "degraded"] as const;
export type SourceMode = (typeof SOURCE_MODES)[number];
export const SourceHealthSchema = z.object({
  mode: z.enum(SOURCE_MODES),
  last_event_at: isoOrNull,
  last_poll_at: isoOrNull,
  last_reconciled_at: isoOrNull,
  drift: z.number(),
  consecutive_failures: z.number().int(),
});
export type SourceHealth = z.infer<typeof SourceHealthSchema>;
export const HysteresisHealthSchema = z.record(z.enum(SOURCE_NAMES), SourceHealthSchema);
export type HysteresisHealth = z.infer<typeof HysteresisHealthSchema>;

/** The budget as the provider itself reports it (its latest notification), shown beside Pitwall's figures. */
export const ProviderBudgetSchema = z.object({
  source: z.literal("gcp-billing"),
  display_name: z.string().nullable(),
  budget_amount: z.number().nullable(),
  alert_threshold_exceeded: z.number().nullable().describe("highest actual-spend threshold fraction crossed this period"),
  forecast_threshold_exceeded: z.number().nullable().describe("highest forecast threshold fraction crossed this period"),
  updated_at: z.string().describe("the notification's publish time"),
});
export type ProviderBudget = z.infer<typeof ProviderBudgetSchema>;

export const OUTLOOK_VERDICTS = ["on_track", "over_budget", "late", "over_budget_and_late", "unknown"] as const;

/** The organiser's two questions on one clock: will the money last to the end, and will the work be done by it? */
export const OutlookSchema = z.object({
  ends_at: isoOrNull,
  hours_left: z.number().nullable().describe("hours from now to ends_at; null without ends_at, 0 once it has passed"),
  budget_exhausted_at: isoOrNull.describe(
    "when spend reaches the budget at the current burn rate; now if already over; null when the burn rate is 0 (or it would take over 100 years)",
  ),
  runs_out_before_end: z.boolean().nullable(),
  projected_overrun: z.number().describe("max(0, projected_cost - budget)"),
  projected_cost_low: z
    .number()
    .describe("lower edge of the projection's band at ends_at: the projection at the lowest of the short, recent and 24 h burn rates"),
  projected_cost_high: z
    .number()
    .describe("upper edge of the projection's band at ends_at: the projection at the highest of those burn rates"),
  work_complete_at: isoOrNull.describe("= task_metrics.estimated_completion"),
  finishes_before_end: z.boolean().nullable(),
  critical_path_hours: z
    .number()
    .describe("unfinished estimated hours on the longest dependency chain (as GET /gaps; unestimated tasks count 1 h)"),
  verdict: z.enum(OUTLOOK_VERDICTS),
});
export type Outlook = z.infer<typeof OutlookSchema>;

export const DashboardStateSchema = z.object({
  hackathon_id: z.string(),
  name: z.string(),
  status: HackathonStatusSchema,
  currency: z.string(),
  budget: z.number(),
  starts_at: z.string(),
  ends_at: isoOrNull,
  last_updated: z.string(),
  stale: z.boolean(),
  cost_metrics: CostMetricsSchema,
  task_metrics: TaskMetricsSchema,
  token_metrics: TokenMetricsSchema,
  metrics: z.record(z.string(), MetricValueSchema),
  alerts: z.array(AlertSchema).describe("open alerts, newest first"),
  incidents: z.array(IncidentSchema).describe("open incidents and those resolved in the last day, newest first"),
  anomalies: z.array(AnomalyMarkSchema).describe("points scored above the anomaly threshold in the last day"),
  hysteresis_health: HysteresisHealthSchema,
  /** Null until a budget notification arrives; optional for clients built before it existed. */
  provider_budget: ProviderBudgetSchema.nullable(),
  outlook: OutlookSchema,
});
export type DashboardState = z.infer<typeof DashboardStateSchema>;
