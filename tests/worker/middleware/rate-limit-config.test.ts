import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import wranglerToml from "../../../wrangler.toml?raw";
import { RATE_LIMIT_POLICIES } from "../../../worker/src/middleware/rate-limit";

/** `simple = { limit, period }` of one `[[ratelimits]]` block, by binding name. */
function configuredLimit(binding: string): { limit: number; period: number } | null {
  const block = wranglerToml.split("[[ratelimits]]").find((part) => new RegExp(`^name\\s*=\\s*"${binding}"`, "m").test(part));
  const simple = block?.match(/simple\s*=\s*\{\s*limit\s*=\s*(\d+)\s*,\s*period\s*=\s*(\d+)\s*\}/);
  return simple ? { limit: Number(simple[1]), period: Number(simple[2]) } : null;
}

describe("rate-limit policies", () => {
  it("each policy's binding exists in wrangler.toml with the period its Retry-After announces", () => {
    for (const policy of Object.values(RATE_LIMIT_POLICIES)) {
      expect(configuredLimit(policy.binding)?.period, policy.binding).toBe(policy.periodSeconds);
    }
  });

  it("each policy's binding is a working limiter in the Worker's env", async () => {
    for (const policy of Object.values(RATE_LIMIT_POLICIES)) {
      const outcome = await env[policy.binding].limit({ key: `config-check-${crypto.randomUUID()}` });
      expect(outcome.success, policy.binding).toBe(true);
    }
  });
});
