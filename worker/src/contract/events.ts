import { z } from "zod";
import { CurrencySchema, IsoTimestampSchema, KeySchema } from "./common";

/**
 * Upper bounds on one event's figures: far beyond any real spend, token count, task size or
 * reading, and small enough that the sums, ratios and variances built from them stay finite
 * (a dashboard figure that overflows to Infinity would be sent as null).
 */
export const MAX_EVENT_QUANTITY = 1e12;
export const MAX_METRIC_MAGNITUDE = 1e15;
const quantity = z.number().gte(0).lte(MAX_EVENT_QUANTITY);

/** Longest model or service name: real ones are far shorter, and each is a dashboard row and a series. */
export const MAX_NAME_LENGTH = 128;
const nameOf = (what: string) =>
  z
    .string()
    .min(1, `${what} must be 1 to ${MAX_NAME_LENGTH} characters`)
    .max(MAX_NAME_LENGTH, `${what} must be 1 to ${MAX_NAME_LENGTH} characters`);
/** A task's `depends_on` holds at most this many ids (docs/contract.md section 5: 400 `limit_exceeded` beyond). */
export const MAX_DEPENDS_ON = 50;

const eventBase = {
  id: KeySchema,
  ts: IsoTimestampSchema,
};

export const CostEventSchema = z
  .object({
    ...eventBase,
    type: z.literal("cost"),
    amount: quantity.optional(),
    total: quantity.optional(),
    currency: CurrencySchema.optional(),
    service: nameOf("service").optional(),
    sku: z.string().max(200).optional(),
  })
  .refine((e) => (e.amount === undefined) !== (e.total === undefined), {
    message: "a cost event carries exactly one of amount (delta) or total (cumulative)",
    path: ["amount"],
  });

export const TokenEventSchema = z.object({
  ...eventBase,
  type: z.literal("token"),
  model: nameOf("model"),
  input_tokens: quantity.int(),
  output_tokens: quantity.int(),
  cost: quantity.optional(),
  /** The sending app or team service (docs/contract.md section 4); counts toward the services cap. */
  service: nameOf("service").optional(),
});

export const TASK_STATUSES = ["todo", "in_progress", "done", "blocked"] as const;
export const TaskStatusSchema = z.enum(TASK_STATUSES);

export const TaskSchema = z.object({
  id: KeySchema,
  title: z.string().max(500),
  status: TaskStatusSchema,
  weight: z.number().positive().lte(MAX_EVENT_QUANTITY).default(1),
  estimated_hours: quantity.optional(),
  depends_on: z.array(KeySchema).max(MAX_DEPENDS_ON, `at most ${MAX_DEPENDS_ON} dependencies per task`).default([]),
});
export type Task = z.infer<typeof TaskSchema>;

export const TaskEventSchema = z.object({
  ...eventBase,
  type: z.literal("task"),
  task: TaskSchema,
});

export const MetricEventSchema = z.object({
  ...eventBase,
  type: z.literal("metric"),
  name: z.string().regex(/^[a-z][a-z0-9_.]{0,63}$/, "must match ^[a-z][a-z0-9_.]{0,63}$"),
  value: z.number().gte(-MAX_METRIC_MAGNITUDE).lte(MAX_METRIC_MAGNITUDE),
  unit: z.string().max(32).optional(),
});

export const EVENT_TYPES = ["cost", "token", "task", "metric"] as const;

export const InboundEventSchema = z.discriminatedUnion("type", [CostEventSchema, TokenEventSchema, TaskEventSchema, MetricEventSchema]);
export type InboundEvent = z.infer<typeof InboundEventSchema>;
export type CostEvent = z.infer<typeof CostEventSchema>;
export type TokenEvent = z.infer<typeof TokenEventSchema>;
export type TaskEvent = z.infer<typeof TaskEventSchema>;
export type MetricEvent = z.infer<typeof MetricEventSchema>;

export const MAX_EVENTS_PER_REQUEST = 1000;
export const MAX_WEBHOOK_BODY_BYTES = 1024 * 1024;

export const EventBatchSchema = z.object({
  events: z.array(InboundEventSchema).min(1).max(MAX_EVENTS_PER_REQUEST),
});

/**
 * Reads a payload that is one event or `{ events: [...] }`. The shape picks the schema, so
 * a bad batch reports paths under `events` instead of a union's unhelpful root error.
 */
export function parseEventsPayload(payload: unknown) {
  const batch = typeof payload === "object" && payload !== null && !Array.isArray(payload) && "events" in payload;
  const parsed = batch ? EventBatchSchema.safeParse(payload) : InboundEventSchema.safeParse(payload);
  if (!parsed.success) return { success: false as const, error: parsed.error, batch };
  return { success: true as const, events: "events" in parsed.data ? parsed.data.events : [parsed.data], batch };
}

export const WebhookAcceptedSchema = z.object({
  accepted: z.number().int(),
  duplicates: z.number().int(),
  /** Set when a valid delivery carries nothing Pitwall uses (a GitHub ping, another event type): why. */
  ignored: z.string().optional(),
});
export type WebhookAccepted = z.infer<typeof WebhookAcceptedSchema>;
