// The bench's scenarios. compared*: run against the product and the floor alike (same load
// generators, same sizes). scale*: the product alone at 10,000 subscribers and over a week of
// history, under Miniflare (wrangler dev's proxy gives out near 3,300 sockets).
import { createApiClient } from "../../scripts/lib/api-client.mjs";
import { cpuSeconds, residentBytes } from "./miniflare-host.mjs";
import { openCrowd } from "./crowd.mjs";
import { dashboardLoad, dashboardReport } from "./dashboard-load.mjs";
import { benchFanout } from "./fanout.mjs";
import { backfillWeek, benchWeekRead } from "./history-week.mjs";
import { batchesLoad, ingestReport, singleEventsLoad, startBackgroundSenders } from "./ingest.mjs";
import { runPacedIngest } from "./paced-ingest.mjs";

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

export async function createBenchHackathon(host, id, { startsAgoMs = 3_600_000 } = {}) {
  const api = createApiClient({ url: host.url, token: host.adminToken });
  const now = Date.now();
  const created = await api.createHackathon({
    id,
    name: `Bench ${id}`,
    budget: { amount: 1_000_000, currency: "USD" },
    starts_at: new Date(now - startsAgoMs).toISOString(),
    ends_at: new Date(now + 23 * 3_600_000).toISOString(),
  });
  return {
    url: host.url,
    hackathonId: created.hackathon.id,
    webhookSecret: created.webhook_secret,
    viewerToken: created.viewer_token,
    ingestToken: created.ingest_token,
  };
}

/** ABBA order over `slices` rounds (A B B A A B ...), so a load that drifts during the run hits both alike. */
export async function alternate(slices, a, b) {
  for (let i = 0; i < slices; i++) {
    if (i % 2 === 0) {
      await a(i);
      await b(i);
    } else {
      await b(i);
      await a(i);
    }
  }
}

/**
 * Ingest, fan-out and dashboard reads against the product and the floor with the same
 * generators. Throughput and read tests alternate between the two in short slices, so the
 * ratio stays fair on a machine other work is loading.
 * @param {{ product, floor }} hosts
 */
export async function comparedScenarios(hosts, { seconds, slices, subscribers, rounds, suffix, log }) {
  const names = ["product", "floor"];
  const targets = {};
  for (const name of names) {
    const make = (kind) => createBenchHackathon(hosts[name], `bench-${kind}-${suffix}`);
    targets[name] = { ingest: await make("ingest"), batch: await make("batch"), fanout: await make("fanout") };
  }
  const sliceMs = (seconds * 1000) / slices;
  const runs = { product: { singles: [], batches: [], dashboard: [] }, floor: { singles: [], batches: [], dashboard: [] } };
  const each = (fn) => names.map((name) => (i) => fn(name, i));

  log(`  single signed events, 32 senders, ${seconds} s each, in ${slices} alternating slices`);
  await alternate(
    slices,
    ...each(async (name, i) =>
      runs[name].singles.push(
        await singleEventsLoad({ ...targets[name].ingest, concurrency: 32, durationMs: sliceMs, label: `single-${i}` }),
      ),
    ),
  );
  log(`  batches of 100, 8 senders, ${seconds} s each, in ${slices} alternating slices`);
  await alternate(
    slices,
    ...each(async (name, i) =>
      runs[name].batches.push(
        await batchesLoad({ ...targets[name].batch, concurrency: 8, batchSize: 100, durationMs: sliceMs, label: `batch-${i}` }),
      ),
    ),
  );
  log(`  GET dashboard, 100 readers x 10 each while 4 senders post events, in 2 alternating slices`);
  const background = {};
  await alternate(
    2,
    ...each(async (name) => {
      const senders = startBackgroundSenders({ ...targets[name].ingest, concurrency: 4 });
      runs[name].dashboard.push(
        await dashboardLoad({
          url: hosts[name].url,
          token: hosts[name].adminToken,
          hackathonId: targets[name].ingest.hackathonId,
          concurrency: 100,
          requestsPerWorker: 5,
        }),
      );
      background[name] = await senders.stop();
    }),
  );

  const figures = {};
  for (const name of names) {
    log(`  fan-out (${name}) to ${subscribers} subscribers, ${rounds} rounds`);
    const fanout = await benchFanout({
      ...targets[name].fanout,
      adminToken: hosts[name].adminToken,
      subscribers,
      rounds,
      log: (line) => log(`  ${line}`),
    });
    figures[name] = {
      singles: ingestReport("single events, 32 concurrent senders", runs[name].singles, 1),
      batches: ingestReport("batches of 100, 8 concurrent senders", runs[name].batches, 100),
      fanout,
      dashboard: { ...dashboardReport(runs[name].dashboard), background: background[name] },
    };
  }
  return figures;
}

