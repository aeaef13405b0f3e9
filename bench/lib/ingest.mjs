// Ingest throughput: signed single events, and batches of 100, through POST /webhooks/:id/events.
// The *Load functions return the raw run so that slices of a run (see scenarios.mjs, which
// alternates product and floor) can be merged into one report.
import { createWebhookSender } from "../../scripts/lib/webhook-client.mjs";
import { costEvent, mixedEvent } from "./events.mjs";
import { runLoad } from "./load.mjs";
import { summarize, tally } from "./stats.mjs";

/** One report over one or more raw runs of the same load. */
export function ingestReport(name, runs, eventsPerRequest) {
  const results = runs.flatMap((run) => run.results);
  const errors = runs.flatMap((run) => run.errors);
  const statuses = tally(results.map((r) => r.status));
  const okRequests = results.filter((r) => r.status >= 200 && r.status < 300);
  const accepted = okRequests.reduce((sum, r) => sum + (r.body?.accepted ?? eventsPerRequest), 0);
  const seconds = runs.reduce((sum, run) => sum + run.elapsedMs, 0) / 1000;
  return {
    name,
    requests: results.length + errors.length,
    statuses,
    network_errors: errors.length,
    accepted_events: accepted,
    requests_per_s: okRequests.length / seconds,
    events_per_s: accepted / seconds,
    latency: summarize(runs.flatMap((run) => run.latencies)),
  };
}

export function singleEventsLoad({ url, hackathonId, webhookSecret, concurrency = 32, durationMs = 10_000, label = "single" }) {
  const send = createWebhookSender({ url, hackathonId, webhookSecret });
  return runLoad({ concurrency, durationMs, task: (worker, i) => send(costEvent(`bench-${label}-${worker}-${i}`)) });
}

/** `event(id, k)` makes the k-th event of a batch (default: a mix of cost, token and metric events). */
export function batchesLoad({
  url,
  hackathonId,
  webhookSecret,
  concurrency = 8,
  batchSize = 100,
  durationMs = 10_000,
  label = "batch",
  event = mixedEvent,
}) {
  const send = createWebhookSender({ url, hackathonId, webhookSecret });
  return runLoad({
    concurrency,
    durationMs,
    task: (worker, i) => send({ events: Array.from({ length: batchSize }, (_, k) => event(`bench-${label}-${worker}-${i}-${k}`, k)) }),
  });
}

export async function benchSingleEvents(options) {
  return ingestReport(`single events, ${options.concurrency ?? 32} concurrent senders`, [await singleEventsLoad(options)], 1);
}

export async function benchBatches(options) {
  const batchSize = options.batchSize ?? 100;
  return ingestReport(`batches of ${batchSize}, ${options.concurrency ?? 8} concurrent senders`, [await batchesLoad(options)], batchSize);
}

/** Single events from `concurrency` senders until stop() (the background load of a read test). */
export function startBackgroundSenders({ url, hackathonId, webhookSecret, concurrency = 4 }) {
  const send = createWebhookSender({ url, hackathonId, webhookSecret });
  let stopped = false;
  let sent = 0;
  const lanes = Array.from({ length: concurrency }, async (_, worker) => {
    for (let i = 0; !stopped; i++) {
      await send(costEvent(`bench-background-${worker}-${i}-${Date.now()}`)).catch(() => {});
      sent++;
    }
  });
  const started = performance.now();
  return {
    async stop() {
      stopped = true;
      await Promise.all(lanes);
      return { sent, events_per_s: sent / ((performance.now() - started) / 1000) };
    },
  };
}
