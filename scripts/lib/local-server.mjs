// Runs the whole product locally: web build, .dev.vars, D1 migrations, `wrangler dev`,
// and optionally the demo hackathon with its simulator.
// Used by `npm start`, the browser e2e test, the bench and the screenshot script.
import { mkdirSync } from "node:fs";
import path from "node:path";
import { startDemo } from "./demo.mjs";
import { ensureAdminToken } from "./dev-vars.mjs";
import { assertPortFree } from "./free-port.mjs";
import { DEFAULT_PERSIST_DIR, ROOT } from "./paths.mjs";
import { ensureWebBuild } from "./web-build.mjs";
import { applyLocalMigrations, spawnWranglerDev } from "./wrangler-dev.mjs";

const HEALTH_TIMEOUT_MS = 60_000;

async function waitForHealthy(url, wrangler) {
  const deadline = Date.now() + HEALTH_TIMEOUT_MS;
  let lastProblem = "no answer yet";
  while (Date.now() < deadline) {
    if (wrangler.hasExited()) {
      const { exitCode, signalCode } = wrangler.child;
      throw new Error(`wrangler dev exited (${exitCode ?? signalCode}) before /healthz answered`);
    }
    try {
      const response = await fetch(`${url}/healthz`, { signal: AbortSignal.timeout(2_000) });
      if (response.status === 200) return;
      lastProblem = `GET /healthz answered ${response.status}`;
    } catch (error) {
      lastProblem = error.cause?.code ?? error.message;
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`GET ${url}/healthz did not answer 200 within ${HEALTH_TIMEOUT_MS / 1000} s (${lastProblem})`);
}

/**
 * @param {{
 *   port?: number,          // default 8787
 *   demo?: boolean,         // also create (or reuse) the `demo` hackathon and feed it with the simulator
 *   outageEveryMin?: number, // demo only: a simulated cost-webhook outage every N minutes (0: never)
 *   persistDir?: string,    // default .wrangler/state
 *   adminToken?: string,    // default: env ADMIN_TOKEN, else the one in .dev.vars, else generated (and stored)
 *   log?: (line: string) => void,
 *   onOutput?: (line: string) => void,   // every line wrangler prints (the last ones are shown on failure anyway)
 * }} [options]
 * @returns {Promise<{ url: string, port: number, adminToken: string, persistDir: string,
 *   demo: null | { id: string, viewerToken: string, webhookSecret: string, otlpEndpoint: string, dashboardUrl: string, operatorUrl: string, simulator,
 *     billing: { url: string, port: number, spendUrl: string } },
 *   stop(): Promise<void> }>}
 */
export async function startLocalServer({
  port = 8787,
  demo = false,
  outageEveryMin = 0,
  persistDir = DEFAULT_PERSIST_DIR,
  adminToken,
  log = (line) => console.log(line),
  onOutput,
} = {}) {
  persistDir = path.resolve(ROOT, persistDir);
  await assertPortFree(port);
  mkdirSync(persistDir, { recursive: true });
  await ensureWebBuild({ log });
  const { token, source } = ensureAdminToken({ adminToken });
  if (source === "generated") log("Generated an admin token and stored it in .dev.vars");
  await applyLocalMigrations(persistDir);

  const wrangler = await spawnWranglerDev({ port, persistDir, onOutput });
  const url = `http://127.0.0.1:${port}`;
  let demoHandle = null;
  const stop = async () => {
    await demoHandle?.stop();
    await wrangler.stop();
  };

  try {
    await waitForHealthy(url, wrangler);
  } catch (error) {
    await stop();
    error.message += `\n--- wrangler dev output ---\n${wrangler.recentOutput()}`;
    throw error;
  }
  if (demo) {
    try {
      demoHandle = await startDemo({ url, adminToken: token, outageEveryMin, log });
    } catch (error) {
      await stop();
      throw error;
    }
  }
  return { url, port, adminToken: token, persistDir, demo: demoHandle, stop };
}
