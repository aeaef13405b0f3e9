// Checks of the organiser's outlook in a real browser: the two sentences and their verdict, the
// deadline flags, the tokens-by-model table at 800 px and on a phone, the spend-by-service anchor,
// a link that opens nothing (or whose token is rotated while open), and a viewer's quiet console.
import path from "node:path";
import { randomUUID } from "node:crypto";
import { createWebhookSender } from "../../scripts/lib/webhook-client.mjs";
import { blockingViolations } from "./axe-checks.mjs";
import { createHackathon } from "./admin-api.mjs";
import { assert, assertEqual } from "./harness.mjs";
import { createBusyHackathon } from "./seed-dashboard.mjs";

const WAIT = { timeout: 15_000 };
const LIVE = '[data-testid="connection-status"][data-status="open"]';
const LONG_MODELS = ["claude-3-5-sonnet-20241022", "accounts/fireworks/models/llama-v3p1-70b-instruct"];
const REFUSAL = "No hackathon here, or this token does not open it: it may have been rotated.";

const dashboardUrl = (ctx, id, token) => `${ctx.server.url}/h/${encodeURIComponent(id)}#token=${encodeURIComponent(token)}`;
const textOf = async (page, testid) => ((await page.getByTestId(testid).textContent()) ?? "").trim();
const storedTabIds = (page) => page.evaluate(() => JSON.parse(localStorage.getItem("pitwall.tabs") ?? "[]").map((tab) => tab.id));
const shownTabIds = (page) =>
  page.$$eval('[data-testid="tab-bar"] li[data-testid^="tab-"]', (items) => items.map((li) => li.getAttribute("data-testid")?.slice(4)));

/** Sends tokens of two long-named models (one the price table cannot know) from two services, and spend from two. */
async function sendServicesAndModels(ctx, created) {
  const send = createWebhookSender({ url: ctx.server.url, hackathonId: created.hackathon.id, webhookSecret: created.webhook_secret });
  const ts = new Date().toISOString();
  const event = (fields) => ({ id: `e2e-${randomUUID()}`, ts, ...fields });
  const answer = await send({
    events: [
      event({ type: "token", model: LONG_MODELS[0], input_tokens: 4000, output_tokens: 1000, cost: 0.3, service: "team-7-chatbot" }),
      event({ type: "token", model: LONG_MODELS[1], input_tokens: 2000, output_tokens: 500, service: "team-2-agent" }),
      event({ type: "cost", amount: 4, service: "Vertex AI" }),
      event({ type: "cost", amount: 1, service: "Cloud Run" }),
    ],
  });
  assertEqual(answer.status, 200, `webhook answer (${JSON.stringify(answer.body)})`);
}

/** How many lines tall each long model name is drawn in the tokens-by-model table. */
function modelNameLines(page) {
  return page.$$eval('[data-testid="token-models"] tbody th .name', (names) =>
    names.map((name) => {
      const style = getComputedStyle(name);
      const lineHeight = Number.parseFloat(style.lineHeight) || Number.parseFloat(style.fontSize) * 1.4;
      return { model: name.getAttribute("title"), lines: Math.round(name.getBoundingClientRect().height / lineHeight) };
    }),
  );
}

/** Whether the first row's cost cell lies inside the table's visible (unscrolled) box. */
function costCellInView(page) {
  return page.$eval('[data-testid="token-models"]', (figure) => {
    const box = figure.querySelector(".scroll")?.getBoundingClientRect();
    const cell = figure.querySelector("tbody tr td")?.getBoundingClientRect();
    return Boolean(box && cell && cell.left >= box.left && cell.right <= box.right + 1);
  });
}

async function waitForModels(page) {
  for (const model of LONG_MODELS) await page.locator('[data-testid="token-models"] tbody th .name', { hasText: model }).waitFor(WAIT);
}

