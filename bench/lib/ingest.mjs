// Ingest throughput: signed single events, and batches of 100, through POST /webhooks/:id/events.
import { createWebhookSender } from "../../scripts/lib/webhook-client.mjs";
import { costEvent, mixedEvent } from "./events.mjs";
import { runLoad } from "./load.mjs";
import { summarize, tally } from "./stats.mjs";

function report(name, run, eventsPerRequest) {
  const statuses = tally(run.results.map((r) => r.status));
  const okRequests = run.results.filter((r) => r.status >= 200 && r.status < 300);
  const accepted = okRequests.reduce((sum, r) => sum + (r.body?.accepted ?? eventsPerRequest), 0);
  const seconds = run.elapsedMs / 1000;
  return {
    name,
    requests: run.results.length + run.errors.length,
    statuses,
    network_errors: run.errors.length,
    accepted_events: accepted,
    requests_per_s: okRequests.length / seconds,
    events_per_s: accepted / seconds,
    latency: summarize(run.latencies),
  };
}

export async function benchSingleEvents({ url, hackathonId, webhookSecret, concurrency = 32, durationMs = 10_000 }) {
  const send = createWebhookSender({ url, hackathonId, webhookSecret });
  const run = await runLoad({
    concurrency,
    durationMs,
    task: (worker, i) => send(costEvent(`bench-single-${worker}-${i}`)),
  });
  return report(`single events, ${concurrency} concurrent senders`, run, 1);
}

export async function benchBatches({ url, hackathonId, webhookSecret, concurrency = 8, batchSize = 100, durationMs = 10_000 }) {
  const send = createWebhookSender({ url, hackathonId, webhookSecret });
  const run = await runLoad({
    concurrency,
    durationMs,
    task: (worker, i) =>
      send({
        events: Array.from({ length: batchSize }, (_, k) => mixedEvent(`bench-batch-${worker}-${i}-${k}`, k)),
      }),
  });
  return report(`batches of ${batchSize}, ${concurrency} concurrent senders`, run, batchSize);
}
