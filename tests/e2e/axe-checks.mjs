// Accessibility checks with axe-core on the overview, a dashboard with data and an open alert,
// and the public status page, in light and dark colour schemes. Serious and critical findings fail.
import path from "node:path";
import { fileURLToPath } from "node:url";
import { assert } from "./harness.mjs";
import { createBusyHackathon } from "./seed-dashboard.mjs";

const AXE = fileURLToPath(new URL("../../node_modules/axe-core/axe.min.js", import.meta.url));
const WAIT = { timeout: 15_000 };
const BLOCKING = new Set(["serious", "critical"]);

/** Runs axe on the page as it is and returns the blocking violations, one line each. */
export async function blockingViolations(page) {
  await page.addScriptTag({ path: AXE });
  const violations = await page.evaluate(async () => {
    const result = await window.axe.run(document, { resultTypes: ["violations"] });
    return result.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      nodes: v.nodes.slice(0, 5).map((n) => `${n.target.join(" ")} (${(n.failureSummary ?? "").replace(/\s+/g, " ").trim()})`),
    }));
  });
  return violations.filter((v) => BLOCKING.has(v.impact)).map((v) => `${v.impact} ${v.id}: ${v.help} — ${v.nodes.join(" | ")}`);
}

async function checkPage(ctx, { name, url, ready }) {
  const problems = [];
  for (const colorScheme of ["light", "dark"]) {
    // bypassCSP: axe is injected as an inline script, which the status page's CSP (script-src 'self') blocks.
    const page = await ctx.browser.newPage({ viewport: { width: 1280, height: 1400 }, colorScheme, bypassCSP: true });
    try {
      await page.goto(url);
      await ready(page);
      // Let charts draw and live updates settle so axe sees the page as a person would.
      await page.waitForTimeout(500);
      for (const line of await blockingViolations(page)) problems.push(`[${name}, ${colorScheme}] ${line}`);
      await page.screenshot({ path: path.join(ctx.resultsDir, `e2e-axe-${name}-${colorScheme}.png`), fullPage: true });
    } finally {
      await page.close();
    }
  }
  if (problems.length) console.log(`    axe found:\n      ${problems.join("\n      ")}`);
  assert(problems.length === 0, `${problems.length} serious or critical accessibility violations on ${name}`);
}

export function registerAxeChecks(harness) {
  harness.check("axe finds nothing serious or critical on the overview, a busy dashboard and the status page", async (ctx) => {
    const created = await createBusyHackathon(ctx, { name: "E2E Axe Jam", public: true });
    const id = created.hackathon.id;
    const base = ctx.server.url;

    await checkPage(ctx, {
      name: "overview",
      url: `${base}/#token=${encodeURIComponent(ctx.server.adminToken)}`,
      ready: (page) => page.waitForSelector(`[data-testid="hackathon-row-${id}"]`, WAIT),
    });
    await checkPage(ctx, {
      name: "dashboard",
      url: `${base}/h/${id}#token=${encodeURIComponent(created.viewer_token)}`,
      ready: async (page) => {
        await page.waitForSelector('[data-testid="connection-status"][data-status="open"]', WAIT);
        await page.locator('[data-testid="alerts"] > li', { hasText: "Budget" }).first().waitFor(WAIT);
        await page.waitForSelector('[data-testid="critical-path-gaps"]', WAIT);
      },
    });
    await checkPage(ctx, {
      name: "sign-in",
      url: `${base}/h/${id}#token=not-a-token`,
      ready: (page) => page.waitForSelector('[data-testid="token-form"] [role="alert"]', WAIT),
    });

    const status = await fetch(`${base}/status/${id}`);
    if (status.status === 200 && (status.headers.get("content-type") ?? "").includes("text/html")) {
      await checkPage(ctx, { name: "status", url: `${base}/status/${id}`, ready: (page) => page.waitForLoadState("load") });
    } else {
      console.log(`    (status page skipped: GET /status/:id answered ${status.status})`);
    }
  });
}
