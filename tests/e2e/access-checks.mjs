// Checks of sign-in through Cloudflare Access in a real browser: the page carries only Access's
// CF_Authorization cookie (no token anywhere), as it does behind Access. The Worker verifies it
// against the stand-in team's keys (access-team.mjs); its writes go through the CSRF and Origin
// checks a real browser meets.
import { randomBytes } from "node:crypto";
import path from "node:path";
import { createHackathon } from "./admin-api.mjs";
import { blockingViolations } from "./axe-checks.mjs";
import { ORGANISER } from "./access-team.mjs";
import { assertEqual } from "./harness.mjs";

const WAIT = { timeout: 15_000 };
const LIVE = '[data-testid="connection-status"][data-status="open"]';
const OPERATOR = "ops@e2e.test";

/**
 * A browser page signed in as `email`: Access's cookie, and nothing in storage.
 * @param {number} [lifetimeSeconds] how long the Access token is valid (an hour by default)
 */
async function signedInPage(ctx, email, lifetimeSeconds) {
  // bypassCSP: axe is injected as an inline script.
  const context = await ctx.browser.newContext({ viewport: { width: 1280, height: 1200 }, bypassCSP: true });
  const jwt = await ctx.access.sign(email, lifetimeSeconds);
  await context.addCookies([{ name: "CF_Authorization", value: jwt, url: ctx.server.url, httpOnly: true }]);
  return context.newPage();
}

const asAdmin = (ctx, pathname, init = {}) =>
  fetch(`${ctx.server.url}${pathname}`, {
    ...init,
    headers: { authorization: `Bearer ${ctx.server.adminToken}`, "content-type": "application/json", ...init.headers },
  });

async function auditOf(ctx, id) {
  const answer = await asAdmin(ctx, `/api/hackathons/${id}/audit`);
  assertEqual(answer.status, 200, "the audit log answers the admin");
  return (await answer.json()).entries;
}

const textOf = async (page, testid) => ((await page.getByTestId(testid).first().textContent()) ?? "").trim();

export function registerAccessChecks(harness) {
  harness.check(
    "sign-in: a member signed in through Access sees only their hackathon, silences as its operator, and is shut out live when removed [access]",
    async (ctx) => {
      const theirs = await createHackathon({
        url: ctx.server.url,
        adminToken: ctx.server.adminToken,
        overrides: { members: { [OPERATOR]: "operator" } },
      });
      const other = await createHackathon({ url: ctx.server.url, adminToken: ctx.server.adminToken });
      const id = theirs.hackathon.id;
      const page = await signedInPage(ctx, OPERATOR);

      await page.goto(`${ctx.server.url}/`);
      await page.waitForSelector(`[data-testid="hackathon-row-${id}"]`, WAIT);
      assertEqual(
        await page.locator(`[data-testid="hackathon-row-${other.hackathon.id}"]`).count(),
        0,
        "a hackathon they are no member of is not listed",
      );
      assertEqual(await textOf(page, "signed-in-name"), OPERATOR, "the header names the person");

      await page.goto(`${ctx.server.url}/h/${id}/settings`);
      await page.waitForSelector('[data-testid="signed-in-who"][data-role="operator"]', WAIT);
      await page.getByTestId("silence-new").click();
      await page.getByTestId("silence-dialog").waitFor(WAIT);
      await page.getByTestId("silence-type").selectOption("budget");
      await page.getByTestId("silence-reason").fill("Signed in through Access");
      await page.getByTestId(`silence-for-${3_600_000}`).check();
      await page.getByTestId("silence-submit").click();
      await page.waitForSelector('[data-testid^="silence-silence-"][data-status="active"]', WAIT);
      const [made] = (await auditOf(ctx, id)).filter((entry) => entry.action === "silence.create");
      assertEqual(made?.by, OPERATOR, "the silence made with the cookie alone is recorded as the person's");

      await page.goto(`${ctx.server.url}/h/${id}`);
      await page.waitForSelector(LIVE, WAIT);
      const removed = await asAdmin(ctx, `/api/hackathons/${id}`, { method: "PATCH", body: JSON.stringify({ members: {} }) });
      assertEqual(removed.status, 200, "the admin removes the member");
      // The socket closes ("membership changed") and the page says it opens nothing any more.
      await page.waitForSelector('[data-testid="token-form"] [role="alert"]', WAIT);

      await page.goto(`${ctx.server.url}/h/${other.hackathon.id}`);
      await page.waitForSelector('[data-testid="token-form"]', WAIT);
      assertEqual(await page.locator('[data-testid="connection-status"]').count(), 0, "no dashboard of a hackathon they are no member of");
      await page.context().close();
    },
  );

  harness.check(
    "sign-in: a person's live dashboard ends when their Access token expires, keeps its figures and offers to sign in again [access]",
    async (ctx) => {
      const theirs = await createHackathon({
        url: ctx.server.url,
        adminToken: ctx.server.adminToken,
        overrides: { members: { [OPERATOR]: "viewer" } },
      });
      const page = await signedInPage(ctx, OPERATOR, 8);
      await page.goto(`${ctx.server.url}/h/${theirs.hackathon.id}`);
      await page.waitForSelector(LIVE, WAIT);
      // The hackathon's object closes the socket at its alarm for the token's exp, 8 s after signing.
      await page.waitForSelector('[data-testid="connection-status"][data-status="expired"]', { timeout: 30_000 });
      await page.getByTestId("hackathon-name").waitFor(WAIT);
      await page.getByTestId("sign-in-again").waitFor(WAIT);
      await page.screenshot({ path: path.join(ctx.resultsDir, "e2e-access-expired.png") });
      for (const colorScheme of /** @type {const} */ (["light", "dark"])) {
        await page.emulateMedia({ colorScheme });
        const problems = await blockingViolations(page);
        assertEqual(problems.join("\n"), "", `axe on the expired dashboard, ${colorScheme}`);
      }
      await page.context().close();
    },
  );

  harness.check(
    "sign-in: an admin from ACCESS_ADMIN_EMAILS creates a hackathon through the form, and the log names them [access]",
    async (ctx) => {
      const page = await signedInPage(ctx, ORGANISER);
      await page.goto(`${ctx.server.url}/new`);
      await page.getByTestId("create-form").waitFor(WAIT);
      await page.waitForSelector('[data-testid="signed-in-who"][data-role="admin"]', WAIT);
      assertEqual(await textOf(page, "signed-in-name"), ORGANISER, "the header names the organiser");
      const name = `E2E Access ${randomBytes(3).toString("hex")}`;
      await page.getByTestId("create-name").fill(name);
      const id = await page.getByTestId("create-id").inputValue();
      await page.getByTestId("create-budget").fill("300");
      await page.getByTestId("create-submit").click();
      await page.getByTestId("credentials").waitFor(WAIT);
      const stored = await asAdmin(ctx, `/api/hackathons/${id}`);
      assertEqual(stored.status, 200, "the hackathon exists");
      assertEqual((await stored.json()).budget.amount, 300, "with the budget typed in");
      const [created] = (await auditOf(ctx, id)).filter((entry) => entry.action === "hackathon.create");
      assertEqual(created?.by, ORGANISER, "created by the signed-in organiser");
      await page.context().close();
    },
  );
}
