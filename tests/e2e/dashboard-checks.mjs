// Checks of the live dashboard /h/:id in a real browser against the real Worker.
import path from "node:path";
import { randomUUID } from "node:crypto";
import { createWebhookSender } from "../../scripts/lib/webhook-client.mjs";
import { startLocalServer } from "../../scripts/lib/local-server.mjs";
import { createHackathon } from "./admin-api.mjs";
import { assert, assertEqual } from "./harness.mjs";

const LIVE = '[data-testid="connection-status"][data-status="open"]';
const SPEND = '[data-testid="current-spend"]';

async function openDashboard({ browser, url, id, token }) {
  const page = await browser.newPage({ viewport: { width: 1280, height: 1100 } });
  await page.goto(`${url}/h/${id}#token=${encodeURIComponent(token)}`);
  await page.waitForSelector(LIVE, { timeout: 15_000 });
  return page;
}

async function sendCost(server, created, fields) {
  const send = createWebhookSender({ url: server.url, hackathonId: created.hackathon.id, webhookSecret: created.webhook_secret });
  const answer = await send({ id: `cost-${randomUUID()}`, type: "cost", ts: new Date().toISOString(), ...fields });
  assertEqual(answer.status, 200, `webhook answer (${JSON.stringify(answer.body)})`);
}

function spendShows(page, text, timeout) {
  return page.waitForFunction(([selector, expected]) => document.querySelector(selector)?.textContent?.includes(expected), [SPEND, text], {
    timeout,
  });
}

export function registerDashboardChecks(harness) {
  harness.check("a signed cost event shows on the live dashboard within 2 s, without a reload", async (ctx) => {
    const created = await createHackathon({ url: ctx.server.url, adminToken: ctx.server.adminToken });
    ctx.created = created;
    const page = await openDashboard({ browser: ctx.browser, url: ctx.server.url, id: created.hackathon.id, token: created.viewer_token });
    assert(!page.url().includes("token="), `the token must leave the address bar, got ${page.url()}`);
    assertEqual((await page.textContent(SPEND))?.trim(), "$0.00", "spend before any event");
    await page.evaluate(() => {
      window.__sameDocument = true;
    });

    await sendCost(ctx.server, created, { amount: 123.45 });
    const sentAt = Date.now();
    await spendShows(page, "$123.45", 2_000);
    const elapsed = Date.now() - sentAt;
    assert(await page.evaluate(() => window.__sameDocument === true), "the page reloaded");
    assertEqual(await page.getAttribute(SPEND, "data-stale"), null, "spend value element");
    await page.screenshot({ path: path.join(ctx.resultsDir, "e2e-live-dashboard.png"), fullPage: true });
    console.log(`    spend updated ${elapsed} ms after the webhook was accepted`);
    ctx.dashboardPage = page;
  });

  harness.check("the dashboard shows when it is disconnected and resumes by itself after a server restart", async (ctx) => {
    const page = ctx.dashboardPage;
    assert(page, "needs the page of the previous check");
    await ctx.server.stop();
    await page.waitForFunction(
      () =>
        /Disconnected — data as of .+, reconnecting…/.test(document.querySelector('[data-testid="connection-status"]')?.textContent ?? ""),
      undefined,
      { timeout: 10_000 },
    );
    const staleFigure = await page.$eval(SPEND, (el) => el.closest("[data-stale]")?.getAttribute("data-stale"));
    assertEqual(staleFigure, "true", "spend figure marked stale while disconnected");
    await page.screenshot({ path: path.join(ctx.resultsDir, "e2e-disconnected.png"), fullPage: true });

    ctx.server = await startLocalServer({ port: ctx.port, demo: false, persistDir: ctx.persistDir, log: () => {} });
    await page.waitForSelector(LIVE, { timeout: 30_000 });
    await spendShows(page, "$123.45", 5_000);
    await sendCost(ctx.server, ctx.created, { amount: 10 });
    await spendShows(page, "$133.45", 2_000);
  });

  harness.check("a viewer token of another hackathon gets the token page, not the dashboard", async (ctx) => {
    const other = await createHackathon({ url: ctx.server.url, adminToken: ctx.server.adminToken });
    const page = await ctx.browser.newPage();
    await page.goto(`${ctx.server.url}/h/${other.hackathon.id}#token=${encodeURIComponent(ctx.created.viewer_token)}`);
    await page.waitForSelector('[data-testid="token-form"] [role="alert"]', { timeout: 10_000 });
    assertEqual(
      (await page.textContent('[data-testid="token-form"] [role="alert"] .problem'))?.trim(),
      "No hackathon here, or this token does not open it: it may have been rotated.",
      "the refusal message",
    );
    assertEqual(await page.$(SPEND), null, "spend shown to a foreign token");
    // The form on the same page takes the right token.
    await page.fill("#token-input", other.viewer_token);
    await page.click('button[type="submit"]');
    await page.waitForSelector(LIVE, { timeout: 15_000 });
    await page.close();
  });
}
