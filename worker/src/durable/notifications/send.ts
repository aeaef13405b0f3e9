import { Webhook } from "standardwebhooks";
import { channelUrlRefusal } from "../../outbound/config-urls";
import { OutboundError, outboundFetch } from "../../outbound/fetch";
import type { OutboundPolicy } from "../../outbound/url-policy";
import { findChannel, type ChannelRow } from "./channels";
import { payloadFor, type NotificationSnapshot } from "./payloads";
import { NOTIFY_POLICY, retryDelayMs } from "./policy";
import type { DeliveryRow } from "./queue";

export type SendContext = {
  storage: DurableObjectStorage;
  hackathonId: string;
  now: () => number;
  fetch?: typeof fetch;
  outbound: OutboundPolicy;
};

/** Deliveries sent per timer run; the rest stay due and go out on the next run. */
const BATCH = 25;

type Attempt = { ok: true; code: number } | { ok: false; code: number | null; error: string };

function buildRequest(
  channel: ChannelRow,
  delivery: DeliveryRow,
  hackathonId: string,
  at: number,
): { body: string; headers: Record<string, string> } {
  const snapshot = JSON.parse(delivery.payload) as NotificationSnapshot;
  const body = JSON.stringify(payloadFor(channel.kind, { ...snapshot, kind: delivery.kind, hackathonId, at }));
  const headers: Record<string, string> = { "content-type": "application/json", "user-agent": "Pitwall-Notifications/1" };
  if (channel.kind === "webhook" && channel.secret) {
    const timestamp = new Date(at);
    headers["webhook-id"] = delivery.id;
    headers["webhook-timestamp"] = String(Math.floor(at / 1000));
    headers["webhook-signature"] = new Webhook(channel.secret).sign(delivery.id, timestamp, body);
  }
  return { body, headers };
}

/**
 * Never includes the URL or the response body: both may carry the receiver's credentials.
 * The URL was checked when the channel was created; it is checked again here, since a stored
 * one may predate a rule (outbound/fetch.ts also refuses redirects).
 */
async function post(ctx: SendContext, channel: ChannelRow, body: string, headers: Record<string, string>): Promise<Attempt> {
  const refusal = channelUrlRefusal(channel.kind, channel.url, ctx.outbound);
  if (refusal) return { ok: false, code: null, error: refusal };
  try {
    const response = await outboundFetch(
      channel.url,
      { method: "POST", body, headers },
      { ...ctx.outbound, timeoutMs: NOTIFY_POLICY.sendTimeoutMs, discardBody: true, fetch: ctx.fetch },
    );
    if (response.status >= 200 && response.status < 300) return { ok: true, code: response.status };
    return { ok: false, code: response.status, error: `receiver answered HTTP ${response.status}` };
  } catch (error) {
    if (error instanceof OutboundError) return { ok: false, code: null, error: error.message };
    const name = error instanceof Error ? error.name : "Error";
    const timedOut = name === "TimeoutError" || name === "AbortError";
    return {
      ok: false,
      code: null,
      error: timedOut ? `no answer within ${NOTIFY_POLICY.sendTimeoutMs / 1000} s` : `network error (${name})`,
    };
  }
}

/** Takes a due delivery for one attempt; a crash mid-send leaves it due again after the lease. */
function claim(sql: SqlStorage, id: string, now: number): number | null {
  const row = sql
    .exec<{ attempts: number }>(
      `UPDATE notification_deliveries SET attempts = attempts + 1, due_at = ?
       WHERE id = ? AND status = 'pending' AND due_at <= ? RETURNING attempts`,
      now + NOTIFY_POLICY.claimLeaseMs,
      id,
      now,
    )
    .toArray()[0];
  return row?.attempts ?? null;
}

function recordSuccess(sql: SqlStorage, delivery: DeliveryRow, code: number, now: number): void {
  sql.exec(
    "UPDATE notification_deliveries SET status = 'delivered', delivered_at = ?, response_code = ?, last_error = NULL WHERE id = ?",
    now,
    code,
    delivery.id,
  );
  sql.exec("UPDATE notification_channels SET consecutive_failures = 0, status = 'ok' WHERE id = ?", delivery.channel_id);
}

function recordFailure(
  sql: SqlStorage,
  delivery: DeliveryRow,
  attempts: number,
  result: Extract<Attempt, { ok: false }>,
  now: number,
): void {
  const failures = sql
    .exec<{ n: number }>(
      "UPDATE notification_channels SET consecutive_failures = consecutive_failures + 1 WHERE id = ? RETURNING consecutive_failures AS n",
      delivery.channel_id,
    )
    .toArray()[0]?.n;
  // Deleted while the request was out: its rows are gone with it.
  if (failures === undefined) return;
  const failing = failures >= NOTIFY_POLICY.failingAfter;
  const giveUp = failing || attempts >= NOTIFY_POLICY.maxAttempts;
  sql.exec(
    "UPDATE notification_deliveries SET status = ?, due_at = ?, last_error = ?, response_code = ? WHERE id = ?",
    giveUp ? "failed" : "pending",
    giveUp ? now : now + retryDelayMs(attempts),
    result.error,
    result.code,
    delivery.id,
  );
  if (!failing) return;
  sql.exec("UPDATE notification_channels SET status = 'failing' WHERE id = ?", delivery.channel_id);
  sql.exec(
    "UPDATE notification_deliveries SET status = 'dropped', last_error = 'channel is failing' WHERE channel_id = ? AND status = 'pending'",
    delivery.channel_id,
  );
}

/** Sends the due deliveries, one attempt each, recording every outcome in the same storage step. */
export async function sendDueDeliveries(ctx: SendContext): Promise<void> {
  const { storage } = ctx;
  const sql = storage.sql;
  const due = sql
    .exec<DeliveryRow>(
      "SELECT * FROM notification_deliveries WHERE status = 'pending' AND due_at <= ? ORDER BY due_at, rowid LIMIT ?",
      ctx.now(),
      BATCH,
    )
    .toArray();
  for (const delivery of due) {
    const channel = findChannel(sql, delivery.channel_id);
    if (!channel || (channel.status === "failing" && delivery.kind !== "test")) {
      sql.exec("UPDATE notification_deliveries SET status = 'dropped', last_error = 'channel is failing' WHERE id = ?", delivery.id);
      continue;
    }
    const attempts = claim(sql, delivery.id, ctx.now());
    if (attempts === null) continue;
    const { body, headers } = buildRequest(channel, delivery, ctx.hackathonId, ctx.now());
    const result = await post(ctx, channel, body, headers);
    storage.transactionSync(() => {
      if (result.ok) recordSuccess(sql, delivery, result.code, ctx.now());
      else recordFailure(sql, delivery, attempts, result, ctx.now());
    });
  }
}
