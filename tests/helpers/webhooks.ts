import { Webhook } from "standardwebhooks";
import { api } from "./api";

let counter = 0;
export const eventId = (prefix = "ev") => `${prefix}-${Date.now()}-${++counter}-${crypto.randomUUID().slice(0, 6)}`;

/** Standard Webhooks headers for `body`, signed now (or at `at`) with the hackathon's secret. */
export function signHeaders(secret: string, body: string, at = new Date(), msgId = eventId("msg")) {
  return {
    "content-type": "application/json",
    "webhook-id": msgId,
    "webhook-timestamp": String(Math.floor(at.getTime() / 1000)),
    "webhook-signature": new Webhook(secret).sign(msgId, at, body),
  };
}

/** POSTs a correctly signed event body to the hackathon's events webhook. */
export function postEvents(hackathonId: string, secret: string, payload: unknown) {
  const body = JSON.stringify(payload);
  return api(`/webhooks/${hackathonId}/events`, { method: "POST", token: null, body, headers: signHeaders(secret, body) });
}

export const costEvent = (fields: Record<string, unknown>) => ({
  id: eventId("cost"),
  type: "cost",
  ts: new Date().toISOString(),
  ...fields,
});
