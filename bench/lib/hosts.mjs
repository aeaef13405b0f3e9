// The two Workers the bench compares (the product and the floor in bench/floor/) and the two
// ways it serves them: `wrangler dev` (as `npm start` does) and Miniflare's API directly.
// Every host answers the same routes and has the same shape: { worker, hosting, url, adminToken,
// workerdPid, stop() }.
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { generateToken } from "../../scripts/lib/dev-vars.mjs";
import { findFreePort } from "../../scripts/lib/free-port.mjs";
import { startLocalServer } from "../../scripts/lib/local-server.mjs";
import { ROOT } from "../../scripts/lib/paths.mjs";
import { ensureWebBuild } from "../../scripts/lib/web-build.mjs";
import { spawnWranglerDev } from "../../scripts/lib/wrangler-dev.mjs";
import { descendantPids, startMiniflareHost } from "./miniflare-host.mjs";

export const HOSTINGS = ["wrangler", "miniflare"];
const FLOOR_CONFIG = path.join(ROOT, "bench", "floor", "wrangler.toml");
const HEALTH_TIMEOUT_MS = 60_000;

// BENCH_PRODUCT_CONFIG: another checkout's wrangler.toml, e.g. to compare with an older version (Miniflare only).
const PRODUCT_CONFIG = path.resolve(process.env.BENCH_PRODUCT_CONFIG ?? path.join(ROOT, "wrangler.toml"));

async function waitForHealthy(url, wrangler) {
  const deadline = Date.now() + HEALTH_TIMEOUT_MS;
  while (Date.now() < deadline) {
    if (wrangler.hasExited()) throw new Error(`wrangler dev exited early\n${wrangler.recentOutput()}`);
    const ok = await fetch(`${url}/healthz`, { signal: AbortSignal.timeout(2_000) }).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) return;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`${url}/healthz did not answer\n${wrangler.recentOutput()}`);
}

/** The newest workerd under this process that was not there before `start` ran. */
async function withNewWorkerd(start) {
  const before = new Set(descendantPids(process.pid, "workerd"));
  const host = await start();
  const added = descendantPids(process.pid, "workerd").filter((pid) => !before.has(pid));
  return { ...host, workerdPid: added.at(-1) ?? null };
}

async function startWranglerProduct({ onOutput }) {
  const persistDir = mkdtempSync(path.join(os.tmpdir(), "pitwall-bench-"));
  try {
    const server = await startLocalServer({ port: await findFreePort(), persistDir, demo: false, log: () => {}, onOutput });
    return {
      url: server.url,
      adminToken: server.adminToken,
      persistDir,
      stop: async () => {
        await server.stop();
        rmSync(persistDir, { recursive: true, force: true });
      },
    };
  } catch (error) {
    rmSync(persistDir, { recursive: true, force: true });
    throw error;
  }
}

async function startWranglerFloor({ onOutput }) {
  const persistDir = mkdtempSync(path.join(os.tmpdir(), "pitwall-bench-floor-"));
  const port = await findFreePort();
  const wrangler = await spawnWranglerDev({ port, persistDir, onOutput, configFile: FLOOR_CONFIG });
  const stop = async () => {
    await wrangler.stop();
    rmSync(persistDir, { recursive: true, force: true });
  };
  const url = `http://127.0.0.1:${port}`;
  try {
    await waitForHealthy(url, wrangler);
  } catch (error) {
    await stop();
    throw error;
  }
  return { url, adminToken: "floor", persistDir, stop };
}

async function startMiniflareProduct({ log }) {
  await ensureWebBuild({ log }); // the bundler insists on the assets directory, though Miniflare serves none here
  const adminToken = generateToken(); // a throwaway secret; .dev.vars is left alone
  const host = await startMiniflareHost({ configFile: PRODUCT_CONFIG, secrets: { ADMIN_TOKEN: adminToken } });
  return { ...host, adminToken };
}

async function startMiniflareFloor() {
  return { ...(await startMiniflareHost({ configFile: FLOOR_CONFIG })), adminToken: "floor" };
}

/**
 * @param {"product" | "floor"} worker
 * @param {"wrangler" | "miniflare"} hosting
 * @param {{ log?: (line: string) => void, onOutput?: (line: string) => void }} [options]
 */
export async function startHost(worker, hosting, { log = console.log, onOutput } = {}) {
  const starters = {
    "product/wrangler": () => startWranglerProduct({ onOutput }),
    "floor/wrangler": () => startWranglerFloor({ onOutput }),
    "product/miniflare": () => startMiniflareProduct({ log }),
    "floor/miniflare": startMiniflareFloor,
  };
  const start = starters[`${worker}/${hosting}`];
  if (!start) throw new Error(`unknown host ${worker}/${hosting}`);
  return { worker, hosting, ...(await withNewWorkerd(start)) };
}
