// Feeds a hackathon with realistic events through the real inbound routes: correctly signed
// webhooks, and, given the ingest token, one team service's token calls as OpenTelemetry
// GenAI spans over OTLP. Back-fills the last hours first (so charts have a shape at once),
// then sends live events at realistic rates until stopped. Never throws on server errors:
// it logs them briefly and carries on.
import { createOtlpTraceSender } from "./otlp-client.mjs";
import { createWebhookSender } from "./webhook-client.mjs";
import { tracesExport } from "./simulator/otlp-spans.mjs";
import { costBetween, OTLP_TOKEN_SERVICE, streamEventsBetween } from "./simulator/streams.mjs";
import { scheduleBoard, taskEventsBetween, taskStateEventsAt } from "./simulator/task-board.mjs";
import { unit } from "./simulator/random.mjs";

// Below 512, the batch span processor's default export size, so an OTLP share is one export.
const BACKFILL_BATCH_SIZE = 500;
const MAX_ATTEMPTS = 3;

const byTs = (a, b) => (a.ts < b.ts ? -1 : a.ts > b.ts ? 1 : 0);

/** What a refusal says: section 5's `{ error: { code, message } }`, or OTLP's google.rpc.Status `{ code, message }`. */
function refusalDetail(body) {
  if (body?.error) return `${body.error.code}: ${body.error.message}`;
  if (typeof body?.message === "string") return body.message;
  return String(typeof body === "string" ? body : JSON.stringify(body)).slice(0, 120);
}

function createThrottledLog(log, windowMs = 30_000) {
  const seen = new Map(); // message -> { at, suppressed }
  return (message) => {
    const now = Date.now();
    const entry = seen.get(message);
    if (entry && now - entry.at < windowMs) {
      entry.suppressed++;
      return;
    }
    const suffix = entry?.suppressed ? ` (repeated ${entry.suppressed}x)` : "";
    seen.set(message, { at: now, suppressed: 0 });
    log(`${message}${suffix}`);
  };
}

/**
 * @param {{
 *   url: string, hackathonId: string, webhookSecret: string,
 *   ingestToken?: string | null, // sends OTLP_TOKEN_SERVICE's token calls over OTLP; without it, everything is a webhook
 *   startsAt: string | number | Date, endsAt?: string | number | Date | null,
 *   backfillMs?: number,   // history to back-fill on start (default 2 h, never before startsAt)
 *   tickMs?: number,       // how often due live events are sent (default 500 ms)
 *   log?: (line: string) => void,
 * }} options
 * @returns {{ ready: Promise<void>, stop(): Promise<void>, stats: object,
 *   trueCostTotal(at?: number): number,
 *   startOutage(ms: number): { until: number }, endOutage(): boolean, outage(): null | { since: number, until: number } }}
 *   ready resolves once the back-fill has been sent.
 *   trueCostTotal: the spend the simulator's cost stream adds up to from startsAt to `at`
 *   (default now), whether or not the events were sent: what a billing provider would bill.
 *   startOutage/endOutage: while an outage is on, cost events are generated (and counted in
 *   trueCostTotal) but not sent; every other event keeps flowing.
 */
