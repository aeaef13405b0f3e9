import { outboundPolicy } from "../../config";
import { unauthorized } from "../../errors";
import { secretsEqual } from "../../lib/crypto";
import { toIso } from "../../lib/time";
import type { RawSenderRequest, Sender, SenderContext, SenderRequest, SenderVerdict } from "../sender";
import { readBudgetPush } from "./budget-notification";
import { raisePeriod, recordBudgetStatus } from "./budget-periods";
import { GOOGLE_JWKS_URL, refuseGoogleOidc } from "./oidc";
import { gcpPushToken } from "./push-token";

/**
 * Without a configured audience, Pub/Sub's default applies: the push endpoint's URL. The
 * query (`?token=`) is ignored, and the host must be the one the request came to when known.
 */
function isPushUrl(hackathonId: string, host: string | undefined) {
  return (audience: string) => {
    let url: URL;
    try {
      url = new URL(audience);
    } catch {
      return false;
    }
    return /^https?:$/.test(url.protocol) && url.pathname === `/webhooks/${hackathonId}/gcp-billing` && (!host || url.host === host);
  };
}

async function authenticate(request: RawSenderRequest, { record, now, env }: SenderContext): Promise<void> {
  const token = request.query.token;
  if (token !== undefined && (await secretsEqual(token, await gcpPushToken(record.webhookSecret)))) return;
  const bearer = /^Bearer\s+(\S+)\s*$/i.exec(request.headers.authorization ?? "")?.[1];
  if (!bearer) {
    throw unauthorized(
      token === undefined
        ? "Send Google's OIDC token (Authorization: Bearer) or the push URL's ?token="
        : "The ?token= is not this hackathon's",
    );
  }
  const config = record.config.integrations?.gcp_billing;
  // Any Google account can mint a push token for any URL; only the pinned service account makes it ours.
  if (!config?.service_account_email) {
    throw unauthorized("OIDC push tokens are accepted once integrations.gcp_billing.service_account_email is set");
  }
  const audience = config.oidc_audience;
  const refusal = await refuseGoogleOidc(bearer, {
    jwksUrl: config.jwks_url ?? GOOGLE_JWKS_URL,
    audienceMatches: audience ? (aud) => aud === audience : isPushUrl(record.config.id, request.headers.host),
    serviceAccountEmail: config.service_account_email,
    now,
    outbound: outboundPolicy(env),
  });
  if (refusal) throw unauthorized(refusal);
}

/**
 * A budget notification becomes a cost event `gcp-<messageId>` carrying spend to date; one
 * that can never be applied is answered 204 so Pub/Sub stops redelivering it. The period's
 * high-water mark is written here, just before the object stores the event: should that
 * store fail, the mark stays raised, but a redelivery carries the same amount and is applied.
 */
function interpret(request: SenderRequest, { record, sql }: SenderContext): SenderVerdict {
  const read = readBudgetPush(request.body);
  if (!read.ok) return { kind: "unusable", reason: read.reason, detail: { message_id: read.messageId, ...read.detail } };
  const { message } = read;
  const { currencyCode, costAmount } = message.notification;
  const currency = record.config.budget.currency;
  if (currencyCode !== currency) {
    return {
      kind: "unusable",
      reason: `The budget is in ${currencyCode}, the hackathon in ${currency}`,
      detail: { message_id: message.messageId, currency_code: currencyCode, cost_amount: costAmount },
    };
  }
  const raise = raisePeriod(sql, message);
  if (raise.kind === "older") return { kind: "ignored", reason: "older than the period's latest amount" };
  recordBudgetStatus(sql, message);
  const event = { id: `gcp-${message.messageId}`, type: "cost" as const, ts: toIso(message.publishedAt), total: raise.total };
  return { kind: "events", events: [event] };
}

/** Cloud Billing budget notifications pushed by Pub/Sub: `POST /webhooks/:id/gcp-billing`. */
export const gcpBillingSender: Sender = { authenticate, interpret };
