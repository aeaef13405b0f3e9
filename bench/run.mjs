// `npm run bench`: starts a throwaway local server (free port, temp data dir, no demo) and
// measures ingest throughput, live fan-out latency, dashboard read latency, alert latency
// and the anomaly detector's own speed.
// Run by hand, never in CI. Everything stays on 127.0.0.1.
//   BENCH_SECONDS=10 BENCH_SUBSCRIBERS=1000 BENCH_ROUNDS=20 npm run bench
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { createApiClient } from "../scripts/lib/api-client.mjs";
import { findFreePort } from "../scripts/lib/free-port.mjs";
import { startLocalServer } from "../scripts/lib/local-server.mjs";
import { ROOT } from "../scripts/lib/paths.mjs";
import { benchAlertLatency } from "./lib/alert-latency.mjs";
import { bundleSizeRow } from "./lib/bundle-size.mjs";
import { benchDashboard } from "./lib/dashboard-load.mjs";
import { benchDetector } from "./lib/detector-speed.mjs";
import { benchFanout } from "./lib/fanout.mjs";
import { benchBatches, benchSingleEvents } from "./lib/ingest.mjs";
import { formatTable, ms, perSecond } from "./lib/table.mjs";

const seconds = Number(process.env.BENCH_SECONDS || 10);
const subscribers = Number(process.env.BENCH_SUBSCRIBERS || 1000);
const rounds = Number(process.env.BENCH_ROUNDS || 20);
const log = (line) => console.log(line);

async function createBenchHackathon(api, id) {
  const now = Date.now();
  return api.createHackathon({
    id,
    name: `Bench ${id}`,
    budget: { amount: 1_000_000, currency: "USD" },
    starts_at: new Date(now - 3_600_000).toISOString(),
    ends_at: new Date(now + 23 * 3_600_000).toISOString(),
  });
}

const statusText = (statuses) =>
  Object.entries(statuses)
    .map(([status, count]) => `${status}x${count}`)
    .join(" ");

const persistDir = mkdtempSync(path.join(os.tmpdir(), "pitwall-bench-"));
const port = await findFreePort();
log(`Starting a local server on port ${port} (data in ${persistDir}) ...`);
// wrangler dev restarts the Worker when a source file changes, which drops every socket.
let reloads = 0;
const onOutput = (line) => {
  if (line.includes("Reloading local server")) {
    reloads++;
    log("  ! wrangler reloaded the Worker (a source file changed): figures of this phase are unreliable");
  }
};
let server;
try {
  server = await startLocalServer({ port, persistDir, demo: false, log, onOutput });
} catch (error) {
  rmSync(persistDir, { recursive: true, force: true });
  throw error;
}
const stopAll = async () => {
  await server.stop();
  rmSync(persistDir, { recursive: true, force: true });
};
process.once("SIGINT", () => stopAll().then(() => process.exit(130)));

