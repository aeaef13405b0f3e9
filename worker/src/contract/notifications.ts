import { z } from "zod";
import { ALERT_TYPES, SEVERITIES } from "./alerts";

export const CHANNEL_KINDS = ["webhook", "slack", "discord"] as const;
export type ChannelKind = (typeof CHANNEL_KINDS)[number];
export const CHANNEL_STATUSES = ["ok", "failing"] as const;
export const DELIVERY_KINDS = ["firing", "resolved", "repeat", "test"] as const;
export type DeliveryKind = (typeof DELIVERY_KINDS)[number];
export const DELIVERY_STATUSES = ["pending", "delivered", "failed", "dropped"] as const;
export type DeliveryStatus = (typeof DELIVERY_STATUSES)[number];

/** Like poll URLs: https in production, plain http and loopback hosts for local receivers. */
const receiverUrl = z.url({ protocol: /^https?$/ }).max(2048);

export const ChannelIdSchema = z.string().regex(/^ch_[A-Za-z0-9]{12}$/, "not a channel id");

export const ChannelCreateSchema = z.object({
  kind: z.enum(CHANNEL_KINDS),
  name: z.string().min(1).max(120),
  url: receiverUrl.describe("write-only: the receiver's URL is a credential (Slack and Discord put the key in it)"),
  min_severity: z.enum(SEVERITIES).default("warning"),
  types: z.array(z.enum(ALERT_TYPES)).min(1).optional().describe("alert types to notify; all when absent"),
});
export type ChannelCreate = z.infer<typeof ChannelCreateSchema>;

export const ChannelSchema = z.object({
  id: z.string(),
  kind: z.enum(CHANNEL_KINDS),
  name: z.string(),
  url: z.string().describe("the receiver's origin only; the full URL is never shown again"),
  min_severity: z.enum(SEVERITIES),
  types: z.array(z.enum(ALERT_TYPES)).nullable().describe("null: every type"),
  status: z.enum(CHANNEL_STATUSES),
  consecutive_failures: z.number().int(),
  created_at: z.string(),
});
export type Channel = z.infer<typeof ChannelSchema>;

/** The create answer: the only time a webhook channel's signing secret is shown. */
export const ChannelCreatedSchema = z.object({
  channel: ChannelSchema,
  signing_secret: z.string().nullable().describe("`whsec_…` for webhook channels, null for Slack and Discord"),
});
export type ChannelCreated = z.infer<typeof ChannelCreatedSchema>;

export const ChannelListSchema = z.object({ channels: z.array(ChannelSchema) });
export type ChannelList = z.infer<typeof ChannelListSchema>;

export const DeliverySchema = z.object({
  id: z.string().describe("also the `webhook-id` header of a webhook channel's request"),
  channel_id: z.string(),
  alert_id: z.string().nullable().describe("the first alert it carries; null for a test"),
  alert_ids: z.array(z.string()),
  kind: z.enum(DELIVERY_KINDS),
  status: z.enum(DELIVERY_STATUSES),
  attempts: z.number().int(),
  last_error: z.string().nullable(),
  response_code: z.number().int().nullable(),
  created_at: z.string(),
  delivered_at: z.string().nullable(),
});
export type Delivery = z.infer<typeof DeliverySchema>;

export const DeliveryListSchema = z.object({ deliveries: z.array(DeliverySchema) });
export type DeliveryList = z.infer<typeof DeliveryListSchema>;

export const DeliveryQueuedSchema = z.object({ delivery: DeliverySchema });
export type DeliveryQueued = z.infer<typeof DeliveryQueuedSchema>;
