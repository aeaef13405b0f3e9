import { importPKCS8, SignJWT } from "jose";
import { z } from "zod";
import { PollError, readJson, send, type ProviderCall } from "../../outbound/provider-call";

export const GOOGLE_TOKEN_URI = "https://oauth2.googleapis.com/token";

const ServiceAccountKeySchema = z.object({
  client_email: z.string().min(1),
  private_key: z.string().min(1),
  private_key_id: z.string().min(1),
  token_uri: z.url({ protocol: /^https?$/ }).default(GOOGLE_TOKEN_URI),
});
export type ServiceAccountKey = z.infer<typeof ServiceAccountKeySchema>;

const TokenResponseSchema = z.object({
  access_token: z.string().min(1),
  expires_in: z.number().positive(),
  token_type: z.string(),
});

type CachedToken = { token: string; expiresAt: number };
/** Where tokens outlive one poll: the poll adapter's cache (pollers/types PollCache) fits. */
export type TokenCache = { get<T>(key: string): T | undefined; set(key: string, value: CachedToken): void };

// Refresh a minute early so a token never expires between the check and BigQuery's answer.
const REFRESH_MARGIN_MS = 60_000;
// Google refuses assertions whose exp is more than an hour after iat.
const ASSERTION_LIFETIME_S = 3600;

/** Parses the service-account key JSON; errors name fields only, never values. */
export function parseServiceAccountKey(json: string | undefined): ServiceAccountKey {
  if (!json) throw new PollError("service_account_key is not configured");
  let raw: unknown;
  try {
    raw = JSON.parse(json);
  } catch {
    throw new PollError("service_account_key is not valid JSON");
  }
  const parsed = ServiceAccountKeySchema.safeParse(raw);
  if (!parsed.success) {
    const fields = [...new Set(parsed.error.issues.map((i) => i.path.join(".")))].join(", ");
    throw new PollError(`service_account_key lacks a valid ${fields}`);
  }
  return parsed.data;
}

async function signAssertion(key: ServiceAccountKey, scope: string, now: number): Promise<string> {
  let privateKey: CryptoKey;
  try {
    privateKey = await importPKCS8(key.private_key, "RS256");
  } catch {
    throw new PollError("service_account_key's private_key is not a PKCS#8 RSA key");
  }
  const iat = Math.floor(now / 1000);
  return new SignJWT({ scope })
    .setProtectedHeader({ alg: "RS256", typ: "JWT", kid: key.private_key_id })
    .setIssuer(key.client_email)
    .setAudience(key.token_uri)
    .setIssuedAt(iat)
    .setExpirationTime(iat + ASSERTION_LIFETIME_S)
    .sign(privateKey);
}

/** Exchanges a signed JWT for an access token (OAuth 2.0 JWT bearer grant). */
async function exchangeToken(call: ProviderCall, key: ServiceAccountKey, scope: string): Promise<CachedToken> {
  const assertion = await signAssertion(key, scope, call.now);
  const tokenCall = { ...call, provider: "Google OAuth", secrets: [...call.secrets, assertion] };
  const res = await send(tokenCall, key.token_uri, {
    method: "POST",
    headers: { "Content-Type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({ grant_type: "urn:ietf:params:oauth:grant-type:jwt-bearer", assertion }).toString(),
  });
  const body = await readJson(tokenCall, res, TokenResponseSchema);
  return { token: body.access_token, expiresAt: call.now + body.expires_in * 1000 };
}

export type GoogleRequest = { method?: string; headers?: Record<string, string>; body?: string };

/**
 * fetch with a service-account bearer token, cached in `cache` until a minute before it
 * expires; a 401 (revoked or expired early) drops the token and retries once with a new one.
 * The private key and every token used are added to `call.secrets`, so no error shows them.
 */
export function googleAuthorizedFetch(
  call: ProviderCall & { secrets: (string | undefined)[] },
  cache: TokenCache,
  key: ServiceAccountKey,
  scope: string,
) {
  const cacheKey = `google-token:${key.client_email}:${scope}`;
  call.secrets.push(key.private_key);

  async function token(fresh: boolean): Promise<string> {
    const cached = cache.get<CachedToken>(cacheKey);
    if (!fresh && cached && cached.expiresAt - REFRESH_MARGIN_MS > call.now) return cached.token;
    const next = await exchangeToken(call, key, scope);
    cache.set(cacheKey, next);
    return next.token;
  }

  return async (url: string, init: GoogleRequest = {}): Promise<Response> => {
    const attempt = async (fresh: boolean) => {
      const bearer = await token(fresh);
      call.secrets.push(bearer);
      return send(call, url, { ...init, headers: { ...init.headers, Authorization: `Bearer ${bearer}` } });
    };
    const res = await attempt(false);
    if (res.status !== 401) return res;
    await res.body?.cancel();
    return attempt(true);
  };
}
