// Checks that the dashboard's charts do not mislead, in a real browser against the real Worker:
// the end of the hackathon is marked, legends show values, a gap in the data is drawn as a gap,
// and the chosen range (or zoom) lives in the address bar and survives a reload.
import path from "node:path";
import { randomUUID } from "node:crypto";
import { createWebhookSender } from "../../scripts/lib/webhook-client.mjs";
import { blockingViolations } from "./axe-checks.mjs";
import { createHackathon } from "./admin-api.mjs";
import { assert, assertEqual } from "./harness.mjs";

const LIVE = '[data-testid="connection-status"][data-status="open"]';
const WAIT = { timeout: 15_000 };
const MINUTE = 60_000;
/** Minutes (before now) with token events: two bursts 28 minutes apart, so tokens.rate has a gap. */
const TOKEN_MINUTES = [40, 39, 38, 10, 9, 8];

const ago = (minutes, seconds = 0) => new Date(Date.now() - minutes * MINUTE + seconds * 1000).toISOString();

/** A hackathon with spend, a task board and two bursts of tokens, whose history has reached D1. */
async function createChartedHackathon(ctx) {
  const created = await createHackathon({ url: ctx.server.url, adminToken: ctx.server.adminToken, overrides: { name: "E2E Chart Jam" } });
  const id = created.hackathon.id;
  const send = createWebhookSender({ url: ctx.server.url, hackathonId: id, webhookSecret: created.webhook_secret });
  const task = (taskId, status, minutes) => ({
    id: `task-${randomUUID()}`,
    type: "task",
    ts: ago(minutes),
    task: { id: taskId, title: `Task ${taskId}`, status, estimated_hours: 2 },
  });
  const events = [
    { id: `cost-${randomUUID()}`, type: "cost", ts: ago(50), amount: 40 },
    { id: `cost-${randomUUID()}`, type: "cost", ts: ago(20), amount: 60 },
    task("a", "todo", 55),
    task("b", "todo", 55),
    task("a", "done", 30),
    ...TOKEN_MINUTES.map((minutes) => ({
      id: `tok-${randomUUID()}`,
      type: "token",
      ts: ago(minutes, 20),
      model: "model-large",
      input_tokens: 2000,
      output_tokens: 500,
    })),
  ];
  const answer = await send({ events });
  assertEqual(answer.status, 200, `webhook answer (${JSON.stringify(answer.body)})`);
  await waitForHistory(ctx, created, "tokens.rate", TOKEN_MINUTES.length);
  return created;
}

