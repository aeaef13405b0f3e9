// Ingest latency at a fixed rate (open loop: a request leaves every 1/rate s whether or not the
// previous ones answered), as a busy hackathon sends. It runs on its own thread so that a
// bench process busy reading thousands of sockets does not delay the sends or their timing.
import { Worker, isMainThread, parentPort, workerData } from "node:worker_threads";
import { createWebhookSender } from "../../scripts/lib/webhook-client.mjs";
import { costEvent } from "./events.mjs";
import { summarize, tally } from "./stats.mjs";

/** @returns {Promise<{ rate, sent, statuses, network_errors: Record<string, number>, latency }>} */
export function runPacedIngest({ url, hackathonId, webhookSecret, rate = 200, durationMs = 10_000, label = "paced" }) {
  return new Promise((resolve, reject) => {
    const thread = new Worker(new URL(import.meta.url), { workerData: { url, hackathonId, webhookSecret, rate, durationMs, label } });
    thread.once("message", resolve);
    thread.once("error", reject);
  });
}

async function pacedLoop({ url, hackathonId, webhookSecret, rate, durationMs, label }) {
  const send = createWebhookSender({ url, hackathonId, webhookSecret });
  // Untimed: the thread's first fetch loads and compiles the HTTP client, which would delay every early send.
  for (let i = 0; i < 3; i++) await send(costEvent(`${label}-warm-up-${Date.now().toString(36)}-${i}`));
  const latencies = [];
  const statuses = [];
  const errors = [];
  const inFlight = [];
  const started = performance.now();
  const total = Math.round((rate * durationMs) / 1000);
  for (let i = 0; i < total; i++) {
    const due = started + (i * 1000) / rate;
    const wait = due - performance.now();
    if (wait > 1) await new Promise((resolve) => setTimeout(resolve, wait));
    // Latency counts from when the request was due, so a late send is charged, not hidden.
    inFlight.push(
      send(costEvent(`${label}-${Date.now().toString(36)}-${i}`)).then(
        (r) => {
          statuses.push(r.status);
          latencies.push(performance.now() - due);
        },
        (e) => errors.push(e.cause?.code ?? e.cause?.message ?? e.message),
      ),
    );
  }
  await Promise.all(inFlight);
  return { rate, sent: total, statuses: tally(statuses), network_errors: tally(errors), latency: summarize(latencies) };
}

if (!isMainThread && workerData?.label) parentPort?.postMessage(await pacedLoop(workerData));
