import { jwtVerify } from "jose";
import type { AccessSettings } from "../../config";
import { remoteKeySet } from "../../outbound/remote-key-set";
import type { OutboundPolicy } from "../../outbound/url-policy";

/**
 * Cloudflare Access's application token (docs/contract.md section 2): Access signs it with RS256
 * and the team's rotating keys, names the application's AUD tag in `aud`, the team domain in
 * `iss`, and the signed-in person in `email`. Anything else (`alg: none`, HS256, another team's
 * or application's token, an expired one) is refused.
 */

/** Access sets a short lifetime; a little tolerance covers clock skew between its edge and ours. */
const CLOCK_TOLERANCE_S = 30;

/** `expiresAt`: the token's `exp` in epoch ms; what it opened for the person (a live socket, a stream) ends then. */
export type AccessVerdict = { ok: true; email: string; expiresAt: number } | { ok: false; reason: string };

/** Verifies an Access JWT; the email comes back lower-cased, since emails compare case-insensitively. */
export async function verifyAccessJwt(
  jwt: string,
  access: AccessSettings,
  outbound: OutboundPolicy,
  now = Date.now(),
): Promise<AccessVerdict> {
  try {
    const { payload } = await jwtVerify(jwt, remoteKeySet(access.jwksUrl, outbound), {
      issuer: access.issuer,
      audience: access.audience,
      algorithms: ["RS256"],
      requiredClaims: ["exp"],
      clockTolerance: CLOCK_TOLERANCE_S,
      currentDate: new Date(now),
    });
    // A service token's JWT names no person (`common_name` instead): it opens nothing by itself.
    if (typeof payload.email !== "string" || !payload.email.includes("@")) return { ok: false, reason: "it names no person (no email)" };
    return { ok: true, email: payload.email.trim().toLowerCase(), expiresAt: (payload.exp as number) * 1000 };
  } catch (error) {
    return { ok: false, reason: error instanceof Error ? error.message : "unverifiable" };
  }
}
