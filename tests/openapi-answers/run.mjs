// Real answers against the OpenAPI document: starts the Worker (bundled as for a deploy, served by
// Miniflare on loopback), sends every request of cases.mjs, and checks each answer against
// /api/openapi.json with Ajv (document-check.mjs). Fails when an answer's status, media type or
// body is not what the document says, when a schema of the document does not compile under
// Ajv's strict mode, or when a documented operation got no successful answer from any case.
// Runs in Node, not workerd: Ajv generates code, which workerd forbids.
// Run with `node tests/openapi-answers/run.mjs`; `npm test` runs it after vitest.
import { randomBytes } from "node:crypto";
import { fileURLToPath } from "node:url";
import { descendantPids, startMiniflareHost } from "../../bench/lib/miniflare-host.mjs";
import { ensureWebBuild } from "../../scripts/lib/web-build.mjs";
import { CASES } from "./cases.mjs";
import { createDocumentCheck } from "./document-check.mjs";

const CONFIG = fileURLToPath(new URL("../../wrangler.toml", import.meta.url));
const UNTIL_TIMEOUT_MS = 10_000;
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
const resolveField = (value, ctx) => (typeof value === "function" ? value(ctx) : value);

/**
 * fetch, sent again once when the pooled connection it went out on was already closed: a row
 * that gets an early 413 leaves its connection to be closed by the server while the client
 * still holds it for reuse, and the next request on it fails before reaching the Worker.
 * @param {string} target @param {RequestInit} init
 */
async function fetchOnLiveConnection(target, init) {
  try {
    return await fetch(target, init);
  } catch (error) {
    // undici reports a dead connection as "fetch failed" (its cause: a socket error).
    if (!(error instanceof TypeError) || error.message !== "fetch failed") throw error;
    return fetch(target, init);
  }
}

/** The context cases read and write: server, tokens, what earlier cases created. */
function createContext(url, adminToken) {
  let counter = 0;
  return {
    url,
    adminToken,
    h: null,
    id: (prefix) => `${prefix}-${randomBytes(3).toString("hex")}${++counter}`,
    /** fetch, answering `{ status, contentType, text }`; a stream's body is not waited for. */
    async fetch(path, init = {}) {
      const response = await fetchOnLiveConnection(`${url}${path}`, { ...init, redirect: "manual" });
      const contentType = response.headers.get("content-type");
      if (contentType?.startsWith("text/event-stream")) {
        await response.body?.cancel();
        return { status: response.status, contentType, text: "" };
      }
      return { status: response.status, contentType, text: await response.text() };
    },
  };
}

function tokenFor(ctx, as) {
  if (!as) return null;
  if (as === "admin") return ctx.adminToken;
  const token = ctx.h?.[`${as}_token`];
  if (!token) throw new Error(`no ${as}_token in the create answer`);
  return token;
}

/** Sends one row's request and answers `{ path, answer, body }` (body: parsed JSON or null). */
async function send(row, ctx) {
  const path = resolveField(row.path, ctx);
  let answer;
  if (row.send) {
    answer = await row.send(ctx);
  } else {
    const token = tokenFor(ctx, row.as);
    const json = resolveField(row.json, ctx);
    const headers = {
      ...(json !== undefined ? { "content-type": "application/json" } : {}),
      ...row.headers,
      ...(token ? { authorization: `Bearer ${token}` } : {}),
    };
    const body = json !== undefined ? JSON.stringify(json) : resolveField(row.body, ctx);
    answer = await ctx.fetch(path, { method: row.method, headers, body });
  }
  let body = null;
  try {
    body = answer.text ? JSON.parse(answer.text) : null;
  } catch {}
  return { path, answer, body };
}

