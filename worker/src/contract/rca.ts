import { z } from "zod";
import { ExportFormatSchema, rangeInOrder, SOURCE_NAMES, TimeRangeSchema } from "./common";
import { SOURCE_MODES } from "./dashboard";

export const RCA_KINDS = [
  "correction",
  "rejected_poll",
  "state_reset",
  "incident",
  "detector_reset",
  "unusable_delivery",
  "dependency_cycle",
  "limit_reached",
] as const;
export type RcaKind = (typeof RCA_KINDS)[number];

export const RcaEntrySchema = z.object({
  id: z.string(),
  at: z.string(),
  source: z.enum(SOURCE_NAMES),
  kind: z.enum(RCA_KINDS),
  /** Set for corrections (missed_events, provider_lag, …); null for the other kinds. */
  cause: z.string().nullable(),
  summary: z.string(),
  detail: z.unknown(),
});
export type RcaEntry = z.infer<typeof RcaEntrySchema>;

export const ModeTransitionEntrySchema = z.object({
  source: z.enum(SOURCE_NAMES),
  from: z.enum(SOURCE_MODES),
  to: z.enum(SOURCE_MODES),
  reason: z.string(),
  at: z.string(),
});
export type ModeTransitionEntry = z.infer<typeof ModeTransitionEntrySchema>;

/** GET /api/hackathons/:id/rca: both lists newest first. */
export const RcaResponseSchema = z.object({
  entries: z.array(RcaEntrySchema),
  transitions: z.array(ModeTransitionEntrySchema),
});
export type RcaResponse = z.infer<typeof RcaResponseSchema>;

/** `?from=&to=` bounds both lists by their `at`. */
export const RcaQuerySchema = rangeInOrder(TimeRangeSchema.extend({ format: ExportFormatSchema }));
export type RcaQuery = z.infer<typeof RcaQuerySchema>;
