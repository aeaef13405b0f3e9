// Security headers of every page a browser loads: the SvelteKit app (static assets with
// web/static/_headers, and a <meta> CSP from web/svelte.config.js) and the Worker-rendered
// status page. Then the dashboard boots in chromium under that policy without a violation.
import { createHackathon } from "./admin-api.mjs";
import { assert, assertEqual } from "./harness.mjs";

/** A top-level navigation as a browser sends it (static assets answer it without the Worker). */
const navigate = (url) => fetch(url, { headers: { accept: "text/html", "sec-fetch-mode": "navigate", "sec-fetch-dest": "document" } });

/** The directives of one CSP, by name. */
function directives(policy) {
  return new Map(
    policy
      .split(";")
      .map((part) => part.trim().split(/\s+/))
      .filter((words) => words[0])
      .map(([name, ...values]) => [name.toLowerCase(), values]),
  );
}

/** frame-ancestors, Referrer-Policy and nosniff as headers: a <meta> cannot carry them. */
function assertPageHeaders(response, what) {
  const headers = response.headers;
  const policy = directives(headers.get("content-security-policy") ?? "");
  assertEqual(policy.get("frame-ancestors")?.join(" "), "'none'", `${what}: frame-ancestors`);
  assert(headers.get("referrer-policy"), `${what}: no Referrer-Policy`);
  assertEqual(headers.get("x-content-type-options"), "nosniff", `${what}: X-Content-Type-Options`);
}

/** The page's script policy, from the header or the <meta>: no inline script unless hashed. */
function assertNoInlineScripts(policyText, what) {
  const policy = directives(policyText);
  const scripts = policy.get("script-src") ?? policy.get("default-src");
  assert(scripts, `${what}: no script-src in ${policyText}`);
  assert(
    !scripts.includes("'unsafe-inline'") && !scripts.includes("'unsafe-eval'"),
    `${what}: script-src allows inline code: ${policyText}`,
  );
}

/**
 * Collects every CSP violation of a browser context's pages. The `securitypolicyviolation`
 * event is the reliable signal: a blocked `eval`/`new Function` that the page catches (zod's
 * probe for code generation did) fires it without any console message.
 */
async function watchCspViolations(context) {
  const violations = [];
  await context.exposeFunction("__pitwallCspViolation", (text) => violations.push(text));
  await context.addInitScript(() => {
    document.addEventListener("securitypolicyviolation", (event) =>
      window.__pitwallCspViolation(
        `${location.pathname}: ${event.violatedDirective} blocked ${event.blockedURI || "(inline)"} at ${event.sourceFile}:${event.lineNumber}`,
      ),
    );
  });
  context.on("console", (message) => {
    if (/Content Security Policy/i.test(message.text())) violations.push(message.text());
  });
  context.on("weberror", (error) => violations.push(`page error: ${error.error().message}`));
  return violations;
}

const metaPolicy = (html) => html.match(/<meta http-equiv="content-security-policy" content="([^"]+)"/i)?.[1] ?? "";

export function registerSecurityHeaderChecks(harness) {
  harness.check(
    "security headers: every page sends frame-ancestors 'none', a referrer policy and nosniff, and allows no inline script",
    async (ctx) => {
      const created = await createHackathon({ url: ctx.server.url, adminToken: ctx.server.adminToken, overrides: { public: true } });
      for (const path of ["/", "/h/x", `/h/${created.hackathon.id}`]) {
        const response = await navigate(`${ctx.server.url}${path}`);
        assertEqual(response.status, 200, `${path} answer`);
        assertPageHeaders(response, path);
        assertNoInlineScripts(metaPolicy(await response.text()), `${path} <meta> CSP`);
      }
      // The rules file configures the asset server; it is not itself a page to serve.
      const rules = await (await fetch(`${ctx.server.url}/_headers`)).text();
      assert(!rules.includes("frame-ancestors 'none'\n"), "web/static/_headers is served as a file");
      const status = await navigate(`${ctx.server.url}/status/${created.hackathon.id}`);
      assertEqual(status.status, 200, "status page answer");
      assertPageHeaders(status, "/status/:id");
      assertNoInlineScripts(status.headers.get("content-security-policy"), "/status/:id");
      // The badge is embedded as an image, never framed: it only needs nosniff.
      const badge = await fetch(`${ctx.server.url}/status/${created.hackathon.id}/badge.svg`);
      assertEqual(badge.status, 200, "badge answer");
      assertEqual(badge.headers.get("x-content-type-options"), "nosniff", "badge nosniff");
    },
  );

  harness.check("security headers: the overview, a dashboard and the status page load with no CSP violation reported", async (ctx) => {
    const created = await createHackathon({ url: ctx.server.url, adminToken: ctx.server.adminToken, overrides: { public: true } });
    const context = await ctx.browser.newContext();
    try {
      const violations = await watchCspViolations(context);
      const page = await context.newPage();
      await page.goto(`${ctx.server.url}/#token=${encodeURIComponent(ctx.server.adminToken)}`);
      await page.waitForSelector(`[data-testid="hackathon-row-${created.hackathon.id}"]`, { timeout: 10_000 });
      await page.goto(`${ctx.server.url}/h/${created.hackathon.id}#token=${encodeURIComponent(created.viewer_token)}`);
      // Open means the app booted, fetched its data and opened the live socket, all under connect-src.
      await page.waitForSelector('[data-testid="connection-status"][data-status="open"]', { timeout: 15_000 });
      assert(await page.locator('[data-testid="current-spend"]').isVisible(), "the dashboard rendered its spend");
      await page.goto(`${ctx.server.url}/status/${created.hackathon.id}`);
      // Shown by the page's script once it has polled: the script ran and fetched under the policy.
      await page.locator('[data-field="live"]').waitFor({ state: "visible", timeout: 10_000 });
      assertEqual(violations.length, 0, `CSP violations: ${violations.join(" | ")}`);
    } finally {
      await context.close();
    }
  });
}
