// Checks of the hackathon tabs in a real browser: opened from the overview, kept across a reload, closed.
import path from "node:path";
import { randomUUID } from "node:crypto";
import { createWebhookSender } from "../../scripts/lib/webhook-client.mjs";
import { createHackathon } from "./admin-api.mjs";
import { assert, assertEqual } from "./harness.mjs";

const WAIT = { timeout: 15_000 };
const LIVE = '[data-testid="connection-status"][data-status="open"]';

async function openFromOverview(page, url, id) {
  await page.click('[data-testid="tab-overview"]');
  await page.click(`[data-testid="hackathon-row-${id}"] a`, WAIT);
  await page.waitForURL(`${url}/h/${id}`, WAIT);
  await page.waitForSelector(LIVE, WAIT);
}

const tabIds = (page) =>
  page.$$eval('[data-testid="tab-bar"] li[data-testid^="tab-"]', (items) => items.map((li) => li.getAttribute("data-testid")?.slice(4)));

export function registerTabChecks(harness) {
  harness.check(
    "two hackathons open as tabs from the overview, survive a reload, stay live in the background, and one can be closed",
    async (ctx) => {
      const make = (name) => createHackathon({ url: ctx.server.url, adminToken: ctx.server.adminToken, overrides: { name } });
      const first = (await make("E2E Tab One")).hackathon.id;
      const secondCreated = await make("E2E Tab Two");
      const second = secondCreated.hackathon.id;
      const url = ctx.server.url;
      const page = await ctx.browser.newPage({ viewport: { width: 1280, height: 900 } });
      await page.goto(`${url}/#token=${encodeURIComponent(ctx.server.adminToken)}`);
      await page.waitForSelector(`[data-testid="hackathon-row-${second}"]`, WAIT);

      await openFromOverview(page, url, first);
      await openFromOverview(page, url, second);
      assertEqual(JSON.stringify(await tabIds(page)), JSON.stringify([first, second]), "open tabs");
      await page.waitForFunction(
        (id) => document.querySelector(`[data-testid="tab-${id}"] a`)?.textContent === "E2E Tab Two",
        second,
        WAIT,
      );

      await page.reload();
      await page.waitForSelector(LIVE, WAIT);
      assertEqual(JSON.stringify(await tabIds(page)), JSON.stringify([first, second]), "tabs after a reload");
      assertEqual(await page.getAttribute(`[data-testid="tab-${second}"] a`, "aria-current"), "page", "the active tab after a reload");

      await page.click(`[data-testid="tab-${first}"] a`);
      await page.waitForURL(`${url}/h/${first}`, WAIT);
      await page.waitForSelector(LIVE, WAIT);

      // The tab in the background stays live: a budget warning there shows on its tab at once.
      const secondBadge = `[data-testid="tab-live-${second}"]`;
      await page.waitForSelector(`${secondBadge}[data-live="true"][data-alerts="0"]`, WAIT);
      const send = createWebhookSender({ url, hackathonId: second, webhookSecret: secondCreated.webhook_secret });
      const answer = await send({ id: `cost-${randomUUID()}`, type: "cost", ts: new Date().toISOString(), amount: 850 });
      assertEqual(answer.status, 200, "webhook answer");
      await page.waitForSelector(`${secondBadge}[data-alerts="1"][data-worst="warning"]`, WAIT);
      await page.screenshot({ path: path.join(ctx.resultsDir, "e2e-tabs.png") });

      // Closing the active tab from the keyboard shows its neighbour.
      await page.focus(`[data-testid="tab-${first}"] button`);
      await page.keyboard.press("Enter");
      await page.waitForURL(`${url}/h/${second}`, WAIT);
      assertEqual(JSON.stringify(await tabIds(page)), JSON.stringify([second]), "tabs after closing one");
      await page.reload();
      await page.waitForSelector(LIVE, WAIT);
      assertEqual(JSON.stringify(await tabIds(page)), JSON.stringify([second]), "tabs after closing one and reloading");
      assert(await page.isVisible('[data-testid="tab-overview"]'), "the overview tab is always there");
      await page.close();
    },
  );
}
