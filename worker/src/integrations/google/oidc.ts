import { jwtVerify, type JWTPayload } from "jose";
import { remoteKeySet } from "../../outbound/remote-key-set";
import type { OutboundPolicy } from "../../outbound/url-policy";

export const GOOGLE_JWKS_URL = "https://www.googleapis.com/oauth2/v3/certs";
/** google-auth-library accepts both spellings of Google's issuer. */
const GOOGLE_ISSUERS = ["https://accounts.google.com", "accounts.google.com"];
const CLOCK_TOLERANCE_S = 30;

export type GoogleOidcExpectations = {
  jwksUrl: string;
  /** Whether the token's `aud` is the one this receiver expects. */
  audienceMatches: (audience: string) => boolean;
  serviceAccountEmail: string;
  now: number;
  outbound: OutboundPolicy;
};

/**
 * Verifies a Google-signed OIDC token as Pub/Sub push sends it: RS256 signature from
 * Google's keys, issuer, expiry, audience, and the pinned service account's verified email.
 * Returns why it is refused, or null.
 */
export async function refuseGoogleOidc(token: string, expect: GoogleOidcExpectations): Promise<string | null> {
  let payload: JWTPayload;
  try {
    ({ payload } = await jwtVerify(token, remoteKeySet(expect.jwksUrl, expect.outbound), {
      issuer: GOOGLE_ISSUERS,
      algorithms: ["RS256"],
      requiredClaims: ["exp", "aud"],
      clockTolerance: CLOCK_TOLERANCE_S,
      currentDate: new Date(expect.now),
    }));
  } catch (error) {
    return `the OIDC token is invalid (${error instanceof Error ? error.message : "unverifiable"})`;
  }
  const audiences = Array.isArray(payload.aud) ? payload.aud : [payload.aud ?? ""];
  if (!audiences.some(expect.audienceMatches)) return "the OIDC token is for another audience";
  if (payload.email !== expect.serviceAccountEmail || payload.email_verified !== true) {
    return "the OIDC token is not from the configured service account";
  }
  return null;
}
