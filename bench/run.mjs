// `npm run bench`: serves the product and the floor (bench/floor/, the least a Worker + SQLite
// Durable Object can do for the same requests) side by side, first through `wrangler dev`, then
// through Miniflare's API directly, runs the same scenarios against both and prints every figure,
// the ratio product/floor and PASS/MISS per target. Under Miniflare it also holds 10,000 live
// subscribers on one hackathon and reads a back-filled week of history.
// Run by hand, never in CI. Everything stays on 127.0.0.1.
//   BENCH_SECONDS=10 BENCH_SLICES=4 BENCH_SUBSCRIBERS=1000 BENCH_ROUNDS=20   compared scenarios
//   BENCH_CROWD=10000 BENCH_CROWD_RATE=200 BENCH_CROWD_SECONDS=20  the many-subscribers check (0: skip)
//   BENCH_HISTORY_READS=200                                       week-of-history reads (0: skip)
//   BENCH_HOSTINGS=wrangler,miniflare   BENCH_EXTRAS=1 (alert latency, detector, bundle size)
//   BENCH_COMPARED=0                    skip the product/floor comparison (only the scale checks)
//   BENCH_PREPARE=./path/to/module.mjs  its `prepare({ host, log })` runs on every host before the
//                                       scenarios (e.g. bench/lib/backfill.mjs: a back-filled hackathon)
//   BENCH_GROWTH=1 or `npm run bench -- --growth`   only the cost-growth check (Miniflare, product):
//                                       fresh vs back-filled with BENCH_BACKFILL=1000000 events
//   BENCH_OTLP=1 or `npm run bench -- --otlp`   only OTLP ingest (product, under BENCH_HOSTINGS): exports
//                                       of 512 spans beside signed batches; BENCH_OTLP_EXPORTS=320 bodies made
//                                       ahead per encoding
import { mkdirSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { ROOT } from "../scripts/lib/paths.mjs";
import { benchAlertLatency } from "./lib/alert-latency.mjs";
import { bundleSizeRow } from "./lib/bundle-size.mjs";
import { benchDetector } from "./lib/detector-speed.mjs";
import { formatGrowthTable, growthScenario } from "./lib/growth.mjs";
import { HOSTINGS, startHost } from "./lib/hosts.mjs";
import { formatOtlpTable, otlpScenario } from "./lib/otlp-scenario.mjs";
import { comparedScenarios, createBenchHackathon, crowdScenario, historyScenario } from "./lib/scenarios.mjs";
import { formatTable, ms, perSecond } from "./lib/table.mjs";
import { comparedRows, formatVerdictTable, scaleRows } from "./lib/verdicts.mjs";

const env = (name, fallback) => Number(process.env[name] ?? fallback);
const options = {
  seconds: env("BENCH_SECONDS", 10),
  slices: env("BENCH_SLICES", 4),
  subscribers: env("BENCH_SUBSCRIBERS", 1000),
  rounds: env("BENCH_ROUNDS", 20),
  crowd: env("BENCH_CROWD", 10_000),
  crowdRate: env("BENCH_CROWD_RATE", 200),
  crowdSeconds: env("BENCH_CROWD_SECONDS", 20), // frames to 10,000 come seconds apart: see several
  historyReads: env("BENCH_HISTORY_READS", 200), // enough that the p99 is not one GC pause
  extras: process.env.BENCH_EXTRAS !== "0",
  compared: process.env.BENCH_COMPARED !== "0",
  growth: process.env.BENCH_GROWTH === "1" || process.argv.includes("--growth"),
  backfill: env("BENCH_BACKFILL", 1_000_000),
  otlp: process.env.BENCH_OTLP === "1" || process.argv.includes("--otlp"),
  otlpExports: env("BENCH_OTLP_EXPORTS", 320),
  hostings: (process.env.BENCH_HOSTINGS ?? HOSTINGS.join(",")).split(",").filter((h) => HOSTINGS.includes(h)),
};
const CROWD_TARGET = 10_000;
const log = (line) => console.log(line);
const prepare = process.env.BENCH_PREPARE ? (await import(pathToFileURL(path.resolve(process.env.BENCH_PREPARE)).href)).prepare : null;

// wrangler dev restarts the Worker when a source file changes, which drops every socket.
let reloads = 0;
const onOutput = (line) => {
  if (line.includes("Reloading local server")) {
    reloads++;
    log("  ! wrangler reloaded a Worker (a source file changed): figures of this phase are unreliable");
  }
};

const running = new Set();
async function start(worker, hosting) {
  log(`Starting the ${worker} under ${hosting} ...`);
  const host = await startHost(worker, hosting, { log, onOutput });
  running.add(host);
  if (prepare) await prepare({ host, log });
  return host;
}
async function stop(host) {
  running.delete(host);
  await host.stop();
}
process.once("SIGINT", () => Promise.all([...running].map((h) => h.stop())).then(() => process.exit(130)));

/** Everything measured under one hosting: compared scenarios, then the product-only scale checks. */
async function benchHosting(hosting, suffix) {
  const product = await start("product", hosting);
  const floor = await start("floor", hosting);
  try {
    const figures = {};
    if (options.compared) {
      log(`\n[${hosting}] product and floor`);
      Object.assign(figures, await comparedScenarios({ product, floor }, { ...options, suffix: `${suffix}-${hosting[0]}`, log }));
    }
    await stop(floor);
    if (options.historyReads > 0) {
      log(`\n[${hosting}] product: a week of history`);
      figures.history = await historyScenario(product, { suffix: `${suffix}-${hosting[0]}`, reads: options.historyReads, log });
    }
    if (hosting === "miniflare" && options.crowd > 0) {
      // A rate the product cannot keep up with measures the queue, not the subscribers' cost.
      const capacity = figures.product?.singles.events_per_s ?? Infinity;
      const rate = Math.max(1, Math.round(Math.min(options.crowdRate, capacity / 2)));
      log(
        `\n[${hosting}] product: ${options.crowd} live subscribers on one hackathon${rate < options.crowdRate ? ` (ingest at ${rate}/s, half the ${Math.round(capacity)}/s measured above)` : ""}`,
      );
      figures.crowd = await crowdScenario(product, { size: options.crowd, rate, seconds: options.crowdSeconds, suffix, log });
    }
    if (hosting === options.hostings[0] && options.extras) figures.extras = await extras(product, suffix);
    return figures;
  } finally {
    for (const host of [product, floor]) if (running.has(host)) await stop(host);
  }
}

/** The product-only measures the bench had before the floor: alert latency, detector, bundle. */
async function extras(product, suffix) {
  log(`\n[${product.hosting}] product: alert latency, ${options.rounds} rounds`);
  const target = await createBenchHackathon(product, `bench-alert-${suffix}`);
  const alerts = await benchAlertLatency({ ...target, adminToken: product.adminToken, rounds: options.rounds });
  log("  the anomaly detector alone in Node, 1,000,000 points");
  const detector = await benchDetector();
  let bundle = null;
  try {
    bundle = bundleSizeRow();
  } catch (error) {
    log(`  bundle size skipped: ${error.message}`);
  }
  return { alerts, detector, bundle };
}

/** The cost-growth check alone: fresh vs back-filled hackathon on one Miniflare product. */
async function benchGrowth(suffix) {
  const product = await start("product", "miniflare");
  try {
    log(`\n[miniflare] product: fresh vs ${options.backfill.toLocaleString("en-US")} events back-filled`);
    return await growthScenario(product, { ...options, suffix, log });
  } finally {
    await stop(product);
  }
}

/** OTLP exports beside signed batches, on the product alone under one hosting. */
async function benchOtlp(hosting, suffix) {
  const product = await start("product", hosting);
  try {
    log(`\n[${hosting}] product: OTLP exports beside signed batches`);
    return await otlpScenario(product, { ...options, exports: options.otlpExports, suffix: `${suffix}-${hosting[0]}`, log });
  } finally {
    await stop(product);
  }
}

const suffix = Date.now().toString(36);
const results = {};
if (options.growth) results.growth = await benchGrowth(suffix);
else if (options.otlp) for (const hosting of options.hostings) results[hosting] = { otlp: await benchOtlp(hosting, suffix) };
else for (const hosting of options.hostings) results[hosting] = await benchHosting(hosting, suffix);
const fullRun = !options.growth && !options.otlp;

log(
  `\nPitwall bench - ${new Date().toISOString()} - ${os.cpus().length} cores, Node ${process.version}${fullRun ? "; ratio = product / floor in this run" : ""}`,
);
if (results.growth) {
  const { backfill } = results.growth;
  log(
    `\nCost growth under Miniflare: ${backfill.accepted.toLocaleString("en-US")} events back-filled over 7 days in ${backfill.seconds.toFixed(0)} s (${Math.round(backfill.events_per_s).toLocaleString("en-US")}/s), history flushed in ${backfill.history_flush_s.toFixed(0)} s; all still raw (retention folds after 8 days)\n`,
  );
  log(formatGrowthTable(results.growth));
}
for (const hosting of options.otlp ? options.hostings : []) {
  log(
    `\n${hosting === "wrangler" ? "wrangler dev (figures include its local proxy)" : "Miniflare API (workerd serves the port itself)"}\n`,
  );
  log(formatOtlpTable(results[hosting].otlp));
}
for (const hosting of fullRun ? options.hostings : []) {
  const figures = results[hosting];
  log(
    `\n${hosting === "wrangler" ? "wrangler dev (figures include its local proxy)" : "Miniflare API (workerd serves the port itself)"}\n`,
  );
  log(
    formatVerdictTable([
      ...(options.compared ? comparedRows(figures) : []),
      ...scaleRows({ crowd: figures.crowd, history: figures.history, crowdTarget: CROWD_TARGET }),
    ]),
  );
  if (figures.crowd && Object.keys(figures.crowd.closed_during_test).length)
    log(`Sockets closed during the crowd test: ${JSON.stringify(figures.crowd.closed_during_test)}`);
  const { alerts, detector, bundle } = figures.extras ?? {};
  if (alerts) {
    log("");
    log(
      formatTable(
        ["product only", "throughput", "p50", "p99", "notes"],
        [
          [
            'alert: webhook 2xx -> live "alert"',
            "",
            ms(alerts.after_2xx.p50),
            ms(alerts.after_2xx.p99),
            `${alerts.alerted}/${alerts.rounds} alerted, from POST p99 ${ms(alerts.after_post.p99)}`,
          ],
          ["anomaly detector (Node, 1M points)", perSecond(detector.points_per_s), "", "", `state ${detector.state_bytes} bytes as JSON`],
          ...(bundle ? [bundle] : []),
        ],
      ),
    );
  }
}
if (reloads) log(`\nWARNING: a Worker was reloaded ${reloads}x during the run; run the bench again with the sources untouched.`);

const resultsDir = path.join(ROOT, "bench", "results");
mkdirSync(resultsDir, { recursive: true });
const file = path.join(resultsDir, `${new Date().toISOString().replace(/[:.]/g, "-")}.json`);
writeFileSync(file, `${JSON.stringify({ options, reloads, results }, null, 2)}\n`);
log(`\nRaw figures: ${path.relative(ROOT, file)}`);
