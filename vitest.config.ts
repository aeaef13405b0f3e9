import { cloudflareTest, readD1Migrations } from "@cloudflare/vitest-plugin";
import { svelte } from "@sveltejs/vite-plugin-svelte";
import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

const contract = fileURLToPath(new URL("./worker/src/contract", import.meta.url));
const webLib = fileURLToPath(new URL("./web/src/lib", import.meta.url));

// Real limits (wrangler.toml) are far above what a test sends; this project lowers them so a test
// can spend one. Same binding names and periods, so Retry-After and the middleware are the real ones.
const RATE_LIMIT_TESTS = ["tests/worker/middleware/rate-limit.test.ts"];
const lowRateLimits = {
  WEBHOOK_RATE_LIMIT: { namespace_id: "9001", simple: { limit: 5, period: 10 as const } },
  PUBLIC_RATE_LIMIT: { namespace_id: "9002", simple: { limit: 5, period: 10 as const } },
  TICKET_RATE_LIMIT: { namespace_id: "9003", simple: { limit: 5, period: 60 as const } },
  TEST_EVENT_RATE_LIMIT: { namespace_id: "9004", simple: { limit: 5, period: 60 as const } },
};

type LowRateLimits = typeof lowRateLimits;

/** A project whose tests run inside workerd with the real Worker, Durable Objects and D1. */
function workerProject(test: { name: string; include: string[]; exclude?: string[] }, ratelimits?: LowRateLimits) {
  return {
    plugins: [
      cloudflareTest(async () => ({
        wrangler: { configPath: "./wrangler.toml" },
        miniflare: {
          bindings: {
            TEST_MIGRATIONS: await readD1Migrations("./migrations"),
            ADMIN_TOKEN: "test-admin-token-0123456789",
            // Timers are driven with runDurableObjectAlarm, never left to fire mid-test.
            HISTORY_FLUSH_MS: "600000",
            // The fake providers and receivers listen on 127.0.0.1 (tests/fixtures/global-setup.ts).
            ALLOW_LOOPBACK_OUTBOUND: "1",
          },
          ...(ratelimits ? { ratelimits } : {}),
        },
      })),
    ],
    test: { ...test, setupFiles: ["tests/helpers/apply-migrations.ts"], globalSetup: ["tests/fixtures/global-setup.ts"] },
  };
}

export default defineConfig({
  test: {
    // One access-log line per request would bury the output; tests that need logs spy on console.
    onConsoleLog: (log) => !log.includes('"msg":"request"'),
    projects: [
      workerProject({ name: "worker", include: ["tests/worker/**/*.test.ts"], exclude: RATE_LIMIT_TESTS }),
      workerProject({ name: "worker-rate-limits", include: RATE_LIMIT_TESTS }, lowRateLimits),
      {
        plugins: [svelte({ configFile: "web/svelte.config.js" })],
        resolve: { conditions: ["browser"], alias: { $contract: contract, $lib: webLib } },
        test: {
          name: "web",
          include: ["tests/web/**/*.test.ts"],
          environment: "happy-dom",
        },
      },
    ],
  },
});
