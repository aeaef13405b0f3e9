// Sends events to POST /webhooks/:id/events, signed per the Standard Webhooks spec
// (headers webhook-id, webhook-timestamp, webhook-signature).
import { randomUUID } from "node:crypto";
import { Webhook } from "standardwebhooks";

/**
 * @param {{ url: string, hackathonId: string, webhookSecret: string }} options
 * @returns {(payload: object, options?: { msgId?: string, timeoutMs?: number }) =>
 *   Promise<{ status: number, body: any, retryAfter: string | null }>}
 *   payload: one event, or { events: [...] }; a fixed `msgId` makes a redelivery of the same message.
 */
export function createWebhookSender({ url, hackathonId, webhookSecret }) {
  const signer = new Webhook(webhookSecret);
  const endpoint = `${url}/webhooks/${encodeURIComponent(hackathonId)}/events`;
  return async function send(payload, { msgId = `msg_${randomUUID()}`, timeoutMs } = {}) {
    const body = JSON.stringify(payload);
    const now = new Date();
    const response = await fetch(endpoint, {
      method: "POST",
      headers: {
        "content-type": "application/json",
        "webhook-id": msgId,
        "webhook-timestamp": String(Math.floor(now.getTime() / 1000)),
        "webhook-signature": signer.sign(msgId, now, body),
      },
      body,
      signal: timeoutMs ? AbortSignal.timeout(timeoutMs) : undefined,
    });
    const text = await response.text();
    let parsed;
    try {
      parsed = JSON.parse(text);
    } catch {
      parsed = text;
    }
    return { status: response.status, body: parsed, retryAfter: response.headers.get("retry-after") };
  };
}
