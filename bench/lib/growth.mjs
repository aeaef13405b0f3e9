// Cost growth (`npm run bench -- --growth` or BENCH_GROWTH=1): the product under Miniflare with
// two hackathons configured alike, one fresh and one back-filled with a week of events
// (BENCH_BACKFILL, default 1,000,000), measured with the same loads in alternating slices
// (A B B A), so load from other work on the machine hits both alike. Each figure of the
// back-filled one must stay within 10% of the fresh one's.
import { backfillEvents, waitForHistoryFlushed, WEEK_MS } from "./backfill.mjs";
import { dashboardLoad, dashboardReport } from "./dashboard-load.mjs";
import { backfillWeek, benchWeekRead } from "./history-week.mjs";
import { batchesLoad, ingestReport, singleEventsLoad, startBackgroundSenders } from "./ingest.mjs";
import { alternate, createBenchHackathon } from "./scenarios.mjs";
import { formatTable, ms, perSecond } from "./table.mjs";

export const GROWTH_LIMIT = 0.1;
const EIGHT_DAYS_MS = 8 * 86_400_000;
/**
 * The fresh hackathon gets this much of the same traffic, so both have the same recent state
 * (token baseline, detectors): the loads below are a token flood to either, and the comparison
 * isolates the week of history rather than "flood detected" against "no baseline yet".
 */
const RECENT_MS = 40 * 60_000;

/** Two hackathons alike: the second gets `backfill` events over the past week, the first only the last 40 minutes of them. */
async function prepareTargets(host, { backfill, suffix, log }) {
  const fresh = await createBenchHackathon(host, `bench-fresh-${suffix}`, { startsAgoMs: EIGHT_DAYS_MS });
  const grown = await createBenchHackathon(host, `bench-grown-${suffix}`, { startsAgoMs: EIGHT_DAYS_MS });
  // The same week of per-minute rows on both, so the history reads compare like with like (the
  // back-filled one's own flush then rewrites the series it computes). Written first, while the
  // machine is quiet: Miniflare's binding proxy has tripped on an assertion under load.
  for (const target of [fresh, grown]) await backfillWeek(host, target.hackathonId);
  const recent = Math.round((backfill * RECENT_MS) / WEEK_MS);
  log(
    `  the same traffic over the last ${RECENT_MS / 60_000} minutes (${recent.toLocaleString("en-US")} events) into ${fresh.hackathonId}`,
  );
  await backfillEvents({ ...fresh, total: recent, spanMs: RECENT_MS });
  log(`  back-filling ${backfill.toLocaleString("en-US")} events over the past 7 days into ${grown.hackathonId}, batches of 1,000`);
  const filled = await backfillEvents({ ...grown, total: backfill, log });
  log(
    `  back-filled in ${filled.seconds.toFixed(0)} s (${Math.round(filled.events_per_s).toLocaleString("en-US")} events/s); waiting for its history flush`,
  );
  const flushed = await waitForHistoryFlushed({ url: host.url, adminToken: host.adminToken, hackathonId: grown.hackathonId, log });
  log(`  history flushed after ${flushed.seconds.toFixed(0)} s`);
  return { targets: { fresh, grown }, backfill: { ...filled, history_flush_s: flushed.seconds, history_backlog_left: flushed.backlog } };
}