try {
  const api = createApiClient({ url: server.url, token: server.adminToken });
  const suffix = Date.now().toString(36);
  const ingestHackathon = await createBenchHackathon(api, `bench-ingest-${suffix}`);
  const batchHackathon = await createBenchHackathon(api, `bench-batch-${suffix}`);
  const fanoutHackathon = await createBenchHackathon(api, `bench-fanout-${suffix}`);
  const alertHackathon = await createBenchHackathon(api, `bench-alert-${suffix}`);
  const target = (created) => ({ url: server.url, hackathonId: created.hackathon.id, webhookSecret: created.webhook_secret });

  log(`\n[1/6] single signed events, 32 concurrent senders, ${seconds} s`);
  const singles = await benchSingleEvents({ ...target(ingestHackathon), concurrency: 32, durationMs: seconds * 1000 });
  log(`  ${statusText(singles.statuses)}`);

  log(`\n[2/6] batches of 100 events, 8 concurrent senders, ${seconds} s`);
  const batches = await benchBatches({ ...target(batchHackathon), concurrency: 8, batchSize: 100, durationMs: seconds * 1000 });
  log(`  ${statusText(batches.statuses)}`);

  log(`\n[3/6] live fan-out to ${subscribers} WebSocket subscribers, ${rounds} cost events`);
  const fanout = await benchFanout({
    ...target(fanoutHackathon),
    adminToken: server.adminToken,
    subscribers,
    rounds,
    log,
  });

  log(`\n[4/6] GET /dashboard, 100 concurrent clients x 10 requests`);
  const dashboard = await benchDashboard({
    url: server.url,
    token: server.adminToken,
    hackathonId: ingestHackathon.hackathon.id,
    concurrency: 100,
    requestsPerWorker: 10,
  });
  log(`  ${statusText(dashboard.statuses)}`);

  log(`\n[5/6] alert latency: an anomalous metric event -> its "alert" delta on the live channel, ${rounds} rounds`);
  const alerts = await benchAlertLatency({ ...target(alertHackathon), adminToken: server.adminToken, rounds });
  log(`  ${alerts.alerted}/${alerts.rounds} rounds alerted`);

  log(`\n[6/6] the anomaly detector alone in Node, 1,000,000 points`);
  const detector = await benchDetector();

  const rows = [
    ["ingest: single events (32 senders)", perSecond(singles.events_per_s), ms(singles.latency.p50), ms(singles.latency.p99), `${singles.accepted_events} accepted, ${statusText(singles.statuses)}`],
    ["ingest: batches of 100 (8 senders)", perSecond(batches.events_per_s), ms(batches.latency.p50), ms(batches.latency.p99), `${perSecond(batches.requests_per_s)} requests, ${statusText(batches.statuses)}`],
    [`fan-out: POST -> "cost" at ${fanout.subscribers} sockets`, "", ms(fanout.latency.p50), ms(fanout.latency.p99), `${fanout.deliveries} deliveries, ${fanout.missed} missed, max ${ms(fanout.latency.max)}`],
    ["fan-out: the POST itself", "", ms(fanout.post_latency.p50), ms(fanout.post_latency.p99), `connect ${fanout.subscribers} in ${(fanout.connect_ms / 1000).toFixed(1)} s`],
    ["GET /dashboard (100 concurrent)", perSecond(dashboard.requests_per_s), ms(dashboard.latency.p50), ms(dashboard.latency.p99), statusText(dashboard.statuses)],
    ["alert: webhook 2xx -> live \"alert\"", "", ms(alerts.after_2xx.p50), ms(alerts.after_2xx.p99), `${alerts.alerted}/${alerts.rounds} alerted (0 = already there when the 2xx was read), from POST p99 ${ms(alerts.after_post.p99)}`],
    ["anomaly detector (Node, 1M points)", perSecond(detector.points_per_s), "", "", `state ${detector.state_bytes} bytes as JSON`],
    bundleSizeRow(),
  ];
  log(`\nPitwall bench - ${new Date().toISOString()} - ${os.cpus().length} cores, Node ${process.version}, wrangler dev (figures include its local proxy)\n`);
  log(formatTable(["measure", "throughput", "p50", "p99", "notes"], rows));
  if (Object.keys(fanout.closed_during_test).length) log(`\nSockets closed during the fan-out test: ${statusText(fanout.closed_during_test)}`);
  if (reloads) log(`\nWARNING: the Worker was reloaded ${reloads}x during the run; run the bench again with the sources untouched.`);

  const resultsDir = path.join(ROOT, "bench", "results");
  mkdirSync(resultsDir, { recursive: true });
  const file = path.join(resultsDir, `${new Date().toISOString().replace(/[:.]/g, "-")}.json`);
  writeFileSync(file, `${JSON.stringify({ reloads, singles, batches, fanout, dashboard, alerts, detector }, null, 2)}\n`);
  log(`\nRaw figures: ${path.relative(ROOT, file)}`);
} finally {
  await stopAll();
}
