import { Webhook } from "standardwebhooks";
import type { TestEventSent, WebhookAccepted } from "../../contract";
import { toIso } from "../../lib/time";
import type { StandardWebhookHeaders } from "../../signatures/standard-webhooks";
import { type Outcome, unwrap } from "../outcome";

/** The metric a test event carries: a series of its own, so no cost, token or task figure moves. */
export const TEST_METRIC_NAME = "pitwall.test";

export type SignedTestEvent = { id: string; bytes: Uint8Array; headers: StandardWebhookHeaders };

/**
 * One `metric` event named `pitwall.test`, signed with the hackathon's webhook secret exactly as
 * a sender signs (the reference `standardwebhooks` library), so it goes through the same
 * verification and ingest as a real delivery (POST /api/hackathons/:id/test-event).
 * `eventTs` is the object's clock; the signature's timestamp is the wall clock the verifier checks.
 */
export function signedTestEvent(webhookSecret: string, eventTs: number, signedAt = Date.now()): SignedTestEvent {
  const id = `pitwall-test-${crypto.randomUUID()}`;
  const body = JSON.stringify({ id, type: "metric", ts: toIso(eventTs), name: TEST_METRIC_NAME, value: 1 });
  const signature = new Webhook(webhookSecret).sign(id, new Date(signedAt), body);
  return {
    id,
    bytes: new TextEncoder().encode(body),
    headers: { id, timestamp: String(Math.floor(signedAt / 1000)), signature },
  };
}

/** The object's own ingest of Pitwall's signed events (signature check, rate limit, dedup, caps). */
export type SignedIngest = (bytes: Uint8Array, headers: StandardWebhookHeaders) => Promise<Outcome<WebhookAccepted>>;

/**
 * Sends one test event through `ingest`: it proves the path works and moves no cost, token or
 * task figure. It is not audited: it changes nothing a person configured, and an entry per click
 * would crowd out the log's real changes (durable/audit/log.ts).
 */
export async function sendTestEvent(webhookSecret: string, now: number, ingest: SignedIngest): Promise<TestEventSent> {
  const { id, bytes, headers } = signedTestEvent(webhookSecret, now);
  unwrap(await ingest(bytes, headers));
  return { id };
}
