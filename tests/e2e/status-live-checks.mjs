// Checks of the public status page's live script in a real browser: when the server goes away
// it stops claiming "updates live", says from when its figures are, and recovers by itself.
import path from "node:path";
import { startLocalServer } from "../../scripts/lib/local-server.mjs";
import { createHackathon } from "./admin-api.mjs";
import { assert, assertEqual } from "./harness.mjs";

const STATE = '[data-testid="state"]';
const LIVE = '[data-field="live"]';
const STALE_NOTE = '[data-field="stale-note"]';
/** The script polls every 15 s; a failed poll shows at the next one. */
const POLL_WAIT_MS = 25_000;

function liveTextMatches(page, pattern, timeout) {
  return page.waitForFunction(
    ([selector, source]) => new RegExp(source).test(document.querySelector(selector)?.textContent ?? ""),
    [LIVE, pattern.source],
    { timeout },
  );
}

export function registerStatusLiveChecks(harness) {
  harness.check("the public status page says it cannot update, and from when, once the server stops, then recovers", async (ctx) => {
    const created = await createHackathon({
      url: ctx.server.url,
      adminToken: ctx.server.adminToken,
      overrides: { name: "E2E Live Status", public: true },
    });
    const page = await ctx.browser.newPage({ viewport: { width: 1000, height: 1200 } });
    const cspProblems = [];
    page.on("console", (message) => {
      if (/content security policy/i.test(message.text())) cspProblems.push(message.text());
    });
    try {
      await page.goto(`${ctx.server.url}/status/${created.hackathon.id}`);
      await page.locator(LIVE).waitFor({ state: "visible", timeout: 5_000 });
      assertEqual((await page.locator(LIVE).textContent())?.trim(), "· updates live", "live note while the server answers");
      assertEqual(await page.locator(STALE_NOTE).isVisible(), false, "stale note while the server answers");
      const figuresFrom = await page.locator('[data-field="updated"]').textContent();

      await ctx.server.stop();
      await liveTextMatches(page, /Cannot update — showing figures from \d{4}-\d\d-\d\d \d\d:\d\d UTC/, POLL_WAIT_MS);
      const note = await page.locator(LIVE).textContent();
      assert(note?.includes(`from ${figuresFrom}`), `the note names the time of the last figures (${figuresFrom}): ${note}`);
      assert(!note?.includes("updates live"), `still claims to update live: ${note}`);
      assert(await page.locator(STALE_NOTE).isVisible(), "the notice beside the state is visible");
      assert((await page.locator(STALE_NOTE).textContent())?.startsWith("Cannot update"), "the notice beside the state");
      assertEqual(await page.locator(STATE).getAttribute("data-stale"), "true", "state box marked stale");
      await page.screenshot({ path: path.join(ctx.resultsDir, "e2e-status-cannot-update.png"), fullPage: true });

      ctx.server = await startLocalServer({ port: ctx.port, demo: false, persistDir: ctx.persistDir, log: () => {} });
      await liveTextMatches(page, /^ · updates live$/, 45_000);
      assertEqual(await page.locator(STALE_NOTE).isVisible(), false, "stale note after the server is back");
      assertEqual(await page.locator(STATE).getAttribute("data-stale"), null, "state box after the server is back");
      assertEqual(cspProblems.length, 0, `CSP violations: ${cspProblems.join(" | ")}`);
    } finally {
      await page.close();
    }
  });
}
