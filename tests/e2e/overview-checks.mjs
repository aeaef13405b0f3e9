// Checks of the admin overview / in a real browser against the real Worker.
import path from "node:path";
import { assert } from "./harness.mjs";

export function registerOverviewChecks(harness) {
  harness.check("the overview lists the hackathons for the admin token and links to their dashboards", async (ctx) => {
    const page = await ctx.browser.newPage({ viewport: { width: 1400, height: 700 } });
    await page.goto(`${ctx.server.url}/#token=${encodeURIComponent(ctx.server.adminToken)}`);
    const id = ctx.created?.hackathon.id;
    assert(id, "needs the hackathon created by the dashboard check");
    const link = await page.waitForSelector(`[data-testid="hackathon-row-${id}"] a`, { timeout: 10_000 });
    assert(!page.url().includes("token="), `the token must leave the address bar, got ${page.url()}`);
    assert((await link.getAttribute("href")) === `/h/${id}`, "row links to the dashboard");
    // Summaries are written to D1 on the room's flush, so they may trail the live figures by seconds.
    await page.waitForFunction(
      (selector) => document.querySelector(selector)?.textContent?.includes("$133.45"),
      `[data-testid="hackathon-row-${id}"]`,
      { timeout: 20_000 },
    );
    await page.screenshot({ path: path.join(ctx.resultsDir, "e2e-overview.png"), fullPage: true });
    await link.click();
    await page.waitForSelector('[data-testid="connection-status"][data-status="open"]', { timeout: 15_000 });
    await page.close();
  });

  harness.check("without a token the overview asks for one and accepts the admin token typed in", async (ctx) => {
    const page = await ctx.browser.newPage();
    await page.goto(`${ctx.server.url}/`);
    await page.waitForSelector('[data-testid="token-form"]', { timeout: 10_000 });
    await page.fill("#token-input", "not-the-admin-token");
    await page.click('button[type="submit"]');
    await page.waitForSelector('[data-testid="token-form"] [role="alert"]', { timeout: 10_000 });
    await page.fill("#token-input", ctx.server.adminToken);
    await page.click('button[type="submit"]');
    await page.waitForSelector('[data-testid="hackathon-table"]', { timeout: 10_000 });
    await page.close();
  });
}
