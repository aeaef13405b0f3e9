import type { Context } from "hono";
import { createMiddleware } from "hono/factory";
import type { AppEnv } from "../app-env";
import { rateLimited } from "../errors";
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

/** The client as Cloudflare saw it; without the header (local tools, tests) everyone shares one counter. */
const clientIp = (c: Context<AppEnv>) => c.req.header("cf-connecting-ip") ?? "no-client-ip";

/**
 * Every limit of the Worker; the figures themselves live in wrangler.toml, with why they
 * were chosen. Webhooks count per hackathon and sender (`events`, `github`, `gcp-billing`),
 * so a flood on one source leaves the others flowing.
 */
export const RATE_LIMIT_POLICIES = {
  webhooks: { binding: "WEBHOOK_RATE_LIMIT", periodSeconds: 10, keyOf: (c) => `${c.var.hackathonId}:${c.req.path.split("/").at(-1)}` },
  public: { binding: "PUBLIC_RATE_LIMIT", periodSeconds: 10, keyOf: clientIp },
  tickets: { binding: "TICKET_RATE_LIMIT", periodSeconds: 60, keyOf: (c) => `${c.var.hackathonId}:${c.var.role}` },
} satisfies Record<string, RateLimitPolicy>;

export type RateLimitPolicyName = keyof typeof RATE_LIMIT_POLICIES;

/** Refuses with 429 and `Retry-After` once the caller's counter for `name` is spent; nothing below runs. */
export function rateLimit(name: RateLimitPolicyName) {
  const policy: RateLimitPolicy = RATE_LIMIT_POLICIES[name];
  return createMiddleware<AppEnv>(async (c, next) => {
    if (!(await withinLimit(c, policy, name))) throw rateLimited(policy.periodSeconds);
    await next();
  });
}

async function withinLimit(c: Context<AppEnv>, policy: RateLimitPolicy, name: string): Promise<boolean> {
  try {
    const { success } = await c.env[policy.binding].limit({ key: policy.keyOf(c) });
    return success;
  } catch (error) {
    // A limiter outage must not take ingest down with it: let the request through, loudly.
    logLine("warn", "rate limiter unavailable", { request_id: c.var.requestId, policy: name, error: String(error) });
    return true;
  }
}
