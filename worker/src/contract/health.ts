import { z } from "zod";
import { SOURCE_NAMES } from "./common";
import { SOURCE_MODES } from "./dashboard";

export const COMPONENT_STATUSES = ["up", "down"] as const;
const ComponentStatusSchema = z.enum(COMPONENT_STATUSES);

/** `GET /healthz` without `deep`: liveness only. */
export const HealthSchema = z.object({ ok: z.literal(true), version: z.string() });
export type Health = z.infer<typeof HealthSchema>;

/** `?deep=1` as a query: anything else (or nothing) asks for liveness only. */
export const HealthQuerySchema = z.object({ deep: z.enum(["0", "1", "true", "false"]).optional() });

export const D1HealthSchema = z.object({
  status: ComponentStatusSchema,
  latency_ms: z.number().nonnegative().describe("time taken by a trivial query, also when it failed"),
  error: z.string().nullable(),
});
export type D1Health = z.infer<typeof D1HealthSchema>;

/** What one hackathon's object reports about its own machinery. */
export const RoomHealthSchema = z.object({
  history_backlog: z.object({
    series_minutes: z.number().int().nonnegative().describe("rolled-up minutes waiting to be written to D1"),
    alerts: z.number().int().nonnegative().describe("alert changes waiting to be written to D1"),
  }),
  timers: z.object({
    scheduled: z.number().int().nonnegative(),
    next_due_at: z.string().nullable().describe("the earliest timer, in the object's clock"),
    alarm_at: z.string().nullable().describe("when the platform alarm is set to fire"),
  }),
  last_flush_at: z.string().nullable().describe("the last history flush that reached D1"),
  flush_failures: z.number().int().nonnegative().describe("consecutive failed flushes; 0 after a success"),
  sources: z.record(z.enum(SOURCE_NAMES), z.enum(SOURCE_MODES)),
});
export type RoomHealth = z.infer<typeof RoomHealthSchema>;

export const HackathonHealthSchema = RoomHealthSchema.partial().extend({
  id: z.string(),
  status: ComponentStatusSchema.describe("down when the hackathon's object did not answer"),
  error: z.string().nullable(),
});
export type HackathonHealth = z.infer<typeof HackathonHealthSchema>;

/** `GET /healthz?deep=1` (admin): 200 when every component is up, else 503 with the same body. */
export const DeepHealthSchema = z.object({
  ok: z.boolean(),
  version: z.string(),
  checked_at: z.string(),
  components: z.object({
    d1: D1HealthSchema,
    hackathons: z.array(HackathonHealthSchema).nullable().describe("null when the list could not be read from D1"),
  }),
});
export type DeepHealth = z.infer<typeof DeepHealthSchema>;
