// Checks of the public status page /status/:id in a real browser against the real Worker: the
// server-rendered HTML shows the state without JavaScript, and with it the page follows an
// incident live, without a reload, under a CSP that allows no inline script.
import path from "node:path";
import { randomUUID } from "node:crypto";
import { createWebhookSender } from "../../scripts/lib/webhook-client.mjs";
import { createHackathon } from "./admin-api.mjs";
import { assert, assertEqual } from "./harness.mjs";

const STATE = '[data-testid="state"]';
const MINUTE = 60_000;

async function send(ctx, created, events) {
  const sender = createWebhookSender({ url: ctx.server.url, hackathonId: created.hackathon.id, webhookSecret: created.webhook_secret });
  const answer = await sender({ events });
  assertEqual(answer.status, 200, `webhook answer (${JSON.stringify(answer.body)})`);
}

const iso = (ms) => new Date(ms).toISOString();
const task = (id, status, ts) => ({
  id: `task-${randomUUID()}`,
  type: "task",
  ts: iso(ts),
  task: { id, title: `SECRET-TITLE ${id}`, status },
});
const cost = (amount, ts) => ({ id: `cost-${randomUUID()}`, type: "cost", ts: iso(ts), amount, service: "secret-service" });

export function registerStatusChecks(harness) {
  harness.check("the public status page shows state and progress without JavaScript", async (ctx) => {
    const now = Date.now();
    const created = await createHackathon({
      url: ctx.server.url,
      adminToken: ctx.server.adminToken,
      overrides: { name: "E2E Public Jam", public: true, budget: { amount: 1_000_000, currency: "USD" } },
    });
    ctx.status = { created };
    // Three of four tasks done, and half an hour of ordinary spend for the anomaly detector to learn.
    await send(ctx, created, [
      ...["a", "b", "c"].map((id) => task(id, "done", now - 5 * MINUTE)),
      task("d", "todo", now - 5 * MINUTE),
      ...Array.from({ length: 30 }, (_, i) => cost(10 + ((i * 7) % 4), now - (31 - i) * MINUTE)),
    ]);

    const context = await ctx.browser.newContext({ javaScriptEnabled: false, viewport: { width: 1000, height: 1200 } });
    try {
      const page = await context.newPage();
      const response = await page.goto(`${ctx.server.url}/status/${created.hackathon.id}`);
      assertEqual(response.status(), 200, "status page answer");
      const csp = response.headers()["content-security-policy"] ?? "";
      assert(/script-src 'self'(;|$)/.test(csp) && !/script-src[^;]*unsafe-inline/.test(csp), `CSP allows inline scripts: ${csp}`);
      assertEqual(await page.locator(STATE).getAttribute("data-state"), "operational", "state without JS");
      assertEqual((await page.locator(`${STATE} [data-field="state-label"]`).textContent())?.trim(), "Operational", "state label");
      assertEqual((await page.locator('[data-field="percent-complete"]').textContent())?.trim(), "75%", "percent complete");
      assert(await page.getByRole("heading", { name: "E2E Public Jam" }).isVisible(), "the name heading is visible");
      assert(await page.getByRole("img", { name: /^Cost source over the hackathon/ }).isVisible(), "cost uptime bars are visible");
      assertEqual(await page.locator('[data-field="live"]').isVisible(), false, "the live note shows without JS");
      const html = await page.content();
      for (const secret of ["SECRET-TITLE", "secret-service", created.viewer_token, created.webhook_secret]) {
        assert(!html.includes(secret), `the page leaks ${secret}`);
      }
    } finally {
      await context.close();
    }
  });

  harness.check("the public status page turns to incident live, without a reload, when an anomaly opens one", async (ctx) => {
    const created = ctx.status?.created;
    assert(created, "needs the hackathon of the previous check");
    const page = await ctx.browser.newPage({ viewport: { width: 1000, height: 1400 } });
    const problems = [];
    page.on("console", (message) => {
      if (message.type() === "error") problems.push(message.text());
    });
    page.on("pageerror", (error) => problems.push(String(error)));
    await page.goto(`${ctx.server.url}/status/${created.hackathon.id}`);
    await page.locator('[data-field="live"]').waitFor({ state: "visible", timeout: 5_000 });
    await page.evaluate(() => {
      window.__sameDocument = true;
    });
    assertEqual(await page.locator(STATE).getAttribute("data-state"), "operational", "state before the anomaly");

    await send(ctx, created, [cost(4_000, Date.now())]);
    // The script polls every 15 s.
    await page.locator(`${STATE}[data-state="incident"]`).waitFor({ timeout: 25_000 });
    assertEqual((await page.locator(`${STATE} [data-field="state-label"]`).textContent())?.trim(), "Incident", "state label after");
    await page.locator('.incidents li[data-status="open"]', { hasText: "Cost anomaly" }).waitFor({ timeout: 2_000 });
    assert(await page.evaluate(() => window.__sameDocument === true), "the page reloaded");
    assert((await page.title()).endsWith("status: Incident"), `title not updated: ${await page.title()}`);
    assertEqual(problems.length, 0, `console errors (CSP violations?): ${problems.join(" | ")}`);
    await page.screenshot({ path: path.join(ctx.resultsDir, "e2e-status.png"), fullPage: true });
    await page.close();
  });
}
