import type { Context } from "hono";
import { createMiddleware } from "hono/factory";
import type { AppEnv } from "../app-env";
import { rateLimited } from "../errors";
import { clientAddress } from "../lib/client-address";
import { RATE_LIMITS, spendLimit, type RateLimit } from "../lib/rate-limiter";

export type RateLimitPolicy = RateLimit & {
  /** Who shares one counter. */
  keyOf: (c: Context<AppEnv>) => string;
};

/** The client as Cloudflare saw it (lib/client-address); without the header (local tools, tests) everyone shares one counter. */
const client = (c: Context<AppEnv>) => clientAddress(c.req.raw.headers);
/** The webhook route's last segment: `events`, `github`, `gcp-billing`. */
const webhookRoute = (c: Context<AppEnv>) => c.req.path.split("/").at(-1) ?? "";

/**
 * Every limit of the Worker; the figures themselves live in wrangler.toml, with why they
 * were chosen. No counter is shared by clients who cannot see each other's traffic, so no
 * client can spend another's budget:
 * - webhooks count twice, per sender route (`events`, `github`, `gcp-billing`) so a flood on one
 *   source leaves the others flowing. Here, before any signature is checked, per client address;
 *   the hackathon's own counter is spent in its object once a delivery is authenticated
 *   (lib/rate-limiter's `spendAuthenticatedWebhook`), so an outsider's unsigned flood never gets
 *   the real sender 429s;
 * - tickets count per hackathon and client address: the viewer token is shared by every wall
 *   screen and team, so a counter per role let one of them lock out all the others;
 * - test events count per hackathon: they are a button, not traffic, and every one is ingested.
 */
export const RATE_LIMIT_POLICIES = {
  webhooks: { ...RATE_LIMITS.webhooks, keyOf: (c) => `client:${client(c)}:${c.var.hackathonId}:${webhookRoute(c)}` },
  public: { ...RATE_LIMITS.public, keyOf: client },
  tickets: { ...RATE_LIMITS.tickets, keyOf: (c) => `${c.var.hackathonId}:${client(c)}` },
  testEvents: { ...RATE_LIMITS.testEvents, keyOf: (c) => c.var.hackathonId },
} satisfies Record<keyof typeof RATE_LIMITS, RateLimitPolicy>;

export type RateLimitPolicyName = keyof typeof RATE_LIMIT_POLICIES;

/** Refuses with 429 and `Retry-After` once the caller's counter for `name` is spent; nothing below runs. */
export function rateLimit(name: RateLimitPolicyName) {
  const policy: RateLimitPolicy = RATE_LIMIT_POLICIES[name];
  return createMiddleware<AppEnv>(async (c, next) => {
    if (!(await spendLimit(c.env, name, policy.keyOf(c), c.var.requestId))) throw rateLimited(policy.periodSeconds);
    await next();
  });
}