/** Singles, batches, dashboard reads and week-of-history reads against both, alternating. */
export async function growthScenario(host, { backfill, seconds, slices, historyReads, suffix, log }) {
  const { targets, backfill: filled } = await prepareTargets(host, { backfill, suffix, log });
  const names = ["fresh", "grown"];
  /** @type {Record<string, { singles: object[], batches: object[], dashboard: object[], history: object[] }>} */
  const runs = Object.fromEntries(names.map((name) => [name, { singles: [], batches: [], dashboard: [], history: [] }]));
  const each = (fn) => names.map((name) => (i) => fn(name, i));
  const sliceMs = (seconds * 1000) / slices;
  const reader = (name) => ({ url: host.url, token: host.adminToken, hackathonId: targets[name].hackathonId });

  log(`  single signed events, 32 senders, ${seconds} s each, in ${slices} alternating slices`);
  await alternate(
    slices,
    ...each(async (name, i) =>
      runs[name].singles.push(
        await singleEventsLoad({ ...targets[name], concurrency: 32, durationMs: sliceMs, label: `growth-single-${i}` }),
      ),
    ),
  );
  log(`  batches of 100, 8 senders, ${seconds} s each, in ${slices} alternating slices`);
  await alternate(
    slices,
    ...each(async (name, i) =>
      runs[name].batches.push(
        await batchesLoad({ ...targets[name], concurrency: 8, batchSize: 100, durationMs: sliceMs, label: `growth-batch-${i}` }),
      ),
    ),
  );
  log("  GET dashboard, 100 readers x 5 each while 4 senders post events, in 2 alternating slices");
  await alternate(
    2,
    ...each(async (name) => {
      const senders = startBackgroundSenders({ ...targets[name], concurrency: 4 });
      runs[name].dashboard.push(await dashboardLoad({ ...reader(name), concurrency: 100, requestsPerWorker: 5 }));
      await senders.stop();
    }),
  );
  if (historyReads > 0) {
    log(`  GET history, 7 days, ${historyReads} reads each in 2 alternating slices`);
    for (const name of names) await benchWeekRead({ ...reader(name), reads: 1 }); // warm-up, as a dashboard opening does
    await alternate(
      2,
      ...each(async (name) => runs[name].history.push(await benchWeekRead({ ...reader(name), reads: Math.ceil(historyReads / 2) }))),
    );
  }

  const figures = { backfill: filled };
  for (const name of names) {
    const history = runs[name].history;
    figures[name] = {
      singles: ingestReport("single events, 32 concurrent senders", runs[name].singles, 1),
      batches: ingestReport("batches of 100, 8 concurrent senders", runs[name].batches, 100),
      dashboard: dashboardReport(runs[name].dashboard),
      history: history.length ? { latency: mergeLatency(history) } : null,
    };
  }
  return figures;
}

function mergeLatency(reads) {
  // benchWeekRead summarises its own samples; the slices are equal in size, so the mean of each percentile is fair.
  const mean = (key) => reads.reduce((sum, r) => sum + r.latency[key], 0) / reads.length;
  return { p50: mean("p50"), p99: mean("p99"), count: reads.reduce((sum, r) => sum + r.latency.count, 0) };
}

/** Rows [measure, fresh, back-filled, change, verdict]; the verdict is on the change for the worse (<= 10%). */
export function growthRows({ fresh, grown }) {
  const rows = [];
  const add = (measure, f, g, format, higherIsBetter, judged = true) => {
    const worse = higherIsBetter ? (f - g) / f : (g - f) / f;
    const ok = worse <= GROWTH_LIMIT;
    const change = (g - f) / f;
    rows.push({
      measure,
      fresh: format(f),
      grown: format(g),
      change: Number.isFinite(change) ? `${change >= 0 ? "+" : ""}${(change * 100).toFixed(1)}%` : "-",
      verdict: judged ? (ok ? "PASS" : "MISS") : "",
      ok: judged ? ok : null,
    });
  };
  add("single events/s (32 senders)", fresh.singles.events_per_s, grown.singles.events_per_s, perSecond, true);
  add("  single p99", fresh.singles.latency.p99, grown.singles.latency.p99, ms, false, false);
  add("batch events/s (100 per request, 8 senders)", fresh.batches.events_per_s, grown.batches.events_per_s, perSecond, true);
  add("  batch p99", fresh.batches.latency.p99, grown.batches.latency.p99, ms, false, false);
  add("dashboard GET p50 (100 readers + events)", fresh.dashboard.latency.p50, grown.dashboard.latency.p50, ms, false);
  add("dashboard GET p99", fresh.dashboard.latency.p99, grown.dashboard.latency.p99, ms, false);
  if (fresh.history && grown.history) {
    add("history GET p50, 7 days per-minute", fresh.history.latency.p50, grown.history.latency.p50, ms, false);
    add("history GET p99", fresh.history.latency.p99, grown.history.latency.p99, ms, false);
  }
  return rows;
}

export function formatGrowthTable(figures) {
  const rows = growthRows(figures);
  return formatTable(
    ["measure", "fresh", "back-filled", "change", `<= ${GROWTH_LIMIT * 100}% worse`],
    rows.map((r) => [r.measure, r.fresh, r.grown, r.change, r.verdict]),
  );
}