/** Waits until the history flush has written `count` points of `series` (every few seconds locally). */
async function waitForHistory(ctx, created, series, count) {
  const url = `${ctx.server.url}/api/hackathons/${created.hackathon.id}/history?series=${series}&from=${ago(120)}`;
  const deadline = Date.now() + 20_000;
  let points = 0;
  while (Date.now() < deadline) {
    const response = await fetch(url, { headers: { authorization: `Bearer ${created.viewer_token}` } });
    points = response.ok ? ((await response.json()).points?.length ?? 0) : 0;
    if (points >= count) return;
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  throw new Error(`history of ${series} had ${points} points, expected ${count}`);
}

async function openDashboard(ctx, created, { colorScheme = "light" } = {}) {
  const page = await ctx.browser.newPage({ viewport: { width: 1280, height: 1600 }, colorScheme, bypassCSP: true });
  await page.goto(`${ctx.server.url}/h/${created.hackathon.id}#token=${encodeURIComponent(created.viewer_token)}`);
  await page.waitForSelector(LIVE, WAIT);
  return page;
}

/** The end marker of one chart: its label, where it sits, and where the chart's plot area is. */
async function endMarker(page, chart) {
  const label = page.locator(`[data-testid="${chart}"] [data-testid="x-marker-end"]`);
  await label.waitFor(WAIT);
  return {
    text: (await label.textContent())?.trim() ?? "",
    x: Number(await label.getAttribute("data-x")),
    box: await label.boundingBox(),
    plot: await page.locator(`[data-testid="${chart}"] .u-over`).boundingBox(),
  };
}

/**
 * The runs of canvas columns in which the chart's line colour appears, left to right: a line
 * with a gap in it is drawn as separate runs, a line ramped across the gap as one.
 */
function lineRuns(page, chart, colorVar) {
  return page.evaluate(
    ([testid, name]) => {
      const figure = document.querySelector(`[data-testid="${testid}"]`);
      const canvas = figure?.querySelector("canvas");
      if (!figure || !canvas) return [];
      const probe = document.createElement("span");
      probe.style.color = getComputedStyle(figure).getPropertyValue(name);
      figure.append(probe);
      const [r, g, b] = (getComputedStyle(probe).color.match(/\d+/g) ?? []).map(Number);
      probe.remove();
      const { width, height } = canvas;
      const pixels = canvas.getContext("2d")?.getImageData(0, 0, width, height).data ?? [];
      const runs = [];
      let start = -1;
      for (let x = 0; x <= width; x++) {
        let found = false;
        for (let y = 0; x < width && y < height && !found; y++) {
          const i = (y * width + x) * 4;
          found = pixels[i + 3] > 200 && Math.abs(pixels[i] - r) + Math.abs(pixels[i + 1] - g) + Math.abs(pixels[i + 2] - b) < 60;
        }
        if (found && start < 0) start = x;
        if (!found && start >= 0) {
          runs.push([start, x - 1]);
          start = -1;
        }
      }
      return runs;
    },
    [chart, colorVar],
  );
}

const rangeParams = (page) => {
  const url = new URL(page.url());
  return { range: url.searchParams.get("range"), from: url.searchParams.get("from"), to: url.searchParams.get("to") };
};

export function registerChartChecks(harness) {
  harness.check(
    "charts: the spend and burn-up charts mark the end of the hackathon, the budget and the projection, with values in the legends",
    async (ctx) => {
      const created = await createChartedHackathon(ctx);
      ctx.chartHackathon = created;
      const endsAt = Date.parse(created.hackathon.ends_at) / 1000;
      for (const colorScheme of ["light", "dark"]) {
        const page = await openDashboard(ctx, created, { colorScheme });
        for (const chart of ["chart-spend", "chart-tasks"]) {
          const marker = await endMarker(page, chart);
          assert(marker.text.startsWith("End "), `${chart} end marker label, got ${JSON.stringify(marker.text)}`);
          assertEqual(marker.x, endsAt, `${chart} end marker time`);
          assert(marker.box && marker.plot, `${chart} end marker and plot are laid out`);
          assert(
            marker.box.x >= marker.plot.x - 1 && marker.box.x + marker.box.width <= marker.plot.x + marker.plot.width + 1,
            `${chart} end marker label inside the plot (${JSON.stringify(marker.box)} in ${JSON.stringify(marker.plot)})`,
          );
        }
        const legend = page.locator('[data-testid="chart-spend"] .u-legend');
        await page.waitForFunction(
          () => /Spend\s*\$/.test(document.querySelector('[data-testid="chart-spend"] .u-legend')?.textContent ?? ""),
          null,
          WAIT,
        );
        const text = (await legend.textContent()) ?? "";
        for (const entry of ["Budget", "Projected at end", "Low estimate", "High estimate"]) {
          assert(new RegExp(`${entry}\\s*\\$[\\d,.]+`).test(text), `spend legend shows a value for ${entry}: ${text}`);
        }
        assert(!/—|--/.test(text), `spend legend shows no dash placeholders: ${text}`);
        const problems = await blockingViolations(page);
        assert(problems.length === 0, `accessibility (${colorScheme}): ${problems.join("; ")}`);
        await page.screenshot({ path: path.join(ctx.resultsDir, `e2e-charts-${colorScheme}.png`), fullPage: true });
        await page.close();
      }
    },
  );

  harness.check("charts: a gap in the data is drawn as a gap, and the chosen range and zoom survive a reload", async (ctx) => {
    const created = ctx.chartHackathon ?? (await createChartedHackathon(ctx));
    const page = await openDashboard(ctx, created);
    const historyRequests = [];
    page.on("request", (request) => {
      if (request.url().includes("/history?")) historyRequests.push(new URL(request.url()));
    });
    const picker = page.getByTestId("time-range");
    await picker.locator('[data-range="1h"]').click();
    await page.waitForFunction(() => new URL(location.href).searchParams.get("range") === "1h", null, WAIT);

    historyRequests.length = 0;
    await page.reload();
    await page.waitForSelector(LIVE, WAIT);
    assertEqual(await picker.locator('[aria-pressed="true"]').getAttribute("data-range"), "1h", "range after reload");
    assertEqual(rangeParams(page).range, "1h", "range in the address bar after reload");
    const deadline = Date.now() + WAIT.timeout;
    const tokenReads = () => historyRequests.filter((url) => url.searchParams.get("series") === "tokens.rate");
    while (tokenReads().length === 0 && Date.now() < deadline) await page.waitForTimeout(100);
    const afterReload = tokenReads().at(-1);
    assert(afterReload, "tokens history read after the reload");
    const span = Date.parse(afterReload.searchParams.get("to") ?? "") - Date.parse(afterReload.searchParams.get("from") ?? "");
    assert(Math.abs(span - 60 * MINUTE) < 5_000, `history read over the last hour after reload (${span} ms)`);

    const tokens = page.getByTestId("chart-tokens");
    await page.waitForFunction(
      () => /gaps? in the data/.test(document.querySelector('[data-testid="chart-tokens"] [role="img"]')?.getAttribute("aria-label") ?? ""),
      null,
      WAIT,
    );
    const runs = await lineRuns(page, "chart-tokens", "--chart-tokens");
    const plotWidth = (await tokens.locator(".u-over").boundingBox())?.width ?? 0;
    const widest = runs.slice(1).reduce((max, [start], i) => Math.max(max, start - (runs[i]?.[1] ?? start)), 0);
    // The bursts are 28 minutes apart in a one-hour window: a gap of about 45% of the plot, none if ramped across.
    assert(
      runs.length >= 2 && widest > plotWidth * 0.3,
      `the token line breaks at the gap: runs ${JSON.stringify(runs)} in ${plotWidth} px`,
    );
    await page.screenshot({ path: path.join(ctx.resultsDir, "e2e-charts-gap.png"), fullPage: true });

    // Drag across the token chart: every chart zooms, the window goes into the address bar, and a reset brings the range back.
    const over = await tokens.locator(".u-over").boundingBox();
    assert(over, "token chart plot laid out");
    const y = over.y + over.height / 2;
    await page.mouse.move(over.x + over.width * 0.2, y);
    await page.mouse.down();
    await page.mouse.move(over.x + over.width * 0.5, y, { steps: 8 });
    await page.mouse.up();
    await page.waitForFunction(() => new URL(location.href).searchParams.has("from"), null, WAIT);
    const zoomed = rangeParams(page);
    assertEqual(zoomed.range, "1h", "the zoom keeps the range it was made from");
    const zoomMinutes = (Date.parse(zoomed.to ?? "") - Date.parse(zoomed.from ?? "")) / MINUTE;
    assert(zoomMinutes >= 15 && zoomMinutes <= 21, `the zoom spans the dragged third of the hour (${zoomMinutes} min)`);
    await page.reload();
    await page.waitForSelector(LIVE, WAIT);
    await page.getByTestId("reset-zoom").first().waitFor(WAIT);
    assertEqual(JSON.stringify(rangeParams(page)), JSON.stringify(zoomed), "zoom after reload");
    await page.getByTestId("reset-zoom").first().click();
    await page.waitForFunction(() => !new URL(location.href).searchParams.has("from"), null, WAIT);
    assertEqual(rangeParams(page).range, "1h", "range after resetting the zoom");
    assertEqual(await picker.locator('[aria-pressed="true"]').getAttribute("data-range"), "1h", "pressed preset after the reset");

    // Leaving the dashboard and coming back with the browser's Back button keeps the range.
    await page.getByRole("link", { name: "All hackathons" }).click();
    await page.waitForURL((url) => url.pathname === "/", WAIT);
    await page.goBack();
    await page.waitForSelector(LIVE, WAIT);
    assertEqual(rangeParams(page).range, "1h", "range after going back");
    assertEqual(await picker.locator('[aria-pressed="true"]').getAttribute("data-range"), "1h", "pressed preset after going back");
    await page.close();
  });
}
