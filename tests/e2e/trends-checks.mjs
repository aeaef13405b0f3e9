// Checks of the dashboard's trend panels in a real browser: the time-range picker, the tokens
// per model, and the critical path read from /gaps.
import path from "node:path";
import { createWebhookSender } from "../../scripts/lib/webhook-client.mjs";
import { assert, assertEqual } from "./harness.mjs";
import { createBusyHackathon } from "./seed-dashboard.mjs";

const LIVE = '[data-testid="connection-status"][data-status="open"]';
const WAIT = { timeout: 15_000 };

export function registerTrendsChecks(harness) {
  harness.check("the dashboard shows tokens per model, the critical path with its blocked task, and switches time ranges", async (ctx) => {
    const created = await createBusyHackathon(ctx);
    const page = await ctx.browser.newPage({ viewport: { width: 1280, height: 1600 } });
    const historyRequests = [];
    page.on("request", (request) => {
      if (request.url().includes("/history?")) historyRequests.push(new URL(request.url()));
    });
    await page.goto(`${ctx.server.url}/h/${created.hackathon.id}#token=${encodeURIComponent(created.viewer_token)}`);
    await page.waitForSelector(LIVE, WAIT);

    const models = page.getByTestId("token-models");
    await models.locator("tbody tr", { hasText: "model-large" }).waitFor(WAIT);
    assert((await models.textContent())?.includes("€"), "model cost in the hackathon's currency");

    const summary = page.getByTestId("critical-path-summary");
    await page.waitForFunction(
      () => /tasks in a row/.test(document.querySelector('[data-testid="critical-path-summary"]')?.textContent ?? ""),
      null,
      WAIT,
    );
    assert((await summary.textContent())?.includes("b → c → d"), `critical path, got ${await summary.textContent()}`);
    assert((await page.getByTestId("critical-path-gaps").textContent())?.includes("Task C"), "the blocked task is listed");

    // A later blocked task reaches the panel through the `tasks` delta, without a reload.
    const send = createWebhookSender({ url: ctx.server.url, hackathonId: created.hackathon.id, webhookSecret: created.webhook_secret });
    const now = new Date().toISOString();
    await send({ id: `t-${Date.now()}`, type: "task", ts: now, task: { id: "b", title: "Task B", status: "blocked", estimated_hours: 2 } });
    await page.waitForFunction(
      () => (document.querySelector('[data-testid="critical-path-gaps"]')?.textContent ?? "").includes("Task B"),
      null,
      WAIT,
    );

    const picker = page.getByTestId("time-range");
    assertEqual(await picker.locator('[aria-pressed="true"]').getAttribute("data-range"), "all", "default range");
    const before = historyRequests.length;
    await picker.locator('[data-range="1h"]').click();
    await page.waitForFunction(
      () => document.querySelector('[data-testid="time-range"] [aria-pressed="true"]')?.getAttribute("data-range") === "1h",
    );
    const deadline = Date.now() + 5000;
    while (historyRequests.length - before < 5 && Date.now() < deadline) await page.waitForTimeout(100);
    const recent = historyRequests.slice(before);
    assert(recent.length >= 5, `the 1 h range re-reads history (${recent.length} requests)`);
    const from = Date.parse(recent[0].searchParams.get("from") ?? "");
    assert(Math.abs(Date.now() - 3_600_000 - from) < 120_000, `1 h window starts an hour ago (${recent[0].searchParams.get("from")})`);
    assertEqual(recent[0].searchParams.get("step"), "60", "1 h window step");
    assert(await page.getByTestId("chart-tasks").isVisible(), "the burn-up chart is shown");
    await page.screenshot({ path: path.join(ctx.resultsDir, "e2e-trends.png"), fullPage: true });
    await page.close();
  });
}
