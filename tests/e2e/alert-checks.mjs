// Checks of the alerts on the live dashboard /h/:id in a real browser against the real Worker:
// a budget alert acknowledged and resolved by hand (through an operator's link; a viewer's link
// shows it without buttons), a later one arriving live, and a metric anomaly marked on its
// Performance chart.
import path from "node:path";
import { randomUUID } from "node:crypto";
import { createWebhookSender } from "../../scripts/lib/webhook-client.mjs";
import { createHackathon } from "./admin-api.mjs";
import { assert, assertEqual } from "./harness.mjs";

const LIVE = '[data-testid="connection-status"][data-status="open"]';
const OPEN_ALERTS = '[data-testid="alerts"] > li';
const WAIT = { timeout: 10_000 };

async function send(ctx, events) {
  const { created } = ctx.alerts;
  const sender = createWebhookSender({ url: ctx.server.url, hackathonId: created.hackathon.id, webhookSecret: created.webhook_secret });
  const answer = await sender({ events });
  assertEqual(answer.status, 200, `webhook answer (${JSON.stringify(answer.body)})`);
}

const cost = (amount, ts = new Date()) => ({ id: `cost-${randomUUID()}`, type: "cost", ts: ts.toISOString(), amount });
const latency = (value, ts) => ({
  id: `metric-${randomUUID()}`,
  type: "metric",
  ts: ts.toISOString(),
  name: "latency_ms",
  value,
  unit: "ms",
});

/** The hackathon's alerts as the API reports them (what the UI did must show there too). */
async function apiAlerts(ctx) {
  const { created } = ctx.alerts;
  const response = await fetch(`${ctx.server.url}/api/hackathons/${created.hackathon.id}/alerts?status=all`, {
    headers: { authorization: `Bearer ${created.viewer_token}` },
  });
  assertEqual(response.status, 200, "GET /alerts");
  return (await response.json()).alerts;
}

/** The open alert whose description contains `text`. */
const openAlert = (page, text) => page.locator(OPEN_ALERTS, { hasText: text });

export function registerAlertChecks(harness) {
  harness.check("a budget alert shows on the dashboard, can be acknowledged and resolved, and the next one arrives live", async (ctx) => {
    const created = await createHackathon({
      url: ctx.server.url,
      adminToken: ctx.server.adminToken,
      overrides: { name: "E2E Alerts", budget: { amount: 100, currency: "USD" } },
    });
    ctx.alerts = { created };
    await send(ctx, [cost(85)]);

    const page = await ctx.browser.newPage({ viewport: { width: 1280, height: 1400 } });
    ctx.alerts.page = page;
    // A viewer sees the alert but may not act on it: no buttons at all.
    const viewerPage = await ctx.browser.newPage();
    await viewerPage.goto(`${ctx.server.url}/h/${created.hackathon.id}#token=${encodeURIComponent(created.viewer_token)}`);
    await viewerPage.waitForSelector(LIVE, { timeout: 15_000 });
    await openAlert(viewerPage, "Budget 80% exhausted").waitFor(WAIT);
    assertEqual(await viewerPage.locator(`${OPEN_ALERTS} button`).count(), 0, "buttons shown to a viewer");
    await viewerPage.close();

    await page.goto(`${ctx.server.url}/h/${created.hackathon.id}#token=${encodeURIComponent(created.operator_token)}`);
    await page.waitForSelector(LIVE, { timeout: 15_000 });
    await page.evaluate(() => {
      window.__sameDocument = true;
    });

    const warning = openAlert(page, "Budget 80% exhausted");
    await warning.waitFor(WAIT);
    assertEqual(await warning.getAttribute("data-status"), "open", "warning alert status");
    assertEqual((await warning.getByTestId("alert-severity").textContent())?.trim(), "warning", "warning alert severity");

    await warning.getByRole("button", { name: "Acknowledge" }).click();
    await page.locator(`${OPEN_ALERTS}[data-status="acknowledged"]`, { hasText: "Budget 80% exhausted" }).waitFor(WAIT);
    assert(
      /^Acknowledged .* by operator token$/.test(
        (await warning.getByTestId("alert-status").textContent())?.replace(/\s+/g, " ").trim() ?? "",
      ),
      "status line says acknowledged, by whom",
    );
    assertEqual(await warning.getByRole("button", { name: "Acknowledge" }).count(), 0, "Acknowledge buttons left");
    const acked = (await apiAlerts(ctx)).find((a) => a.description.startsWith("Budget 80% exhausted"));
    assertEqual(acked?.status, "acknowledged", "the API's status of the alert acknowledged in the UI");

    await warning.getByRole("button", { name: "Resolve" }).click();
    await warning.waitFor({ state: "detached", ...WAIT });
    const resolved = (await apiAlerts(ctx)).find((a) => a.description.startsWith("Budget 80% exhausted"));
    assertEqual(resolved?.resolved_by, "operator token", "the API's resolved_by of the alert resolved in the UI");

    await send(ctx, [cost(11)]);
    const critical = openAlert(page, "Budget 95% exhausted");
    await critical.waitFor(WAIT);
    assertEqual((await critical.getByTestId("alert-severity").textContent())?.trim(), "critical", "critical alert severity");
    assertEqual(await openAlert(page, "Budget 80% exhausted").count(), 0, "the resolved warning came back");
    assert(await page.evaluate(() => window.__sameDocument === true), "the page reloaded");
    await page.screenshot({ path: path.join(ctx.resultsDir, "e2e-alerts.png"), fullPage: true });
  });

  harness.check("a latency spike raises an anomaly alert and is marked on the latency_ms Performance chart", async (ctx) => {
    const page = ctx.alerts?.page;
    assert(page, "needs the page of the previous check");
    const now = Date.now();
    // Ordinary latencies every 5 s over the last ~3.5 minutes, then one spike now.
    const ordinary = Array.from({ length: 40 }, (_, i) => latency(100 + ((i * 13) % 40), new Date(now - (41 - i) * 5_000)));
    await send(ctx, ordinary);
    const chart = page.getByTestId("chart-metric-latency_ms");
    await chart.waitFor(WAIT);
    assertEqual((await chart.locator("figcaption").textContent())?.trim(), "latency_ms (ms)", "chart title");

    await send(ctx, [latency(5000, new Date(now))]);
    await openAlert(page, "Unusual latency_ms").waitFor(WAIT);
    const marks = chart.getByTestId("anomaly-marks");
    await marks.waitFor(WAIT);
    assertEqual((await marks.locator("summary").textContent())?.trim(), "1 anomaly", "anomalies listed on the chart");
    await marks.locator("summary").click();
    assert((await marks.locator("li").first().textContent())?.includes("5,000 ms"), "the mark is the spike");
    const label = await chart.locator('[role="img"]').getAttribute("aria-label");
    assertEqual(label, "latency_ms (ms), 1 anomaly marked", "chart accessible name");
    await page.screenshot({ path: path.join(ctx.resultsDir, "e2e-metric-anomaly.png"), fullPage: true });
    await page.close();
  });
}
