// Back-fills one hackathon with a week of signed events (cost, token and metric series, evenly
// spread over the past 7 days) through the public webhook route, in batches of 1,000, as fast
// as the product takes them. 1,000,000 events over a week is ~100 a minute. Retention folds only
// events older than 8 days, so the whole week stays raw: the honest worst case for growth.
// Also a BENCH_PREPARE module: `prepare({ host, log })` back-fills a hackathon of its own
// (BENCH_BACKFILL events, default 1,000,000) on every product host.
import { createApiClient } from "../../scripts/lib/api-client.mjs";
import { createWebhookSender } from "../../scripts/lib/webhook-client.mjs";
import { mixedEvent } from "./events.mjs";

export const WEEK_MS = 7 * 86_400_000;
const BATCH = 1_000;
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** Event `k` of `total`, stamped in order across the `spanMs` before `now`; the type cycles cost, token, metric. */
export function backfillEvent(k, total, now, spanMs = WEEK_MS) {
  return mixedEvent(`fill-${k}`, k, new Date(now - spanMs + Math.floor((k * spanMs) / total)).toISOString());
}

/**
 * Sends `total` events in time order, one batch at a time: batches landing out of order would
 * make every cost event rewrite the running figure of the later ones, which a real sender's
 * back-fill does not do either. 429s wait and retry; any other refusal stops the back-fill.
 */
export async function backfillEvents({
  url,
  hackathonId,
  webhookSecret,
  total,
  now = Date.now(),
  spanMs = WEEK_MS,
  log = /** @type {(line: string) => void} */ (() => {}),
}) {
  const send = createWebhookSender({ url, hackathonId, webhookSecret });
  const started = performance.now();
  let accepted = 0;
  let nextReport = started + 10_000;
  for (let first = 0; first < total; first += BATCH) {
    const events = Array.from({ length: Math.min(BATCH, total - first) }, (_, i) => backfillEvent(first + i, total, now, spanMs));
    let answer = await send({ events });
    while (answer.status === 429) {
      await sleep(Number(answer.retryAfter ?? 1) * 1000);
      answer = await send({ events });
    }
    if (answer.status !== 200)
      throw new Error(`back-fill refused at event ${first}: ${answer.status} ${JSON.stringify(answer.body).slice(0, 300)}`);
    accepted += answer.body.accepted;
    if (performance.now() > nextReport) {
      nextReport += 10_000;
      log(`  back-fill: ${accepted.toLocaleString("en-US")} / ${total.toLocaleString("en-US")} events`);
    }
  }
  const seconds = (performance.now() - started) / 1000;
  return { events: total, accepted, seconds, events_per_s: accepted / seconds };
}

/** Waits until the hackathon's object has flushed the history the back-fill marked (GET /healthz?deep=1). */
export async function waitForHistoryFlushed({
  url,
  adminToken,
  hackathonId,
  timeoutMs = 300_000,
  log = /** @type {(line: string) => void} */ (() => {}),
}) {
  const started = performance.now();
  let backlog = NaN;
  while (performance.now() - started < timeoutMs) {
    const response = await fetch(`${url}/healthz?deep=1`, { headers: { authorization: `Bearer ${adminToken}` } });
    const body = await response.json().catch(() => null);
    const room = body?.components?.hackathons?.find((h) => h.id === hackathonId);
    backlog = room?.history_backlog?.series_minutes ?? NaN;
    if (backlog === 0) return { seconds: (performance.now() - started) / 1000, backlog };
    await sleep(2_000);
  }
  log(`  history backlog still ${backlog} series-minutes after ${timeoutMs / 1000} s; measuring anyway`);
  return { seconds: (performance.now() - started) / 1000, backlog };
}

/** BENCH_PREPARE hook: a hackathon of its own, back-filled, on every product host. */
export async function prepare({ host, log }) {
  if (host.worker !== "product") return;
  const total = Number(process.env.BENCH_BACKFILL ?? 1_000_000);
  const api = createApiClient({ url: host.url, token: host.adminToken });
  const now = Date.now();
  const created = await api.createHackathon({
    id: `bench-backfill-${now.toString(36)}`,
    name: "Bench back-fill",
    budget: { amount: 1_000_000, currency: "USD" },
    starts_at: new Date(now - 8 * 86_400_000).toISOString(),
    ends_at: new Date(now + 23 * 3_600_000).toISOString(),
  });
  log(`  back-filling ${total.toLocaleString("en-US")} events into ${created.hackathon.id}`);
  const filled = await backfillEvents({
    url: host.url,
    hackathonId: created.hackathon.id,
    webhookSecret: created.webhook_secret,
    total,
    now,
    log,
  });
  log(`  back-filled in ${filled.seconds.toFixed(0)} s (${Math.round(filled.events_per_s)} events/s)`);
}