export function startSimulator({
  url,
  hackathonId,
  webhookSecret,
  ingestToken = null,
  startsAt,
  endsAt = null,
  backfillMs = 2 * 3_600_000,
  tickMs = 500,
  log = (line) => console.log(line),
}) {
  const seed = hackathonId;
  const send = createWebhookSender({ url, hackathonId, webhookSecret });
  const sendSpans = ingestToken ? createOtlpTraceSender({ url, hackathonId, ingestToken }) : null;
  /** Whether `event` goes out as an OTLP span rather than a signed webhook. */
  const viaOtlp = (event) => sendSpans !== null && event.type === "token" && event.service === OTLP_TOKEN_SERVICE;
  const warn = createThrottledLog((line) => log(`[simulator] ${line}`));
  const schedule = scheduleBoard({
    startsAt: new Date(startsAt).getTime(),
    endsAt: endsAt === null || endsAt === undefined ? null : new Date(endsAt).getTime(),
    seed,
  });
  const stats = {
    requests: 0,
    accepted: 0,
    duplicates: 0,
    failed_requests: 0,
    dropped_events: 0,
    withheld_cost_events: 0,
    withheld_cost: 0,
    /** Spans answered 2xx and not rejected (new or already known), and those rejected through a partial success. */
    otlp_spans: 0,
    otlp_rejected_spans: 0,
  };
  const startMs = new Date(startsAt).getTime();
  // The true spend: the cost stream is deterministic, so its sum from startsAt is known
  // without having sent anything. Kept as a running total, advanced on demand.
  const trueCost = { until: startMs, value: 0 };
  function trueCostTotal(at = Date.now()) {
    if (at > trueCost.until) {
      trueCost.value += costBetween(seed, trueCost.until, at);
      trueCost.until = at;
    }
    return Number(trueCost.value.toFixed(5));
  }
  // The outage switch: null, or { since, until, events, cost, timer }.
  let outage = null;
  function endOutage(reason = "outage over") {
    if (!outage) return false;
    clearTimeout(outage.timer);
    const { events, cost, since } = outage;
    outage = null;
    const minutes = ((Date.now() - since) / 60_000).toFixed(1);
    log(`[simulator] ${reason} after ${minutes} min: withheld ${events} cost events ($${cost.toFixed(4)}); sending cost events again`);
    return true;
  }
  function startOutage(ms) {
    const now = Date.now();
    if (outage) clearTimeout(outage.timer);
    else outage = { since: now, events: 0, cost: 0 };
    outage.until = now + ms;
    outage.timer = setTimeout(() => endOutage(), ms);
    outage.timer.unref?.();
    log(
      `[simulator] outage: withholding cost events for ${Number((ms / 60_000).toFixed(2))} min (until ${new Date(outage.until).toISOString()})`,
    );
    return { since: outage.since, until: outage.until };
  }
  /** Drops the cost events while an outage is on, counting them. */
  function withhold(events) {
    if (!outage) return events;
    return events.filter((event) => {
      if (event.type !== "cost") return true;
      outage.events++;
      outage.cost += event.amount ?? 0;
      stats.withheld_cost_events++;
      stats.withheld_cost = Number((stats.withheld_cost + (event.amount ?? 0)).toFixed(5));
      return false;
    });
  }
  let stopped = false;
  let wake = null;
  const sleep = (ms) =>
    new Promise((resolve) => {
      const timer = setTimeout(resolve, ms);
      wake = () => {
        clearTimeout(timer);
        resolve(undefined);
      };
    });

  /**
   * Sends one request (`attempt`), retrying network errors, 429 and 5xx; `onAccepted(body)`
   * counts a 2xx. `count` events are counted as dropped when every attempt fails.
   */
  async function sendWithRetries(label, attempt, count, onAccepted) {
    for (let n = 1; n <= MAX_ATTEMPTS && !stopped; n++) {
      stats.requests++;
      let result;
      try {
        result = await attempt();
      } catch (error) {
        warn(`${label} request failed: ${error.cause?.code ?? error.message}`);
        result = null;
      }
      if (result && result.status >= 200 && result.status < 300) {
        onAccepted(result.body);
        return true;
      }
      stats.failed_requests++;
      if (result) warn(`${label} answered ${result.status} (${refusalDetail(result.body)})`);
      const retryable = !result || result.status === 429 || result.status >= 500;
      if (!retryable) break;
      const retryAfter = result?.status === 429 ? 1000 * (Number(result.retryAfter) || 1) : 500;
      await sleep(retryAfter * n);
    }
    stats.dropped_events += count;
    return false;
  }

  /** One webhook request: a single event, or `{ events }`. */
  function deliver(payload) {
    return sendWithRetries(
      "webhook",
      () => send(payload),
      payload.events?.length ?? 1,
      (body) => {
        stats.accepted += body?.accepted ?? 0;
        stats.duplicates += body?.duplicates ?? 0;
      },
    );
  }

  /** One OTLP export of token events, as OTLP_TOKEN_SERVICE's SDK would send it. */
  async function deliverSpans(events) {
    if (!sendSpans) return false;
    const request = tracesExport(events, { serviceName: OTLP_TOKEN_SERVICE });
    return sendWithRetries(
      "OTLP export",
      () => sendSpans(request),
      events.length,
      (body) => {
        const rejected = Number(body?.partialSuccess?.rejectedSpans ?? 0);
        stats.otlp_spans += events.length - rejected;
        stats.otlp_rejected_spans += rejected;
        if (rejected > 0) warn(`OTLP export: ${rejected} spans rejected (${body.partialSuccess.errorMessage})`);
      },
    );
  }

  /** Sends `events` as they go out: OTLP_TOKEN_SERVICE's token calls in one export, the rest as webhooks (`sendWebhooks`). */
  async function deliverSplit(events, sendWebhooks) {
    const spans = events.filter(viaOtlp);
    const webhooks = spans.length ? events.filter((event) => !viaOtlp(event)) : events;
    if (webhooks.length) await sendWebhooks(webhooks);
    if (spans.length && !stopped) await deliverSpans(spans);
  }

  function eventsBetween(from, to) {
    return [...streamEventsBetween(seed, from, to), ...taskEventsBetween(schedule, from, to)].sort(byTs);
  }

  async function backfill() {
    const now = Date.now();
    const from = Math.max(now - backfillMs, new Date(startsAt).getTime());
    const events = [...taskStateEventsAt(schedule, from), ...eventsBetween(from, now)];
    const unique = [...new Map(events.map((e) => [e.id, e])).values()].sort(byTs);
    // Slice by slice, so both channels move forward in time together.
    for (let i = 0; i < unique.length && !stopped; i += BACKFILL_BATCH_SIZE) {
      await deliverSplit(unique.slice(i, i + BACKFILL_BATCH_SIZE), (events) => deliver({ events }));
    }
    const otlp = sendSpans ? `; ${stats.otlp_spans} token calls of ${OTLP_TOKEN_SERVICE} as OTLP spans` : "";
    log(
      `[simulator] back-filled ${unique.length} events from ${new Date(from).toISOString()}: ` +
        `signed webhooks ${stats.accepted} new, ${stats.duplicates} already known${otlp}`,
    );
    return now;
  }

  async function sendWebhooksLive(events, tick) {
    if (events.length === 1) return void (await deliver(events[0]));
    // Several due at once: sometimes one batch, sometimes one request each.
    if (unit(seed, "batch", tick) < 0.5) return void (await deliver({ events }));
    for (const event of events) await deliver(event);
  }

  let finished;
  const ready = (async () => {
    let cursor = await backfill();
    finished = (async () => {
      for (let tick = 0; !stopped; tick++) {
        await sleep(tickMs);
        if (stopped) break;
        const now = Date.now();
        const due = withhold(eventsBetween(cursor, now));
        cursor = now;
        if (due.length) await deliverSplit(due, (events) => sendWebhooksLive(events, tick));
      }
    })();
  })();
  ready.catch((error) => log(`[simulator] stopped: ${error.message}`));

  return {
    ready,
    stats,
    trueCostTotal,
    startOutage,
    endOutage: () => endOutage("outage ended by hand"),
    outage: () =>
      outage
        ? { since: outage.since, until: outage.until, withheld_events: outage.events, withheld_cost: Number(outage.cost.toFixed(5)) }
        : null,
    async stop() {
      stopped = true;
      if (outage) clearTimeout(outage.timer);
      wake?.();
      await ready.catch(() => {});
      await finished;
    },
  };
}
