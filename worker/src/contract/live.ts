import { z } from "zod";
import { AlertSchema, AnomalyMarkSchema, IncidentSchema } from "./alerts";
import {
  CostMetricsSchema,
  DashboardStateSchema,
  HysteresisHealthSchema,
  MetricValueSchema,
  OutlookSchema,
  ProviderBudgetSchema,
  TaskMetricsSchema,
  TokenMetricsSchema,
} from "./dashboard";

const deltaBase = { seq: z.number().int().nonnegative(), ts: z.string() };

export const SnapshotMessageSchema = z.object({
  type: z.literal("snapshot"),
  seq: z.number().int().nonnegative(),
  state: DashboardStateSchema,
});

/** Each delta carries the new figures of its part of DashboardState. */
export const LiveMessageSchema = z.discriminatedUnion("type", [
  SnapshotMessageSchema,
  z.object({ ...deltaBase, type: z.literal("cost"), data: CostMetricsSchema }),
  z.object({ ...deltaBase, type: z.literal("tasks"), data: TaskMetricsSchema }),
  z.object({ ...deltaBase, type: z.literal("tokens"), data: TokenMetricsSchema }),
  z.object({ ...deltaBase, type: z.literal("metric"), data: z.record(z.string(), MetricValueSchema) }),
  /** One new or changed alert; a resolved one leaves the open list. */
  z.object({ ...deltaBase, type: z.literal("alert"), data: AlertSchema }),
  z.object({ ...deltaBase, type: z.literal("incident"), data: IncidentSchema }),
  z.object({ ...deltaBase, type: z.literal("anomaly"), data: AnomalyMarkSchema }),
  z.object({ ...deltaBase, type: z.literal("health"), data: HysteresisHealthSchema }),
  z.object({ ...deltaBase, type: z.literal("provider_budget"), data: ProviderBudgetSchema.nullable() }),
  z.object({ ...deltaBase, type: z.literal("outlook"), data: OutlookSchema }),
]);
export type LiveMessage = z.infer<typeof LiveMessageSchema>;
export type SnapshotMessage = z.infer<typeof SnapshotMessageSchema>;
export type DeltaMessage = Exclude<LiveMessage, SnapshotMessage>;
export type DeltaKind = DeltaMessage["type"];

export const TicketSchema = z.object({ ticket: z.string(), expires_at: z.string() });
export type Ticket = z.infer<typeof TicketSchema>;

/**
 * How the server ends a live socket it will not serve any more (docs/API.md, the live channel):
 * one close code, and a reason saying why. A client does not reconnect on it; after a sign-in
 * expiry a reload signs the person in again through Access.
 */
export const SESSION_END = {
  code: 4001,
  rotated: "credentials rotated",
  membershipChanged: "membership changed",
  signInExpired: "sign-in expired",
} as const;
