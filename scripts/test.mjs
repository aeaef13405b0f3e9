// `npm test`: type checks (worker and web), the layering check, the vitest projects (worker in workerd, web in
// happy-dom), real answers against the OpenAPI document (in Node: Ajv generates code, which
// workerd forbids), the crash/restart reliability test, then the browser end-to-end test. Exits non-zero if any of them fails. Output is passed through untouched
// (CI reads vitest's summary lines).
import { existsSync } from "node:fs";
import path from "node:path";
import { ROOT, WEB_DIR } from "./lib/paths.mjs";
import { runCommand } from "./lib/run-command.mjs";

const E2E_RUNNER = path.join(ROOT, "tests", "e2e", "run.mjs");
const CRASH_TEST = path.join(ROOT, "tests", "reliability", "crash-restart.mjs");
const OPENAPI_ANSWERS = path.join(ROOT, "tests", "openapi-answers", "run.mjs");
const OTLP_EXPORTERS = path.join(ROOT, "tests", "otlp-exporters", "run.mjs");

function heading(text) {
  console.log(`\n=== ${text} ===\n`);
}

const results = [];
// Plain text when the output goes to a file or a CI log, so its summary lines are easy to read.
const env = { ...process.env };
if (!process.stdout.isTTY && !env.FORCE_COLOR) env.NO_COLOR = "1";

if (existsSync(path.join(WEB_DIR, "svelte.config.js"))) {
  heading("svelte-kit sync");
  const sync = await runCommand("npx", ["--no", "svelte-kit", "sync"], { cwd: WEB_DIR, env });
  if (sync.code !== 0) {
    console.error("svelte-kit sync failed");
    process.exit(sync.code);
  }
}

heading("typecheck (tsc for worker and tests, tsc checkJs for the .mjs scripts, svelte-check for web)");
const typecheck = await runCommand("npm", ["run", "--silent", "typecheck"], { cwd: ROOT, env });
results.push(["typecheck", typecheck.code]);

heading("lint and format (Biome, rules in biome.json; `npm run format` rewrites)");
const lint = await runCommand("npm", ["run", "--silent", "lint"], { cwd: ROOT, env });
results.push(["lint", lint.code]);

heading("layering (dependency-cruiser, rules in .dependency-cruiser.mjs)");
const layers = await runCommand("npm", ["run", "--silent", "lint:layers"], { cwd: ROOT, env });
results.push(["layers", layers.code]);

heading("vitest (worker + web)");
const vitest = await runCommand("npx", ["--no", "vitest", "run"], { cwd: ROOT, env });
results.push(["vitest", vitest.code]);

heading("OpenAPI answers (tests/openapi-answers/run.mjs)");
const openApiAnswers = await runCommand(process.execPath, [OPENAPI_ANSWERS], { cwd: ROOT, env });
results.push(["openapi-answers", openApiAnswers.code]);

heading("OTLP exporters (tests/otlp-exporters/run.mjs: the OpenTelemetry JS exporters against the Worker, in Node)");
const otlpExporters = await runCommand(process.execPath, [OTLP_EXPORTERS], { cwd: ROOT, env });
results.push(["otlp-exporters", otlpExporters.code]);

heading("reliability (crash/restart)");
const crash = await runCommand(process.execPath, [CRASH_TEST], { cwd: ROOT, env });
results.push(["reliability", crash.code]);

if (existsSync(E2E_RUNNER)) {
  heading("browser e2e (tests/e2e/run.mjs)");
  const e2e = await runCommand(process.execPath, [E2E_RUNNER], { cwd: ROOT, env });
  results.push(["e2e", e2e.code]);
} else {
  console.log("\n(tests/e2e/run.mjs not found: browser e2e skipped)");
}

heading("summary");
for (const [name, code] of results) console.log(`${code === 0 ? "PASS" : "FAIL"}  ${name}${code ? ` (exit ${code})` : ""}`);
process.exit(results.some(([, code]) => code !== 0) ? 1 : 0);