export function registerOutlookChecks(harness) {
  harness.check(
    "the outlook: both sentences, one verdict in words, the deadline flags, and the money turning over budget live [outlook]",
    async (ctx) => {
      // Two hours left against a critical path of b → c → d (2 h each): the work cannot be done by the end.
      const created = await createBusyHackathon(ctx, { ends_at: new Date(Date.now() + 2 * 3_600_000).toISOString() });
      const id = created.hackathon.id;
      const page = await ctx.browser.newPage({ viewport: { width: 1280, height: 1400 } });
      await page.goto(dashboardUrl(ctx, id, created.viewer_token));
      await page.waitForSelector(LIVE, WAIT);

      const outlook = page.getByTestId("outlook");
      await outlook.waitFor(WAIT);
      const firstSection = await page.$eval("main section", (section) => section.getAttribute("data-testid"));
      assertEqual(firstSection, "outlook", "the outlook is the dashboard's first section");
      const money = await textOf(page, "outlook-money");
      assert(
        /^Money (runs out at .+ — .+ before the end — projected over by €|lasts to the end — projected €[\d,.]+ of €100\.00|has run out)/.test(
          money,
        ),
        `money sentence, got ${JSON.stringify(money)}`,
      );
      await page.waitForFunction(
        () => document.querySelector('[data-testid="outlook-work"]')?.getAttribute("data-tone") === "bad",
        null,
        WAIT,
      );
      const work = await textOf(page, "outlook-work");
      assert(
        /^((Work done at .+ — .+ after the end|No work finished yet to project from); critical path [\d.]+ h, [\d.]+ (h|min) left|Work done at .+ — .+ before the end; but the critical path alone needs [\d.]+ h and only [\d.]+ (h|min) are left)$/.test(
          work,
        ),
        `work sentence, got ${JSON.stringify(work)}`,
      );
      const verdict = (await textOf(page, "outlook-verdict")).replace(/^\W+\s*/, "");
      assert(["Late", "Over budget and late"].includes(verdict), `a late verdict in words, got ${JSON.stringify(verdict)}`);

      await page.waitForSelector('[data-testid="critical-path-vs-end"][data-fits="false"]', WAIT);
      const eta = await textOf(page, "eta");
      if (eta !== "—") {
        const tone = await page.$eval('[data-testid="eta"]', (el) => el.closest(".figure")?.className ?? "");
        assert(tone.includes("tone-warn"), `an estimate after the end is a warning (${eta}, ${tone})`);
      }

      // Spend past the budget: the money sentence and the remaining figure turn with the live deltas.
      const send = createWebhookSender({ url: ctx.server.url, hackathonId: id, webhookSecret: created.webhook_secret });
      assertEqual(
        (await send({ id: `cost-${randomUUID()}`, type: "cost", ts: new Date().toISOString(), amount: 50 })).status,
        200,
        "webhook answer",
      );
      await page.waitForFunction(
        () =>
          /^Money has run out — €35\.00 over budget now/.test(
            document.querySelector('[data-testid="outlook-money"]')?.textContent?.trim() ?? "",
          ),
        null,
        WAIT,
      );
      await page.waitForFunction(
        () => /Over budget and late$/.test(document.querySelector('[data-testid="outlook-verdict"]')?.textContent?.trim() ?? ""),
        null,
        WAIT,
      );
      const remaining = await page.$eval('[data-testid="budget-remaining"]', (el) => ({
        tone: el.closest(".figure")?.className ?? "",
        text: el.closest(".figure")?.textContent ?? "",
      }));
      assert(
        remaining.tone.includes("tone-bad") && remaining.text.includes("over budget by €35.00"),
        `budget remaining flagged (${JSON.stringify(remaining)})`,
      );
      await page.screenshot({ path: path.join(ctx.resultsDir, "e2e-outlook.png"), fullPage: true });
      await page.close();
    },
  );

  harness.check(
    "tokens by model read at 800 px and on a phone; spend by service is where the budget alert's action points [outlook]",
    async (ctx) => {
      const created = await createBusyHackathon(ctx, { name: "E2E Outlook Tables" });
      await sendServicesAndModels(ctx, created);
      const id = created.hackathon.id;
      const page = await ctx.browser.newPage({ viewport: { width: 800, height: 1400 } });
      await page.goto(dashboardUrl(ctx, id, created.viewer_token));
      await page.waitForSelector(LIVE, WAIT);
      await waitForModels(page);

      for (const width of [800, 375]) {
        await page.setViewportSize({ width, height: 1400 });
        await page.waitForTimeout(200);
        for (const { model, lines } of await modelNameLines(page)) {
          assert(lines >= 1 && lines <= 2, `at ${width} px "${model}" takes ${lines} lines (one or two expected)`);
        }
        assert(await costCellInView(page), `at ${width} px the cost column is in view without scrolling`);
        await page.getByTestId("token-models").screenshot({ path: path.join(ctx.resultsDir, `e2e-token-models-${width}.png`) });
      }
      await page.setViewportSize({ width: 800, height: 1400 });
      const unpriced = page.locator('[data-testid="token-models"] tbody tr', { hasText: LONG_MODELS[1] });
      assert((await unpriced.textContent())?.includes("unpriced"), "a model without a price says unpriced");

      const sortCost = page.getByTestId("sort-cost");
      assertEqual(
        await page.$eval('[data-testid="sort-cost"]', (b) => b.closest("th")?.getAttribute("aria-sort")),
        "descending",
        "sorted by cost",
      );
      await sortCost.focus();
      await page.keyboard.press("Enter");
      assertEqual(
        await page.$eval('[data-testid="sort-cost"]', (b) => b.closest("th")?.getAttribute("aria-sort")),
        "ascending",
        "Enter flips the sort",
      );

      const spendRows = page.locator('[data-testid="spend-by-service-table"] tbody tr');
      await spendRows.filter({ hasText: "Vertex AI" }).waitFor(WAIT);
      await page.locator('[data-testid="tokens-by-service-table"] tbody tr', { hasText: "team-7-chatbot" }).waitFor(WAIT);
      const action = page.locator('[data-testid="alerts"] a', { hasText: "Review the top services by spend" }).first();
      await action.waitFor(WAIT);
      await action.click();
      await page.waitForFunction(() => location.hash === "#spend-by-service");
      const inView = await page.$eval("#spend-by-service", (el) => {
        const box = el.getBoundingClientRect();
        return box.top >= -1 && box.top < window.innerHeight;
      });
      assert(inView, "the alert's action scrolls to spend by service");
      await page.close();
    },
  );

  harness.check("a link that opens nothing says so in one message, names what to do, and leaves no tab behind [outlook]", async (ctx) => {
    const page = await ctx.browser.newPage();
    const id = `e2e-nothing-${randomUUID().slice(0, 8)}`;
    await page.goto(dashboardUrl(ctx, id, "pwv_not-a-token"));
    const problem = page.getByTestId("token-problem");
    await problem.waitFor(WAIT);
    const text = (await problem.textContent()) ?? "";
    assert(text.includes(REFUSAL), `the refusal, got ${JSON.stringify(text)}`);
    assert(text.includes("Ask the organiser for a new link"), "it names what to do next");
    assertEqual(await problem.locator('a[href="/"]').count(), 1, "a link to the overview");
    assertEqual(await page.locator('[role="alert"]').count(), 1, "one message");
    await page.waitForFunction((tabId) => !document.querySelector(`[data-testid="tab-${tabId}"]`), id, WAIT);
    assert(!(await storedTabIds(page)).includes(id), "no tab kept for the next visit");
    // The refused token is forgotten: a reload asks for one, still without a tab.
    await page.reload();
    await page.getByTestId("token-form").waitFor(WAIT);
    assert(!(await shownTabIds(page)).includes(id), "no tab after a reload");
    assert(!(await storedTabIds(page)).includes(id), "no tab stored after a reload");
    await page.close();
  });

  harness.check("a dashboard whose token is rotated while open says so the same way and drops its tab [outlook]", async (ctx) => {
    const created = await createHackathon({ url: ctx.server.url, adminToken: ctx.server.adminToken, overrides: { name: "E2E Rotated" } });
    const id = created.hackathon.id;
    const page = await ctx.browser.newPage();
    await page.goto(dashboardUrl(ctx, id, created.viewer_token));
    await page.waitForSelector(LIVE, WAIT);
    await page.waitForSelector(`[data-testid="tab-${id}"]`, WAIT);
    const rotated = await fetch(`${ctx.server.url}/api/hackathons/${id}/rotate`, {
      method: "POST",
      headers: { authorization: `Bearer ${ctx.server.adminToken}` },
    });
    assertEqual(rotated.status, 200, "rotate answer");
    const problem = page.getByTestId("token-problem");
    await problem.waitFor(WAIT);
    assert(((await problem.textContent()) ?? "").includes(REFUSAL), "the rotation is said plainly");
    await page.waitForFunction((tabId) => !document.querySelector(`[data-testid="tab-${tabId}"]`), id, WAIT);
    await page.close();
  });

  harness.check("a viewer's dashboard asks for nothing it will be refused: no 401 and no console error [outlook]", async (ctx) => {
    const created = await createBusyHackathon(ctx, { name: "E2E Quiet Viewer" });
    const page = await ctx.browser.newPage();
    const refused = [];
    const errors = [];
    page.on("response", (response) => {
      if (response.status() === 401 || response.status() === 403) refused.push(`${response.status()} ${new URL(response.url()).pathname}`);
    });
    page.on("console", (message) => {
      if (message.type() === "error") errors.push(message.text());
    });
    await page.goto(dashboardUrl(ctx, created.hackathon.id, created.viewer_token));
    await page.waitForSelector(LIVE, WAIT);
    await page.waitForSelector('[data-testid="critical-path-gaps"]', WAIT);
    await page.waitForSelector('[data-testid="rca-log"]', WAIT);
    await page.waitForLoadState("networkidle");
    assertEqual(refused.join(", "), "", "requests refused to the viewer");
    assertEqual(errors.join(" | "), "", "console errors");
    assertEqual(await page.getByTestId("otlp-setup").count(), 0, "the OpenTelemetry setup is for the admin only");
    await page.close();
  });

  harness.check(
    "the admin sees the OpenTelemetry setup; the outlook, tables and setup pass axe in light and dark [outlook]",
    async (ctx) => {
      const created = await createBusyHackathon(ctx, { name: "E2E Admin Outlook" });
      await sendServicesAndModels(ctx, created);
      const id = created.hackathon.id;
      const problems = [];
      for (const colorScheme of ["light", "dark"]) {
        // bypassCSP: axe is injected as an inline script.
        const page = await ctx.browser.newPage({ viewport: { width: 1280, height: 1400 }, colorScheme, bypassCSP: true });
        await page.goto(dashboardUrl(ctx, id, ctx.server.adminToken));
        await page.waitForSelector(LIVE, WAIT);
        await page.getByTestId("otlp-setup").waitFor(WAIT);
        await waitForModels(page);
        await page.locator('[data-testid="spend-by-service-table"] tbody tr', { hasText: "Vertex AI" }).waitFor(WAIT);
        const endpoint = await textOf(page, "otlp-endpoint");
        assertEqual(endpoint, `${ctx.server.url}/otlp/${id}`, "the OTLP endpoint");
        const env = await textOf(page, "otlp-env");
        assert(env.includes(`export OTEL_EXPORTER_OTLP_ENDPOINT=${ctx.server.url}/otlp/${id}`), `the endpoint variable, got ${env}`);
        assert(env.includes("OTEL_EXPORTER_OTLP_HEADERS=Authorization=Bearer%20<ingest_token>"), `the headers variable, got ${env}`);
        await page.waitForTimeout(300);
        for (const line of await blockingViolations(page)) problems.push(`[${colorScheme}] ${line}`);
        await page.screenshot({ path: path.join(ctx.resultsDir, `e2e-outlook-admin-${colorScheme}.png`), fullPage: true });
        await page.close();
      }
      if (problems.length) console.log(`    axe found:\n      ${problems.join("\n      ")}`);
      assert(problems.length === 0, `${problems.length} serious or critical accessibility violations`);
    },
  );
}
