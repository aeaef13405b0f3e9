import { z } from "zod";
import { MAX_EVENT_QUANTITY } from "../../contract";

/** The Pub/Sub push envelope (wrapped mode); Pub/Sub sends both camelCase and snake_case ids. */
const PushEnvelopeSchema = z.object({
  message: z.object({
    data: z.string().optional(),
    attributes: z.record(z.string(), z.string()).optional(),
    messageId: z.string().optional(),
    message_id: z.string().optional(),
    publishTime: z.string().optional(),
    publish_time: z.string().optional(),
  }),
  subscription: z.string().optional(),
});

/** The budget notification in `message.data` (schema version 1.0). */
const BudgetNotificationSchema = z.object({
  budgetDisplayName: z.string().optional(),
  // Bounded like a cost event's total: a larger figure would overflow the dashboard's sums.
  costAmount: z.number().gte(0).lte(MAX_EVENT_QUANTITY),
  costIntervalStart: z.iso.datetime({ offset: true }),
  budgetAmount: z.number().optional(),
  budgetAmountType: z.string().optional(),
  currencyCode: z.string(),
  alertThresholdExceeded: z.number().optional(),
  forecastThresholdExceeded: z.number().optional(),
  schemaVersion: z.string().optional(),
});
export type BudgetNotification = z.infer<typeof BudgetNotificationSchema>;

export const SUPPORTED_SCHEMA_VERSION = "1.0";
/** Leaves room for the `gcp-` prefix within an event id's 200 characters. */
const MAX_MESSAGE_ID_LENGTH = 190;

export type BudgetMessage = {
  messageId: string;
  publishedAt: number;
  budgetId: string;
  notification: BudgetNotification;
};

/** A push delivery read as far as it goes: the message, or why it can never be applied. */
export type ReadOutcome =
  | { ok: true; message: BudgetMessage }
  | { ok: false; reason: string; messageId: string | null; detail?: Record<string, unknown> };

function decodeBase64Utf8(data: string): string | null {
  try {
    const binary = atob(data);
    const bytes = Uint8Array.from(binary, (char) => char.charCodeAt(0));
    return new TextDecoder("utf-8", { fatal: true, ignoreBOM: false }).decode(bytes);
  } catch {
    return null;
  }
}

function parseJson(text: string): { ok: true; value: unknown } | { ok: false } {
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch {
    return { ok: false };
  }
}

const issuesOf = (error: z.ZodError) => error.issues.map((issue) => ({ path: issue.path.join("."), message: issue.message }));

/** Reads a push delivery's body into a budget message, checking every layer it is wrapped in. */
export function readBudgetPush(body: string): ReadOutcome {
  const json = parseJson(body);
  const envelope = json.ok ? PushEnvelopeSchema.safeParse(json.value) : null;
  if (!envelope?.success) return { ok: false, reason: "The body is not a Pub/Sub push envelope", messageId: null };
  const { message } = envelope.data;
  const messageId = message.messageId ?? message.message_id ?? null;
  if (!messageId || messageId.length > MAX_MESSAGE_ID_LENGTH) {
    return { ok: false, reason: "The push message has no usable messageId", messageId: null };
  }
  const publishedAt = Date.parse(message.publishTime ?? message.publish_time ?? "");
  if (Number.isNaN(publishedAt)) return { ok: false, reason: "The push message has no valid publishTime", messageId };

  const attributeVersion = message.attributes?.schemaVersion;
  if (attributeVersion !== undefined && attributeVersion !== SUPPORTED_SCHEMA_VERSION) {
    return { ok: false, reason: `Unknown budget notification schemaVersion ${JSON.stringify(attributeVersion)}`, messageId };
  }
  const text = message.data === undefined ? null : decodeBase64Utf8(message.data);
  const data = text === null ? null : parseJson(text);
  if (!data?.ok) return { ok: false, reason: "The message data is not base64 of UTF-8 JSON", messageId };
  const notification = BudgetNotificationSchema.safeParse(data.value);
  if (!notification.success) {
    return {
      ok: false,
      reason: "The message data is not a budget notification",
      messageId,
      detail: { issues: issuesOf(notification.error) },
    };
  }
  const dataVersion = notification.data.schemaVersion;
  if (dataVersion !== undefined && dataVersion !== SUPPORTED_SCHEMA_VERSION) {
    return { ok: false, reason: `Unknown budget notification schemaVersion ${JSON.stringify(dataVersion)}`, messageId };
  }
  return {
    ok: true,
    message: { messageId, publishedAt, budgetId: message.attributes?.budgetId ?? "", notification: notification.data },
  };
}