async function runRow(row, ctx, check) {
  const deadline = Date.now() + UNTIL_TIMEOUT_MS;
  let sent = await send(row, ctx);
  while (row.until && sent.answer.status === row.expect && !row.until(sent.body) && Date.now() < deadline) {
    await sleep(200);
    sent = await send(row, ctx);
  }
  const { path, answer, body } = sent;
  const { operation, problems } = check.check(row.method, path.split("?")[0], answer);
  if (answer.status !== row.expect) problems.unshift(`expected ${row.expect}, got ${answer.status}: ${answer.text.slice(0, 300)}`);
  else if (row.mediaType && (answer.contentType ?? "").split(";")[0].trim().toLowerCase() !== row.mediaType)
    problems.unshift(`expected ${row.mediaType}, got ${answer.contentType}`);
  else if (row.until && !row.until(body)) problems.unshift(`the answer never met the row's condition within ${UNTIL_TIMEOUT_MS / 1000} s`);
  // The state is there whenever the status is, even if the document describes it wrongly.
  if (answer.status === row.expect && (!row.until || row.until(body))) row.keep?.(ctx, body);
  return { operation, status: answer.status, problems };
}

async function main() {
  const adminToken = `openapi-${randomBytes(16).toString("hex")}`;
  // Bundling reads wrangler.toml, whose [assets] directory must exist (no asset is served here).
  await ensureWebBuild({ log: () => {} });
  console.log("Starting the Worker (Miniflare)…");
  const host = await startMiniflareHost({ configFile: CONFIG, secrets: { ADMIN_TOKEN: adminToken, ALLOW_LOOPBACK_OUTBOUND: "1" } });
  let passed = 0;
  let failed = 0;
  const fail = (name, problems) => {
    failed += 1;
    console.log(`  ✗ ${name}\n    ${problems.join("\n    ")}`);
  };
  try {
    const ctx = createContext(host.url, adminToken);
    const document = JSON.parse((await ctx.fetch("/api/openapi.json")).text);
    const check = createDocumentCheck(document);

    const schemaProblems = check.schemaProblems();
    if (schemaProblems.length > 0) fail("every schema of the document compiles under Ajv's strict mode", schemaProblems);
    else {
      passed += 1;
      console.log("  ✓ every schema of the document compiles under Ajv's strict mode");
    }

    const answered = new Set();
    for (const row of CASES) {
      const label = `${row.method} ${row.name} → ${row.expect}`;
      // Without the hackathon every later row would only echo that one failure.
      if (!ctx.h && CASES.indexOf(row) > CASES.findIndex((r) => r.path === "/api/hackathons" && r.expect === 201)) {
        fail(label, ["skipped: the hackathon could not be created"]);
        continue;
      }
      try {
        const { operation, status, problems } = await runRow(row, ctx, check);
        if (problems.length > 0) {
          fail(label, problems);
          continue;
        }
        if (operation && (status < 300 || status === 101)) answered.add(operation);
        passed += 1;
        console.log(`  ✓ ${label}`);
      } catch (error) {
        fail(label, [error instanceof TypeError ? String(error.stack) : String(error?.message ?? error)]);
      }
    }

    const documented = Object.entries(document.paths).flatMap(([path, methods]) =>
      Object.keys(methods).map((method) => `${method.toUpperCase()} ${path}`),
    );
    const unanswered = documented.filter((op) => !answered.has(op));
    if (unanswered.length > 0)
      fail(
        "every documented operation got a successful answer from some row of cases.mjs",
        unanswered.map((op) => `no row got a 2xx from ${op}: add one`),
      );
    else {
      passed += 1;
      console.log("  ✓ every documented operation got a successful answer from some row of cases.mjs");
    }
  } finally {
    await host.stop();
    // Seen once or twice: a workerd outliving Miniflare's dispose. Only this run's own children.
    for (const pid of descendantPids(process.pid, "workerd")) process.kill(pid, "SIGKILL");
  }
  return { passed, failed };
}

const started = Date.now();
let result;
try {
  result = await main();
} catch (error) {
  console.log(`  ✗ setup failed\n    ${String(error?.stack ?? error).replace(/\n/g, "\n    ")}`);
  result = { passed: 0, failed: 1 };
}
console.log(`OpenAPI answers: ${result.passed} passed, ${result.failed} failed (${((Date.now() - started) / 1000).toFixed(1)} s)`);
process.exit(result.failed > 0 ? 1 : 0);
