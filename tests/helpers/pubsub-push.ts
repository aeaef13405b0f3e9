import { SignJWT, exportJWK, generateKeyPair, type CryptoKey, type JWTPayload } from "jose";
import { fakeProvider } from "../fixtures/fake-providers/client";
import { api, BASE_URL } from "./api";

export const SERVICE_ACCOUNT = "budget-push@pitwall-demo.iam.gserviceaccount.com";
export const PERIOD_START = "2026-11-01T07:00:00Z";

let counter = 0;
/** A fresh Pub/Sub-style messageId: a long decimal string. */
export const messageIdOf = () => `${Date.now()}${String(++counter).padStart(4, "0")}`;

/** A budget notification as Cloud Billing publishes it (decoded `message.data`). */
export function budgetData(fields: Record<string, unknown> = {}) {
  return {
    budgetDisplayName: "Hackathon budget",
    costAmount: 10,
    costIntervalStart: PERIOD_START,
    budgetAmount: 1000,
    budgetAmountType: "SPECIFIED_AMOUNT",
    currencyCode: "USD",
    ...fields,
  };
}

/** Standard base64 of the UTF-8 bytes, as Pub/Sub carries `message.data`. */
export function encodeData(data: unknown): string {
  const bytes = new TextEncoder().encode(typeof data === "string" ? data : JSON.stringify(data));
  return btoa(String.fromCharCode(...bytes));
}

type EnvelopeOptions = {
  messageId?: string;
  publishTime?: string;
  /** Pub/Sub sends both; tests check either alone is enough. */
  casing?: "both" | "camel" | "snake";
  attributes?: Record<string, string> | null;
  data?: string;
};

/** The wrapped push body, as in Google's docs. */
export function pushEnvelope(data: unknown, options: EnvelopeOptions = {}) {
  const messageId = options.messageId ?? messageIdOf();
  const publishTime = options.publishTime ?? new Date().toISOString();
  const casing = options.casing ?? "both";
  const ids: Record<string, string> = {};
  if (casing !== "snake") Object.assign(ids, { messageId, publishTime });
  if (casing !== "camel") Object.assign(ids, { message_id: messageId, publish_time: publishTime });
  const attributes =
    options.attributes === null
      ? undefined
      : (options.attributes ?? {
          billingAccountId: "01D4EE-079462-DFD6EC",
          budgetId: "de72f49d-779b-4945-a127-4d6ce8def0bb",
          schemaVersion: "1.0",
        });
  return {
    message: { ...(attributes ? { attributes } : {}), data: options.data ?? encodeData(data), ...ids },
    subscription: "projects/pitwall-demo/subscriptions/budget-push",
  };
}

/** The hackathon's push endpoint path, optionally with a query (`?token=...`). */
export const pushPath = (hackathonId: string, query = "") => `/webhooks/${hackathonId}/gcp-billing${query}`;
export const pushUrl = (hackathonId: string) => `${BASE_URL}${pushPath(hackathonId)}`;

/** POSTs a push body as Pub/Sub does: JSON, with a bearer token or a path carrying `?token=`. */
export function push(path: string, body: unknown, bearer?: string) {
  const headers: Record<string, string> = { "content-type": "application/json" };
  if (bearer) headers.authorization = `Bearer ${bearer}`;
  return api(path, { method: "POST", token: null, body: typeof body === "string" ? body : JSON.stringify(body), headers });
}

/** The path part of `webhook_urls.gcp_billing` (it carries the `?token=`). */
export function tokenPath(gcpBillingUrl: string): string {
  const url = new URL(gcpBillingUrl);
  return url.pathname + url.search;
}

const KID = "pitwall-test-key";

async function rsaKey() {
  return generateKeyPair("RS256", { extractable: true, modulusLength: 2048 });
}

export type GoogleSigner = {
  jwksUrl: string;
  sign(claims?: JWTPayload, options?: { issuer?: string; expiresAt?: number; key?: CryptoKey; audience?: string }): Promise<string>;
  /** A private key Google never published, under the same kid. */
  otherKey(): Promise<CryptoKey>;
};

/**
 * A stand-in for Google's OIDC signer: a fresh RSA key whose public half the fake Google
 * serves as a JWKS, and tokens shaped like the ones Pub/Sub push attaches.
 */
export async function googleSigner(defaultAudience: string): Promise<GoogleSigner> {
  const { privateKey, publicKey } = await rsaKey();
  const jwk = { ...(await exportJWK(publicKey)), kid: KID, alg: "RS256", use: "sig" };
  const scenario = await fakeProvider("google", { jwks: [jwk] });
  return {
    jwksUrl: `${scenario.baseUrl}/oauth2/v3/certs`,
    async sign(claims = {}, options = {}) {
      const now = Math.floor(Date.now() / 1000);
      return new SignJWT({ azp: "1234567890", email: SERVICE_ACCOUNT, email_verified: true, sub: "1234567890", ...claims })
        .setProtectedHeader({ alg: "RS256", kid: KID, typ: "JWT" })
        .setIssuer(options.issuer ?? "https://accounts.google.com")
        .setAudience(options.audience ?? defaultAudience)
        .setIssuedAt(now)
        .setExpirationTime(options.expiresAt ?? now + 3600)
        .sign(options.key ?? privateKey);
    },
    otherKey: async () => (await rsaKey()).privateKey,
  };
}
