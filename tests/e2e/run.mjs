// Browser end-to-end checks: starts the product locally (web build, D1, wrangler dev),
// drives Debian's chromium with playwright-core and prints "N passed, M failed".
// Run with `node tests/e2e/run.mjs` (or `npm run test:e2e`).
import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { chromium } from "playwright-core";
import { findFreePort } from "../../scripts/lib/free-port.mjs";
import { startLocalServer } from "../../scripts/lib/local-server.mjs";
import { createHarness } from "./harness.mjs";
import { registerAlertChecks } from "./alert-checks.mjs";
import { registerDashboardChecks } from "./dashboard-checks.mjs";
import { registerOverviewChecks } from "./overview-checks.mjs";
import { registerStatusChecks } from "./status-checks.mjs";
import { registerStatusLiveChecks } from "./status-live-checks.mjs";
import { registerTabChecks } from "./tab-checks.mjs";
import { registerTrendsChecks } from "./trends-checks.mjs";
import { registerChartChecks } from "./chart-checks.mjs";
import { registerAxeChecks } from "./axe-checks.mjs";
import { registerNotificationChecks } from "./notifications-checks.mjs";
import { registerMetricsChecks } from "./metrics-checks.mjs";
import { registerSecurityHeaderChecks } from "./security-header-checks.mjs";
import { registerLogSecretChecks } from "./log-secret-checks.mjs";
import { registerCrawlerChecks } from "./crawler-checks.mjs";
import { registerOutlookChecks } from "./outlook-checks.mjs";
import { registerConsoleChecks } from "./console-checks.mjs";
import { registerAccessChecks } from "./access-checks.mjs";
import { startAccessTeam } from "./access-team.mjs";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));
const RESULTS_DIR = path.join(ROOT, "test-results");
const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";

async function main() {
  mkdirSync(RESULTS_DIR, { recursive: true });
  const persistDir = mkdtempSync(path.join(os.tmpdir(), "pitwall-e2e-"));
  const harness = createHarness();
  registerDashboardChecks(harness);
  registerOverviewChecks(harness);
  registerAlertChecks(harness);
  registerStatusChecks(harness);
  registerStatusLiveChecks(harness);
  registerTabChecks(harness);
  registerTrendsChecks(harness);
  registerChartChecks(harness);
  registerNotificationChecks(harness);
  registerAxeChecks(harness);
  registerMetricsChecks(harness);
  registerSecurityHeaderChecks(harness);
  registerCrawlerChecks(harness);
  registerLogSecretChecks(harness);
  registerOutlookChecks(harness);
  registerConsoleChecks(harness);
  registerAccessChecks(harness);

  // Checks share this context; the restart check replaces `server`.
  /** @type {{ server: Awaited<ReturnType<typeof startLocalServer>> | null, browser: import("playwright-core").Browser | null, access: Awaited<ReturnType<typeof startAccessTeam>> | null, resultsDir: string, persistDir: string, port: number, onFailure: ((checkName: string) => Promise<void>) | null }} */
  const context = { server: null, browser: null, access: null, resultsDir: RESULTS_DIR, persistDir, port: 0, onFailure: null };
  context.onFailure = (checkName) => saveOpenPages(context.browser, checkName);
  try {
    // Sign-in through Access is on, as behind a real team; pages opened with tokens work as without it.
    context.access = await startAccessTeam();
    Object.assign(process.env, context.access.env);
    context.port = await findFreePort();
    console.log(`Starting the product on port ${context.port}…`);
    context.server = await startLocalServer({ port: context.port, demo: false, persistDir, log: () => {} });
    context.browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update"],
    });
    return await harness.run(context);
  } catch (error) {
    console.log(`  ✗ setup failed\n    ${String(error?.stack ?? error).replace(/\n/g, "\n    ")}`);
    return { passed: 0, failed: Math.max(1, harness.count) };
  } finally {
    await context.browser?.close().catch(() => {});
    await context.server?.stop().catch(() => {});
    await context.access?.stop().catch(() => {});
    rmSync(persistDir, { recursive: true, force: true });
  }
}

/** Screenshots every open page after a failed check, for the report. */
async function saveOpenPages(browser, checkName) {
  const slug = checkName.replace(/[^a-z0-9]+/gi, "-").slice(0, 60);
  const pages = browser?.contexts().flatMap((c) => c.pages()) ?? [];
  await Promise.all(
    pages.map((page, index) => page.screenshot({ path: path.join(RESULTS_DIR, `failed-${slug}-${index}.png`), fullPage: true })),
  );
}

const { passed, failed } = await main();
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed > 0 ? 1 : 0);
