// Checks of the organiser's console in a real browser against the real Worker: a hackathon
// created through the form receives an event signed with the secret it showed; a budget edited
// in Settings turns the dashboard's outlook live; rotating shuts the old viewer link; silences
// are made and ended, also from an alert card; CSV exports download; axe finds nothing serious
// in light and dark.
import { readFile } from "node:fs/promises";
import path from "node:path";
import { randomBytes, randomUUID } from "node:crypto";
import { createWebhookSender } from "../../scripts/lib/webhook-client.mjs";
import { blockingViolations } from "./axe-checks.mjs";
import { createHackathon } from "./admin-api.mjs";
import { assert, assertEqual } from "./harness.mjs";
import { createBusyHackathon } from "./seed-dashboard.mjs";

const WAIT = { timeout: 15_000 };
const LIVE = '[data-testid="connection-status"][data-status="open"]';
const REFUSAL = "No hackathon here, or this token does not open it: it may have been rotated.";

const withToken = (ctx, pathname, token) => `${ctx.server.url}${pathname}#token=${encodeURIComponent(token)}`;
const settingsUrl = (ctx, id, token = ctx.server.adminToken) => withToken(ctx, `/h/${encodeURIComponent(id)}/settings`, token);
const textOf = async (page, testid) => ((await page.getByTestId(testid).textContent()) ?? "").trim();

/** A masked value of the one-time view, shown and read back. */
async function revealed(page, testid) {
  const row = page.getByTestId(testid).locator("xpath=..");
  await row.getByRole("button", { name: /^Show / }).click();
  const value = await page.getByTestId(testid).getAttribute("data-value");
  assert(value, `${testid} is shown`);
  return value;
}

/** Clicks a button that downloads a file and returns the file's text and name. */
async function downloaded(page, testid) {
  const [download] = await Promise.all([page.waitForEvent("download", WAIT), page.getByTestId(testid).click()]);
  const file = await download.path();
  return { name: download.suggestedFilename(), text: await readFile(file, "utf8") };
}

/** Waits until the series has reached D1 (the object flushes history every few seconds). */
async function waitForHistory(ctx, created, series) {
  const url = `${ctx.server.url}/api/hackathons/${created.hackathon.id}/history?series=${series}`;
  const deadline = Date.now() + WAIT.timeout;
  while (Date.now() < deadline) {
    const answer = await fetch(url, { headers: { authorization: `Bearer ${created.viewer_token}` } });
    if (answer.status === 200 && (await answer.json()).points.length > 0) return;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`${series} never reached the history`);
}

async function openSettings(ctx, id, options = {}) {
  const page = await ctx.browser.newPage({ viewport: { width: 1280, height: 1400 }, ...options });
  await page.goto(settingsUrl(ctx, id));
  await page.getByTestId("settings-title").waitFor(WAIT);
  return page;
}

