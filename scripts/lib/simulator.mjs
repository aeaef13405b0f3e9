// Feeds a hackathon with realistic, correctly signed events through the real webhook
// endpoint: back-fills the last hours first (so charts have a shape at once), then sends
// live events at realistic rates until stopped. Never throws on server errors: it logs
// them briefly and carries on.
import { createWebhookSender } from "./webhook-client.mjs";
import { streamEventsBetween } from "./simulator/streams.mjs";
import { scheduleBoard, taskEventsBetween, taskStateEventsAt } from "./simulator/task-board.mjs";
import { unit } from "./simulator/random.mjs";

const BACKFILL_BATCH_SIZE = 500;
const MAX_ATTEMPTS = 3;

const byTs = (a, b) => (a.ts < b.ts ? -1 : a.ts > b.ts ? 1 : 0);

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
 *   startsAt: string | number | Date, endsAt?: string | number | Date | null,
 *   backfillMs?: number,   // history to back-fill on start (default 2 h, never before startsAt)
 *   tickMs?: number,       // how often due live events are sent (default 500 ms)
 *   log?: (line: string) => void,
 * }} options
 * @returns {{ ready: Promise<void>, stop(): Promise<void>, stats: object }}
 *   ready resolves once the back-fill has been sent.
 */
export function startSimulator({
  url,
  hackathonId,
  webhookSecret,
  startsAt,
  endsAt = null,
  backfillMs = 2 * 3_600_000,
  tickMs = 500,
  log = (line) => console.log(line),
}) {
  const seed = hackathonId;
  const send = createWebhookSender({ url, hackathonId, webhookSecret });
  const warn = createThrottledLog((line) => log(`[simulator] ${line}`));
  const schedule = scheduleBoard({
    startsAt: new Date(startsAt).getTime(),
    endsAt: endsAt === null || endsAt === undefined ? null : new Date(endsAt).getTime(),
    seed,
  });
  const stats = { requests: 0, accepted: 0, duplicates: 0, failed_requests: 0, dropped_events: 0 };
  let stopped = false;
  let wake = null;
  const sleep = (ms) =>
    new Promise((resolve) => {
      const timer = setTimeout(resolve, ms);
      wake = () => (clearTimeout(timer), resolve());
    });

  async function deliver(payload) {
    const count = payload.events?.length ?? 1;
    for (let attempt = 1; attempt <= MAX_ATTEMPTS && !stopped; attempt++) {
      stats.requests++;
      let result;
      try {
        result = await send(payload);
      } catch (error) {
        warn(`webhook request failed: ${error.cause?.code ?? error.message}`);
        result = null;
      }
      if (result && result.status >= 200 && result.status < 300) {
        stats.accepted += result.body?.accepted ?? 0;
        stats.duplicates += result.body?.duplicates ?? 0;
        return true;
      }
      stats.failed_requests++;
      if (result) {
        const error = result.body?.error;
        const detail = error ? `${error.code}: ${error.message}` : String(result.body).slice(0, 120);
        warn(`webhook answered ${result.status} (${detail})`);
      }
      const retryable = !result || result.status === 429 || result.status >= 500;
      if (!retryable) break;
      const retryAfter = result?.status === 429 ? 1000 * (Number(result.retryAfter) || 1) : 500;
      await sleep(retryAfter * attempt);
    }
    stats.dropped_events += count;
    return false;
  }

  function eventsBetween(from, to) {
    return [...streamEventsBetween(seed, from, to), ...taskEventsBetween(schedule, from, to)].sort(byTs);
  }

  async function backfill() {
    const now = Date.now();
    const from = Math.max(now - backfillMs, new Date(startsAt).getTime());
    const events = [...taskStateEventsAt(schedule, from), ...eventsBetween(from, now)];
    const unique = [...new Map(events.map((e) => [e.id, e])).values()].sort(byTs);
    for (let i = 0; i < unique.length && !stopped; i += BACKFILL_BATCH_SIZE) {
      await deliver({ events: unique.slice(i, i + BACKFILL_BATCH_SIZE) });
    }
    log(
      `[simulator] back-filled ${unique.length} events from ${new Date(from).toISOString()} ` +
        `(${stats.accepted} accepted, ${stats.duplicates} already known)`,
    );
    return now;
  }

  async function sendLive(events, tick) {
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
        const due = eventsBetween(cursor, now);
        cursor = now;
        if (due.length) await sendLive(due, tick);
      }
    })();
  })();
  ready.catch((error) => log(`[simulator] stopped: ${error.message}`));

  return {
    ready,
    stats,
    async stop() {
      stopped = true;
      wake?.();
      await ready.catch(() => {});
      await finished;
    },
  };
}
