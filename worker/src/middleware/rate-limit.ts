import type { Context } from "hono";
import { createMiddleware } from "hono/factory";
import type { AppEnv } from "../app-env";
import { rateLimited } from "../errors";
import { clientAddress } from "../lib/client-address";
import { logLine } from "./request-log";

type LimiterBinding = "WEBHOOK_RATE_LIMIT" | "PUBLIC_RATE_LIMIT" | "TICKET_RATE_LIMIT";

export type RateLimitPolicy = {
  /** The `[[ratelimits]]` binding of wrangler.toml holding the limit. */
  binding: LimiterBinding;
  /** The binding's `simple.period`; the binding cannot tell us, so it is repeated here for `Retry-After`. */
  periodSeconds: 10 | 60;
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
 *   (`spendAuthenticatedWebhook`), so an outsider's unsigned flood never gets the real sender 429s;
 * - tickets count per hackathon and client address: the viewer token is shared by every wall
 *   screen and team, so a counter per role let one of them lock out all the others.
 */
export const RATE_LIMIT_POLICIES = {
  webhooks: { binding: "WEBHOOK_RATE_LIMIT", periodSeconds: 10, keyOf: (c) => `client:${client(c)}:${c.var.hackathonId}:${webhookRoute(c)}` },
  public: { binding: "PUBLIC_RATE_LIMIT", periodSeconds: 10, keyOf: client },
  tickets: { binding: "TICKET_RATE_LIMIT", periodSeconds: 60, keyOf: (c) => `${c.var.hackathonId}:${client(c)}` },
} satisfies Record<string, RateLimitPolicy>;

export type RateLimitPolicyName = keyof typeof RATE_LIMIT_POLICIES;

/** Refuses with 429 and `Retry-After` once the caller's counter for `name` is spent; nothing below runs. */
export function rateLimit(name: RateLimitPolicyName) {
  const policy: RateLimitPolicy = RATE_LIMIT_POLICIES[name];
  return createMiddleware<AppEnv>(async (c, next) => {
    if (!(await spendLimit(c.env, name, policy.keyOf(c), c.var.requestId))) throw rateLimited(policy.periodSeconds);
    await next();
  });
}

/**
 * The hackathon's own webhook budget for one sender route, spent by its object right after a
 * delivery is authenticated: only deliveries signed with its secret count. Throws 429 once spent.
 */
export async function spendAuthenticatedWebhook(env: Env, hackathonId: string, route: string, requestId?: string): Promise<void> {
  if (!(await spendLimit(env, "webhooks", `hackathon:${hackathonId}:${route}`, requestId))) {
    throw rateLimited(RATE_LIMIT_POLICIES.webhooks.periodSeconds);
  }
}

/** Spends one unit of `name`'s counter `key`; false once it is spent. */
async function spendLimit(env: Env, name: RateLimitPolicyName, key: string, requestId?: string): Promise<boolean> {
  try {
    const { success } = await env[RATE_LIMIT_POLICIES[name].binding].limit({ key });
    return success;
  } catch (error) {
    // A limiter outage must not take ingest down with it: let the request through, loudly.
    logLine("warn", "rate limiter unavailable", { request_id: requestId, policy: name, error: String(error) });
    return true;
  }
}