export function registerConsoleChecks(harness) {
  harness.check(
    "console: a hackathon created through the form takes an event signed with the secret it showed, and its test event arrives [console]",
    async (ctx) => {
      const page = await ctx.browser.newPage({ viewport: { width: 1280, height: 1400 } });
      await page.goto(withToken(ctx, "/new", ctx.server.adminToken));
      await page.getByTestId("create-form").waitFor(WAIT);
      await page.waitForSelector('[data-testid="signed-in-who"][data-role="admin"]', WAIT);
      assertEqual(await textOf(page, "signed-in-name"), "admin token", "the header says who is acting, and with which credential");
      assert(!page.url().includes("token="), "the token leaves the address bar");

      // The form refuses what the API refuses, beside the field, and sends nothing.
      const name = `E2E Console ${randomBytes(3).toString("hex")}`;
      await page.getByTestId("create-name").fill(name);
      const id = await page.getByTestId("create-id").inputValue();
      assertEqual(id, name.toLowerCase().replaceAll(" ", "-"), "the id follows the name");
      await page.getByTestId("create-budget").fill("0");
      await page.getByTestId("create-submit").click();
      await page.getByTestId("field-error-budget.amount").waitFor(WAIT);
      assertEqual(await page.getByTestId("create-budget").getAttribute("aria-invalid"), "true", "the field is marked invalid");
      const before = await fetch(`${ctx.server.url}/api/hackathons/${id}`, {
        headers: { authorization: `Bearer ${ctx.server.adminToken}` },
      });
      assertEqual(before.status, 404, "nothing was created");

      await page.getByTestId("create-budget").fill("250");
      await page.getByTestId("create-submit").click();
      await page.getByTestId("credentials").waitFor(WAIT);
      await page.getByTestId("shown-once").waitFor(WAIT);
      const secret = await revealed(page, "webhook-secret");
      assert(secret.startsWith("whsec_"), "the webhook secret is shown");
      const eventsUrl = await textOf(page, "webhook-url-events");
      assertEqual(eventsUrl, `${ctx.server.url}/webhooks/${id}/events`, "the events URL");
      assert(!(await textOf(page, "setup-otlp-snippet")).includes("pwi_"), "the ingest token is masked in the snippet");
      await page.getByTestId("setup-otlp").getByRole("button", { name: "Show secrets" }).click();
      const snippet = await textOf(page, "setup-otlp-snippet");
      assert(snippet.includes(`OTEL_EXPORTER_OTLP_ENDPOINT=${ctx.server.url}/otlp/${id}`), `the OTLP setup, got ${snippet}`);
      assert(snippet.includes("Bearer%20pwi_"), "with the real ingest token");

      // An event signed with the secret the page showed is accepted, and shows arriving on the setup.
      const send = createWebhookSender({ url: ctx.server.url, hackathonId: id, webhookSecret: secret });
      const answer = await send({ id: `cost-${randomUUID()}`, type: "cost", ts: new Date().toISOString(), amount: 12.5 });
      assertEqual(answer.status, 200, `signed event answer (${JSON.stringify(answer.body)})`);
      assertEqual(answer.body.accepted, 1, "the event is accepted");
      await page.waitForFunction(
        () => /^Last event received/.test(document.querySelector('[data-testid="setup-pubsub-last-event"]')?.textContent?.trim() ?? ""),
        null,
        WAIT,
      );

      await page.getByTestId("test-event-github").click();
      await page.waitForSelector('[data-testid="test-event-github-result"][data-state="arrived"]', WAIT);
      const dashboard = await (
        await fetch(`${ctx.server.url}/api/hackathons/${id}/dashboard`, { headers: { authorization: `Bearer ${ctx.server.adminToken}` } })
      ).json();
      assertEqual(dashboard.cost_metrics.current_spend, 12.5, "the signed event counted; the test event moved no spend");
      assert(dashboard.metrics["pitwall.test"], "the test event is on the dashboard");
      await page.screenshot({ path: path.join(ctx.resultsDir, "e2e-console-created.png"), fullPage: true });
      await page.close();
    },
  );

  harness.check(
    "console: the budget edited in Settings turns the dashboard's outlook live, and the audit log says who [console]",
    async (ctx) => {
      const created = await createBusyHackathon(ctx, { name: "E2E Console Budget" });
      const id = created.hackathon.id;
      const dashboard = await ctx.browser.newPage({ viewport: { width: 1280, height: 1400 } });
      await dashboard.goto(withToken(ctx, `/h/${id}`, created.viewer_token));
      await dashboard.waitForSelector(LIVE, WAIT);
      await dashboard.getByTestId("outlook-money").waitFor(WAIT);
      assert(!/has run out/.test(await textOf(dashboard, "outlook-money")), "within budget at first (85 of 100)");
      await dashboard.waitForSelector('[data-testid="signed-in-who"][data-role="viewer"]', WAIT);
      assertEqual(await textOf(dashboard, "signed-in-name"), "viewer token", "the dashboard's header names the viewer token");

      const settings = await openSettings(ctx, id);
      assertEqual(await settings.getByTestId("settings-budget").inputValue(), "100", "the stored budget");
      // A bad value is refused beside its field, and nothing is saved.
      await settings.getByTestId("settings-budget_warning").fill("180");
      await settings.getByTestId("settings-save").click();
      await settings.getByTestId("field-error-thresholds.budget_warning").waitFor(WAIT);
      await settings.getByTestId("settings-budget_warning").fill("80");
      await settings.getByTestId("settings-budget").fill("50");
      await settings.getByTestId("settings-save").click();
      await settings.waitForFunction(
        () => document.querySelector('[data-testid="settings-saved"]')?.textContent?.includes("budget"),
        null,
        WAIT,
      );
      const saved = (await settings.getByTestId("settings-saved").textContent()) ?? "";
      assert(!saved.includes("thresholds"), `only the changed field is sent (${saved})`);

      await dashboard.waitForFunction(
        () =>
          /^Money has run out — €35\.00 over budget now/.test(
            document.querySelector('[data-testid="outlook-money"]')?.textContent?.trim() ?? "",
          ),
        null,
        WAIT,
      );
      await settings.getByTestId("audit-refresh").click();
      await settings.locator('[data-testid="audit-entry"][data-action="hackathon.update"]', { hasText: "budget" }).first().waitFor(WAIT);
      const by = await settings
        .locator('[data-testid="audit-entry"][data-action="hackathon.update"] [data-testid="audit-by"]')
        .first()
        .textContent();
      assertEqual(by, "admin token", "the change says who made it");
      await dashboard.close();
      await settings.close();
    },
  );

  harness.check(
    "console: rotating from Settings shuts the old viewer link at once and the new one opens the dashboard [console]",
    async (ctx) => {
      const created = await createHackathon({
        url: ctx.server.url,
        adminToken: ctx.server.adminToken,
        overrides: { name: "E2E Console Rotate" },
      });
      const id = created.hackathon.id;
      const wall = await ctx.browser.newPage();
      await wall.goto(withToken(ctx, `/h/${id}`, created.viewer_token));
      await wall.waitForSelector(LIVE, WAIT);

      const settings = await openSettings(ctx, id);
      assert(await settings.getByTestId("rotate-submit").isDisabled(), "rotating needs the warning acknowledged");
      await settings.getByTestId("rotate-confirm").check();
      await settings.getByTestId("rotate-submit").click();
      await settings.getByTestId("credentials").waitFor(WAIT);
      const newLink = await revealed(settings, "viewer-link");
      assert(!newLink.includes(encodeURIComponent(created.viewer_token)), "a new viewer link");

      const problem = wall.getByTestId("token-problem");
      await problem.waitFor(WAIT);
      assert(((await problem.textContent()) ?? "").includes(REFUSAL), "the old link's dashboard says it no longer opens");
      const old = await fetch(`${ctx.server.url}/api/hackathons/${id}/dashboard`, {
        headers: { authorization: `Bearer ${created.viewer_token}` },
      });
      assertEqual(old.status, 404, "the old viewer token opens nothing");

      const fresh = await ctx.browser.newPage();
      await fresh.goto(newLink);
      await fresh.waitForSelector(LIVE, WAIT);
      await wall.close();
      await fresh.close();
      await settings.close();
    },
  );

  harness.check(
    "console: silences are made and ended in Settings; CSV of history, alerts and the RCA log download for a range [console]",
    async (ctx) => {
      const created = await createBusyHackathon(ctx, { name: "E2E Console Export" });
      const id = created.hackathon.id;
      const page = await openSettings(ctx, id);

      await page.getByTestId("silence-new").click();
      await page.getByTestId("silence-dialog").waitFor(WAIT);
      await page.getByTestId("silence-submit").click();
      await page.getByTestId("silence-errors").waitFor(WAIT);
      await page.getByTestId("silence-type").selectOption("budget");
      await page.getByTestId("silence-reason").fill("Known overspend while we move regions");
      await page.getByTestId(`silence-for-${4 * 3_600_000}`).check();
      await page.getByTestId("silence-submit").click();
      const row = page.locator('[data-testid^="silence-silence-"]').first();
      await row.waitFor(WAIT);
      assertEqual(await row.getAttribute("data-status"), "active", "the silence is active");
      const until = Date.parse((await row.locator("time").getAttribute("datetime")) ?? "");
      assert(Math.abs(until - (Date.now() + 4 * 3_600_000)) < 120_000, "it lasts the preset's four hours");
      await row.getByTestId("silence-end").click();
      await page.waitForSelector('[data-testid^="silence-silence-"][data-status="expired"]', WAIT);

      await waitForHistory(ctx, created, "cost.spend");
      await page.getByRole("button", { name: "Whole hackathon" }).click();
      const alerts = await downloaded(page, "export-alerts");
      assert(alerts.name.startsWith(`${id}-alerts-`) && alerts.name.endsWith(".csv"), `alerts file name ${alerts.name}`);
      const [header, ...rows] = alerts.text.trim().split("\r\n");
      assert(header?.startsWith("id,type,severity,status,series,description"), `alerts header, got ${header}`);
      assert(
        rows.some((line) => line.includes(",budget,")),
        `the budget alert is exported (${alerts.text})`,
      );

      const history = await downloaded(page, "export-history");
      const historyLines = history.text.trim().split("\r\n");
      assertEqual(historyLines[0], "ts,value", "history header");
      assert(historyLines.length >= 2, `history rows (${history.text})`);

      const rca = await downloaded(page, "export-rca");
      assert(rca.text.startsWith("id,at,source,kind,cause,summary,detail\r\n"), `RCA header, got ${rca.text.slice(0, 80)}`);
      await page.close();
    },
  );

  harness.check(
    "console: an operator silences an open alert from its card for an hour, and the card shows it silenced live [console]",
    async (ctx) => {
      // 85 of a 100 budget: past the 80% warning level, so a budget alert is open.
      const created = await createBusyHackathon(ctx, { name: "E2E Console Silence" });
      const id = created.hackathon.id;
      const page = await ctx.browser.newPage({ viewport: { width: 1280, height: 1400 } });
      await page.goto(withToken(ctx, `/h/${id}`, created.operator_token));
      await page.waitForSelector(LIVE, WAIT);
      const card = page.locator('[data-testid="alerts"] > li', { hasText: "budget" }).first();
      await card.waitFor(WAIT);
      assertEqual(await card.getByTestId("alert-silenced").count(), 0, "not silenced at first");

      await card.getByTestId("alert-silence").click();
      await page.getByTestId("silence-dialog").waitFor(WAIT);
      assertEqual(await page.getByTestId("silence-type").inputValue(), "budget", "the matcher is the alert's type");
      await page.getByTestId(`silence-for-${3_600_000}`).check();
      await page.getByTestId("silence-submit").click();
      await page.getByTestId("silence-dialog").waitFor({ state: "detached", ...WAIT });

      // Nothing but the live channel tells the card: the page does not reload the alert.
      await card.getByTestId("alert-silenced").waitFor(WAIT);
      const shown = ((await card.getByTestId("alert-silenced").textContent()) ?? "").replace(/\s+/g, " ").trim();
      const answer = await fetch(`${ctx.server.url}/api/hackathons/${id}/silences`, {
        headers: { authorization: `Bearer ${created.viewer_token}` },
      });
      const [silence] = (await answer.json()).silences;
      assertEqual(shown, `Silenced (${silence?.id}): not notified`, "the card names the silence");
      assertEqual(silence.by, "operator token", "the silence says who made it");
      assertEqual(silence.matchers.type, "budget", "it matches the alert's type");
      assert(Math.abs(Date.parse(silence.ends_at) - (Date.now() + 3_600_000)) < 120_000, "it lasts the chosen hour");
      await page.close();
    },
  );

  harness.check("console: axe finds nothing serious on the new views, light and dark [console]", async (ctx) => {
    const created = await createBusyHackathon(ctx, { name: "E2E Console Axe" });
    const id = created.hackathon.id;
    const problems = [];
    for (const colorScheme of ["light", "dark"]) {
      // bypassCSP: axe is injected as an inline script.
      const options = { viewport: { width: 1280, height: 1400 }, colorScheme, bypassCSP: true };
      const audit = async (page, name) => {
        await page.waitForTimeout(300);
        for (const line of await blockingViolations(page)) problems.push(`[${name}, ${colorScheme}] ${line}`);
        await page.screenshot({ path: path.join(ctx.resultsDir, `e2e-axe-console-${name}-${colorScheme}.png`), fullPage: true });
      };
      const form = await ctx.browser.newPage(options);
      await form.goto(withToken(ctx, "/new", ctx.server.adminToken));
      await form.getByTestId("create-form").waitFor(WAIT);
      await form.getByTestId("create-submit").click();
      await form.getByTestId("create-errors").waitFor(WAIT);
      await audit(form, "new-with-errors");
      await form.getByTestId("create-name").fill(`E2E Console Axe ${colorScheme} ${randomBytes(2).toString("hex")}`);
      await form.getByTestId("create-submit").click();
      await form.getByTestId("credentials").waitFor(WAIT);
      await form.waitForFunction(
        () => !document.querySelector('[data-testid="setup-events-last-event"]')?.textContent?.includes("Checking"),
        null,
        WAIT,
      );
      await audit(form, "created");
      await form.close();

      const settings = await openSettings(ctx, id, options);
      await settings.getByTestId("audit-entries").waitFor(WAIT);
      await settings.getByTestId("poll-cost-edit").click();
      await settings.getByTestId("poll-cost-kind").selectOption("openai-usage");
      await audit(settings, "settings");
      await settings.getByTestId("silence-new").click();
      await settings.getByTestId("silence-dialog").waitFor(WAIT);
      await audit(settings, "silence-dialog");
      await settings.close();
    }
    if (problems.length) console.log(`    axe found:\n      ${problems.join("\n      ")}`);
    assert(problems.length === 0, `${problems.length} serious or critical accessibility violations`);
  });
}
