import { rateLimited } from "../errors";
import { logLine } from "./log";

/**
 * The Worker's rate-limit counters, spent by its middleware (middleware/rate-limit, which
 * says who shares a counter) and by the hackathon's object (its own webhook budget).
 */
export const RATE_LIMITS = {
  webhooks: { binding: "WEBHOOK_RATE_LIMIT", periodSeconds: 10 },
  public: { binding: "PUBLIC_RATE_LIMIT", periodSeconds: 10 },
  tickets: { binding: "TICKET_RATE_LIMIT", periodSeconds: 60 },
  testEvents: { binding: "TEST_EVENT_RATE_LIMIT", periodSeconds: 60 },
} as const satisfies Record<string, RateLimit>;

export type RateLimit = {
  /** The `[[ratelimits]]` binding of wrangler.toml holding the limit. */
  binding: "WEBHOOK_RATE_LIMIT" | "PUBLIC_RATE_LIMIT" | "TICKET_RATE_LIMIT" | "TEST_EVENT_RATE_LIMIT";
  /** The binding's `simple.period`; the binding cannot tell us, so it is repeated here for `Retry-After`. */
  periodSeconds: 10 | 60;
};

export type RateLimitName = keyof typeof RATE_LIMITS;

/** Spends one unit of `name`'s counter `key`; false once it is spent. */
export async function spendLimit(env: Env, name: RateLimitName, key: string, requestId?: string): Promise<boolean> {
  try {
    const { success } = await env[RATE_LIMITS[name].binding].limit({ key });
    return success;
  } catch (error) {
    // A limiter outage must not take ingest down with it: let the request through, loudly.
    logLine("warn", "rate limiter unavailable", { request_id: requestId, policy: name, error: String(error) });
    return true;
  }
}

/**
 * The hackathon's own webhook budget for one sender route, spent by its object right after a
 * delivery is authenticated: only deliveries signed with its secret count. Throws 429 once spent.
 */
export async function spendAuthenticatedWebhook(env: Env, hackathonId: string, route: string, requestId?: string): Promise<void> {
  if (!(await spendLimit(env, "webhooks", `hackathon:${hackathonId}:${route}`, requestId))) {
    throw rateLimited(RATE_LIMITS.webhooks.periodSeconds);
  }
}
