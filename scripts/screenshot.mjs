// Takes docs/screenshot.png: the live dashboard of a fresh demo hackathon, in Debian's
// chromium (CHROMIUM_PATH overrides /usr/bin/chromium) driven by playwright-core.
//   node scripts/screenshot.mjs       (SCREENSHOT_WAIT_S=20: seconds of live events first; FULL_PAGE=1)
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { chromium } from "playwright-core";
import { findFreePort } from "./lib/free-port.mjs";
import { startLocalServer } from "./lib/local-server.mjs";
import { ROOT } from "./lib/paths.mjs";

const OUTPUT = path.join(ROOT, "docs", "screenshot.png");
const LIVE_SECONDS = Number(process.env.SCREENSHOT_WAIT_S || 20); // live events on top of the back-filled history

const persistDir = mkdtempSync(path.join(os.tmpdir(), "pitwall-screenshot-"));
let server;
let browser;
try {
  server = await startLocalServer({ port: await findFreePort(), persistDir, demo: true, log: () => {} });
  if (!server.demo) throw new Error("the demo hackathon did not start");
  await server.demo.simulator.ready;
  console.log(`Demo running at ${server.url}; waiting ${LIVE_SECONDS} s for live events...`);
  await new Promise((resolve) => setTimeout(resolve, LIVE_SECONDS * 1000));
  browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
    args: ["--headless", "--no-sandbox", "--disable-gpu"],
  });
  const page = await browser.newPage({ viewport: { width: 1440, height: 900 }, deviceScaleFactor: 1 });
  await page.goto(server.demo.dashboardUrl, { waitUntil: "networkidle" });
  await page.waitForTimeout(5_000); // charts draw, live deltas land
  await page.screenshot({ path: OUTPUT, fullPage: process.env.FULL_PAGE === "1" });
  console.log(`Wrote ${path.relative(ROOT, OUTPUT)}`);
} finally {
  await browser?.close();
  await server?.stop();
  rmSync(persistDir, { recursive: true, force: true });
}
