// Checks of notification channels and maintenance windows on the dashboard, signed in with the
// admin token: a webhook channel pointed at a local receiver gets a signed test notification that
// the delivery log (and the API) show as delivered; a planned window shows the maintenance banner.
import http from "node:http";
import path from "node:path";
import { Webhook } from "standardwebhooks";
import { findFreePort } from "../../scripts/lib/free-port.mjs";
import { blockingViolations } from "./axe-checks.mjs";
import { assert, assertEqual } from "./harness.mjs";
import { createBusyHackathon } from "./seed-dashboard.mjs";

const LIVE = '[data-testid="connection-status"][data-status="open"]';
const WAIT = { timeout: 15_000 };

/** A tiny webhook receiver on a free loopback port that keeps every request it gets. */
async function startReceiver() {
  const port = await findFreePort();
  const received = [];
  const server = http.createServer((request, response) => {
    const chunks = [];
    request.on("data", (chunk) => chunks.push(chunk));
    request.on("end", () => {
      received.push({ method: request.method, url: request.url, headers: request.headers, body: Buffer.concat(chunks).toString("utf8") });
      response.writeHead(200, { "content-type": "text/plain" }).end("ok");
    });
  });
  await new Promise((resolve, reject) => server.once("error", reject).listen(port, "127.0.0.1", () => resolve(undefined)));
  return { url: `http://127.0.0.1:${port}/pitwall-hook`, received, close: () => new Promise((resolve) => server.close(resolve)) };
}

async function adminGet(ctx, apiPath) {
  const response = await fetch(`${ctx.server.url}${apiPath}`, { headers: { authorization: `Bearer ${ctx.server.adminToken}` } });
  assertEqual(response.status, 200, `GET ${apiPath}`);
  return response.json();
}

export function registerNotificationChecks(harness) {
  harness.check(
    "the admin adds a webhook channel, a test notification arrives signed and is logged as delivered, and a planned maintenance window shows its banner",
    async (ctx) => {
      const receiver = await startReceiver();
      // bypassCSP: axe is injected as an inline script, which the app's CSP blocks.
      const page = await ctx.browser.newPage({ viewport: { width: 1280, height: 1600 }, bypassCSP: true });
      try {
        const created = await createBusyHackathon(ctx, { name: "E2E Notifications Jam" });
        const id = created.hackathon.id;
        await page.goto(`${ctx.server.url}/h/${id}#token=${encodeURIComponent(ctx.server.adminToken)}`);
        await page.waitForSelector(LIVE, WAIT);

        const panel = page.getByTestId("notifications-panel");
        await panel.getByTestId("channel-form").waitFor(WAIT);
        await panel.getByLabel("Kind").selectOption("webhook");
        await panel.getByLabel("Name").fill("Local receiver");
        await panel.getByLabel("URL").fill(receiver.url);
        await panel.getByLabel("Minimum severity").selectOption("info");
        await panel.getByRole("button", { name: "Add channel" }).click();

        const secretBox = panel.getByTestId("channel-secret");
        await secretBox.waitFor(WAIT);
        assert((await secretBox.textContent())?.includes("Copy it now"), "the secret comes with a copy-it-now note");
        const secret = (await panel.getByTestId("channel-secret-value").textContent())?.trim() ?? "";
        assert(secret.startsWith("whsec_"), `a webhook signing secret is shown, got ${JSON.stringify(secret.slice(0, 6))}`);

        const channel = panel.locator('[data-testid^="channel-ch_"]', { hasText: "Local receiver" });
        await channel.waitFor(WAIT);
        const shownUrl = (await channel.getByTestId("channel-url").textContent())?.trim() ?? "";
        assert(
          shownUrl.startsWith(new URL(receiver.url).origin) && !shownUrl.includes("pitwall-hook"),
          `the channel shows its receiver's origin only, got ${shownUrl}`,
        );
        const channelId = (await channel.getAttribute("data-testid")).replace(/^channel-/, "");

        await channel.getByRole("button", { name: "Send test" }).click();
        const delivered = channel.locator('[data-testid="delivery-log"] tbody tr[data-status="delivered"]');
        await delivered.first().waitFor({ timeout: 30_000 });
        const cells = await delivered.first().locator("td").allTextContents();
        assertEqual(cells[1]?.trim(), "test", "the delivered entry is the test");
        assertEqual(cells[4]?.trim(), "200", "the logged response code");
        const deliveryId = (await delivered.first().getAttribute("data-testid")).replace(/^delivery-/, "");

        const request = receiver.received.find((r) => r.headers["webhook-id"] === deliveryId);
        assert(request, `the receiver got the test delivery ${deliveryId} (got ${receiver.received.length} requests)`);
        assertEqual(request.url, "/pitwall-hook", "the receiver's path");
        // The secret shown once in the UI is the one the request is signed with.
        new Webhook(secret).verify(request.body, request.headers);

        const { deliveries } = await adminGet(ctx, `/api/hackathons/${id}/channels/${channelId}/deliveries`);
        const logged = deliveries.find((d) => d.id === deliveryId);
        assertEqual(logged?.status, "delivered", "the API's status of the test delivery");
        assertEqual(logged?.kind, "test", "the API's kind of the delivery");
        assertEqual(logged?.response_code, 200, "the API's response code of the delivery");
        await panel.getByTestId("channel-secret-dismiss").click();
        await secretBox.waitFor({ state: "detached", ...WAIT });

        const maintenance = page.getByTestId("maintenance-panel");
        await maintenance.getByLabel("Title (public)").fill("Database upgrade");
        await maintenance.getByRole("button", { name: "Plan window" }).click();
        const banner = page.getByTestId("maintenance-banner");
        await banner.waitFor(WAIT);
        const bannerText = (await banner.textContent())?.replace(/\s+/g, " ").trim() ?? "";
        assert(/^Maintenance: Database upgrade until .+ — notifications are paused$/.test(bannerText), `banner text: ${bannerText}`);
        await maintenance.locator('tr[data-status="active"]', { hasText: "Database upgrade" }).waitFor(WAIT);
        const { maintenance: windows } = await adminGet(ctx, `/api/hackathons/${id}/maintenance`);
        assertEqual(windows.find((w) => w.title === "Database upgrade")?.status, "active", "the API's status of the planned window");

        // The budget alert of the seeded hackathon is now muted by the window.
        const muted = page.locator('[data-testid="alerts"] > li', { hasText: "Budget" }).first().getByTestId("alert-silenced");
        await muted.waitFor(WAIT);
        assertEqual(
          (await muted.textContent())?.replace(/\s+/g, " ").trim(),
          "Muted by maintenance: not notified",
          "the muted alert's note",
        );

        // The admin's forms, the delivery log and the banner, in both colour schemes.
        const problems = [];
        for (const colorScheme of ["light", "dark"]) {
          await page.emulateMedia({ colorScheme });
          for (const line of await blockingViolations(page)) problems.push(`[${colorScheme}] ${line}`);
          await page.screenshot({ path: path.join(ctx.resultsDir, `e2e-notifications-${colorScheme}.png`), fullPage: true });
        }
        if (problems.length) console.log(`    axe found:\n      ${problems.join("\n      ")}`);
        assert(problems.length === 0, `${problems.length} serious or critical accessibility violations on the admin dashboard`);
      } finally {
        await page.close();
        await receiver.close();
      }
    },
  );
}
