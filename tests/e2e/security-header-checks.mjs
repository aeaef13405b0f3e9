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
  assert(!scripts.includes("'unsafe-inline'") && !scripts.includes("'unsafe-eval'"), `${what}: script-src allows inline code: ${policyText}`);
}

const metaPolicy = (html) => html.match(/<meta http-equiv="content-security-policy" content="([^"]+)"/i)?.[1] ?? "";

export function registerSecurityHeaderChecks(harness) {
  harness.check("security headers: every page sends frame-ancestors 'none', a referrer policy and nosniff, and allows no inline script", async (ctx) => {
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
  });

  harness.check("security headers: the dashboard boots under its CSP with no violation reported", async (ctx) => {
    const created = await createHackathon({ url: ctx.server.url, adminToken: ctx.server.adminToken });
    const context = await ctx.browser.newContext();
    const violations = [];
    try {
      const page = await context.newPage();
      page.on("console", (message) => {
        if (/Content Security Policy/i.test(message.text())) violations.push(message.text());
      });
      page.on("pageerror", (error) => violations.push(`page error: ${error.message}`));
      await page.goto(`${ctx.server.url}/h/${created.hackathon.id}#token=${encodeURIComponent(created.viewer_token)}`);
      // Open means the app booted, fetched its data and opened the live socket, all under connect-src.
      await page.waitForSelector('[data-testid="connection-status"][data-status="open"]', { timeout: 15_000 });
      assert(await page.locator('[data-testid="current-spend"]').isVisible(), "the dashboard rendered its spend");
      assertEqual(violations.length, 0, `CSP violations: ${violations.join(" | ")}`);
    } finally {
      await context.close();
    }
  });
}
