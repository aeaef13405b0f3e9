import type { Context } from "hono";
import { getCookie } from "hono/cookie";
import type { AppEnv } from "../app-env";
import { getConfig, outboundPolicy } from "../config";
import { forbidden } from "../errors";
import { verifyAccessJwt } from "../integrations/cloudflare-access/access-jwt";

/**
 * People signed in through Cloudflare Access (docs/contract.md section 2). Access adds its JWT to
 * every request it lets through as `Cf-Access-Jwt-Assertion`; a browser also carries it in the
 * `CF_Authorization` cookie. Without ACCESS_TEAM_DOMAIN and ACCESS_AUD nobody signs in.
 */

export type Person = {
  /** Lower-cased. */
  email: string;
  /** Listed in ACCESS_ADMIN_EMAILS: admin of every hackathon. */
  isAdmin: boolean;
  /** The browser sent the session cookie, so the request may have been forged by another site. */
  viaCookie: boolean;
  /** The Access token's `exp` (epoch ms): a socket or stream the person opens ends then (durable/member-sessions.ts). */
  expiresAt: number;
};

/** What the request says about a person: none carried (or Access is off), a refused token, or who they are. */
export type PersonVerdict = { kind: "none" } | { kind: "refused"; reason: string } | { kind: "person"; person: Person };

const NONE: PersonVerdict = { kind: "none" };
export const ACCESS_COOKIE = "CF_Authorization";
export const ACCESS_HEADER = "cf-access-jwt-assertion";

/** The person the request's Access JWT names (the header first, else the cookie), verified. */
export async function signedInPerson(c: Context<AppEnv>): Promise<PersonVerdict> {
  const access = getConfig(c.env).access;
  if (!access) return NONE;
  const cookie = getCookie(c, ACCESS_COOKIE);
  const jwt = c.req.header(ACCESS_HEADER) ?? cookie;
  if (!jwt) return NONE;
  const verdict = await verifyAccessJwt(jwt, access, outboundPolicy(c.env));
  if (!verdict.ok) return { kind: "refused", reason: `The Cloudflare Access token is refused: ${verdict.reason}` };
  // Behind Access a browser's request carries the header too (Access adds it): the cookie is what
  // makes a request forgeable, so its presence is what the CSRF check looks at.
  return {
    kind: "person",
    person: {
      email: verdict.email,
      isAdmin: access.adminEmails.has(verdict.email),
      viaCookie: cookie !== undefined,
      expiresAt: verdict.expiresAt,
    },
  };
}

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);
export const CSRF_HEADER = "x-pitwall-request";

/**
 * A write made with the session cookie must say it comes from our own app: another site can make
 * a browser send the cookie, but not a custom header (a cross-origin one needs a CORS preflight
 * we never grant). Header- and bearer-authenticated writes carry no ambient credential. Any
 * person's write a browser marks as cross-site (`Sec-Fetch-Site`), or whose `Origin` is not the
 * request's own, is refused whichever way the JWT came: behind Access a forged request carries
 * Access's header as well as the cookie.
 */
export function refuseForgeableWrite(c: Context<AppEnv>, person: Person): void {
  if (SAFE_METHODS.has(c.req.method)) return;
  refuseCrossSite(c);
  if (!person.viaCookie) return;
  if (c.req.header(CSRF_HEADER) === "1") return;
  throw forbidden("A write signed in with the CF_Authorization cookie must carry the header 'X-Pitwall-Request: 1' (CSRF defence)");
}

/** A person's write sent from another site, as the browser tells it: `Sec-Fetch-Site: cross-site`, or an `Origin` not the request's. */
function refuseCrossSite(c: Context<AppEnv>): void {
  if (c.req.header("sec-fetch-site")?.toLowerCase() === "cross-site")
    throw forbidden("A signed-in person's write must come from Pitwall's own pages (Sec-Fetch-Site: cross-site is refused)");
  const origin = c.req.header("origin");
  if (origin !== undefined && origin !== new URL(c.req.url).origin)
    throw forbidden(`A signed-in person's write must come from Pitwall's own pages (Origin ${origin} is not this site's)`);
}
