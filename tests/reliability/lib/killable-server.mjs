// A local `wrangler dev` that can be killed with SIGKILL (wrangler and its workerd at once,
// as a machine losing power would) and started again on the same port and data directory.
import { ensureAdminToken } from "../../../scripts/lib/dev-vars.mjs";
import { assertPortFree } from "../../../scripts/lib/free-port.mjs";
import { ensureWebBuild } from "../../../scripts/lib/web-build.mjs";
import { applyLocalMigrations, spawnWranglerDev } from "../../../scripts/lib/wrangler-dev.mjs";

const HEALTH_TIMEOUT_MS = 60_000;
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

async function waitForHealthy(url, wrangler) {
  const deadline = Date.now() + HEALTH_TIMEOUT_MS;
  while (Date.now() < deadline) {
    if (wrangler.hasExited()) throw new Error(`wrangler dev exited before /healthz answered\n${wrangler.recentOutput()}`);
    const ok = await fetch(`${url}/healthz`, { signal: AbortSignal.timeout(2_000) }).then(
      (response) => response.status === 200,
      () => false,
    );
    if (ok) return;
    await sleep(200);
  }
  throw new Error(`GET ${url}/healthz did not answer within ${HEALTH_TIMEOUT_MS / 1000} s\n${wrangler.recentOutput()}`);
}

/**
 * @param {{ port: number, persistDir: string }} options
 * @returns {Promise<{ url: string, adminToken: string, start(): Promise<number>, kill(): Promise<void>, stop(): Promise<void> }>}
 *   start() answers how long the server took to answer /healthz, in ms.
 */
export async function createKillableServer({ port, persistDir }) {
  await ensureWebBuild({ log: () => {} });
  const { token } = ensureAdminToken({});
  await applyLocalMigrations(persistDir);
  const url = `http://127.0.0.1:${port}`;
  let wrangler = null;

  return {
    url,
    adminToken: token,
    async start() {
      const started = Date.now();
      await assertPortFree(port, { waitMs: 10_000 });
      wrangler = await spawnWranglerDev({ port, persistDir });
      await waitForHealthy(url, wrangler);
      return Date.now() - started;
    },
    async kill() {
      // The negative pid is wrangler's process group: workerd is in it too, so both die at
      // the same instant and nothing gets to finish a write or answer a request.
      process.kill(-wrangler.child.pid, "SIGKILL");
      await wrangler.stop(); // waits until the whole group is gone
      wrangler = null;
    },
    async stop() {
      await wrangler?.stop();
      wrangler = null;
    },
  };
}