/** GET /history over a back-filled week (one warm-up read first, as a dashboard opening would do). */
export async function historyScenario(host, { suffix, reads, log }) {
  const target = await createBenchHackathon(host, `bench-week-${suffix}`, { startsAgoMs: 8 * 86_400_000 });
  const rows = await backfillWeek(host, target.hackathonId);
  log(`  back-filled ${rows.toLocaleString("en-US")} per-minute rows; ${reads} reads of 7 days`);
  await benchWeekRead({ url: host.url, token: host.adminToken, hackathonId: target.hackathonId, reads: 1 });
  return { rows, ...(await benchWeekRead({ url: host.url, token: host.adminToken, hackathonId: target.hackathonId, reads })) };
}

/**
 * Waits until dashboard reads answer promptly again (three in a row under 50 ms), so that the
 * object's work on 10,000 closing sockets does not pose as ingest latency in the next phase.
 */
async function untilQuiet(host, hackathonId, { limitMs = 120_000 } = {}) {
  const api = createApiClient({ url: host.url, token: host.adminToken });
  const started = performance.now();
  for (let prompt = 0; prompt < 3 && performance.now() - started < limitMs; ) {
    const t0 = performance.now();
    await api.getDashboard(hackathonId);
    prompt = performance.now() - t0 < 50 ? prompt + 1 : 0;
    await sleep(250);
  }
  return performance.now() - started;
}

/**
 * 10,000 hibernating subscribers on one hackathon: memory per connection (workerd RSS before and
 * after), and ingest latency at a steady rate with none and with all of them attached.
 */
export async function crowdScenario(host, { size, rate, seconds, suffix, log }) {
  const target = await createBenchHackathon(host, `bench-crowd-${suffix}`);
  // With the CPU each side used meanwhile: the 10,000 clients run on the same two cores.
  const paced = async (label) => {
    const before = { workerd: cpuSeconds(host.workerdPid), bench: process.cpuUsage() };
    const result = await runPacedIngest({ ...target, rate, durationMs: seconds * 1000, label: `${label}-${suffix}` });
    const bench = process.cpuUsage(before.bench);
    const cpu = { workerd: (cpuSeconds(host.workerdPid) - before.workerd) / seconds, bench: (bench.user + bench.system) / 1e6 / seconds };
    return { ...result, cores_used: cpu };
  };
  log(`  ingest at ${rate} events/s for ${seconds} s, no subscribers`);
  const alone = await paced("alone");
  await sleep(1_000);
  const rssBefore = residentBytes(host.workerdPid);
  log(`  connecting ${size} subscribers`);
  const crowd = await openCrowd({ ...target, adminToken: host.adminToken, size, log: (line) => log(`  ${line}`) });
  await sleep(2_000); // let the object go idle with every socket open
  const rssAfter = residentBytes(host.workerdPid);
  try {
    log(`  ingest at ${rate} events/s for ${seconds} s, ${crowd.connected} subscribers`);
    crowd.reset();
    const crowded = await paced("crowded");
    await sleep(500); // the last frame
    const frames = crowd.frameStats(seconds);
    const closedDuringTest = crowd.closedEarly();
    crowd.close(); // (again in finally: terminating a closed socket does nothing)
    const settledMs = await untilQuiet(host, target.hackathonId);
    log(`  the object was done with ${crowd.connected} closes after ${(settledMs / 1000).toFixed(1)} s`);

    log(`  ingest at ${rate} events/s for ${seconds} s, subscribers gone again`);
    const after = await paced("after");
    return {
      subscribers: crowd.connected,
      connect_failures: crowd.failures,
      connect_ms: crowd.connect_ms,
      workerd_rss_before: rssBefore,
      workerd_rss_after: rssAfter,
      bytes_per_connection: (rssAfter - rssBefore) / Math.max(1, crowd.connected),
      ingest_alone: alone,
      ingest_crowded: crowded,
      ingest_after: after,
      /** Alone before and after (A B A), so load that drifts during the test does not pose as the subscribers' cost. */
      ingest_alone_p99: (alone.latency.p99 + after.latency.p99) / 2,
      frames,
      closed_during_test: closedDuringTest,
    };
  } finally {
    crowd.close();
  }
}
