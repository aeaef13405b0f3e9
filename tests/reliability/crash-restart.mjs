// Crash safety (docs/contract.md section 5): concurrent senders drive a local server with signed
// events, single and batched, while the server is killed with SIGKILL and restarted a few
// times on the same data. Then every request is redelivered twice, as Pub/Sub and GitHub do.
// Passes when:
//   - every request that got a 2xx was stored, and is a duplicate on redelivery;
//   - every request the Worker refused (its own error envelope) stored nothing;
//   - every request without an answer stored all of its events or none of them;
//   - the dashboard's spend and token total equal the sum over exactly the stored requests,
//     before redelivery, after it (then over all of them), and after a second redelivery.
// Run with `node tests/reliability/crash-restart.mjs`; prints "N passed, M failed".
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { createApiClient } from "../../scripts/lib/api-client.mjs";
import { findFreePort } from "../../scripts/lib/free-port.mjs";
import { deliver, figuresOf, isContractError, makeDelivery } from "./lib/deliveries.mjs";
import { createKillableServer } from "./lib/killable-server.mjs";

const SENDERS = 4;
const KILLS = Number(process.env.CRASH_KILLS || 4);
/** Uptime before each kill is drawn from this range, so kills land at random moments. */
const UPTIME_MS = /** @type {[number, number]} */ ([1_500, 4_000]);
/** The whole run is abandoned (and fails) after this long: a hang, not a slow machine (a restart can take 25 s under load). */
const WATCHDOG_MS = 480_000;

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
const randomBetween = ([low, high]) => low + Math.random() * (high - low);
const log = (line) => console.log(line);

function sumFigures(deliveries) {
  return figuresOf(deliveries.flatMap((d) => d.events));
}

/** Senders that keep delivering while the server is up and wait while it is down. */
function startSenders(target, isUp) {
  const sent = [];
  let stopping = false;
  const loop = async (sender) => {
    for (let n = 0; !stopping; n++) {
      await isUp();
      const delivery = makeDelivery(sender, n);
      const result = await deliver(target, delivery);
      sent.push({ ...delivery, first: result });
    }
  };
  const running = Promise.all(Array.from({ length: SENDERS }, (_, s) => loop(s)));
  return {
    sent,
    stop: async () => {
      stopping = true;
      return await running;
    },
  };
}

/** Redelivers every request, a few at a time; every redelivery must get a 2xx. */
async function redeliverAll(target, deliveries, key, problems) {
  let next = 0;
  const worker = async () => {
    while (next < deliveries.length) {
      const delivery = deliveries[next++];
      const result = await deliver(target, delivery);
      delivery[key] = result;
      if (result.outcome !== "ok") problems.push(`${delivery.id}: redelivery answered ${result.status ?? result.reason}`);
    }
  };
  await Promise.all(Array.from({ length: SENDERS }, worker));
}

async function readFigures(api, hackathonId) {
  const state = await api.getDashboard(hackathonId);
  return { spend: state.cost_metrics.current_spend, tokens: state.token_metrics.total_consumed };
}

function expectFigures(actual, expected, when, problems) {
  if (actual.spend !== expected.spend || actual.tokens !== expected.tokens) {
    problems.push(`${when}: dashboard shows ${JSON.stringify(actual)}, the stored requests add up to ${JSON.stringify(expected)}`);
  }
}

async function crashPhase(server, target) {
  let up = Promise.resolve();
  let markUp = () => {};
  const senders = startSenders(target, () => up);
  const restarts = [];
  for (let i = 0; i < KILLS; i++) {
    await sleep(randomBetween(UPTIME_MS));
    up = new Promise((resolve) => (markUp = resolve));
    await server.kill();
    const inFlightAtKill = senders.sent.length;
    restarts.push(await server.start());
    markUp();
    log(`  kill -9 #${i + 1} after ${inFlightAtKill} requests; back up in ${restarts.at(-1)} ms`);
  }
  await sleep(UPTIME_MS[0]);
  await senders.stop();
  return { sent: senders.sent, restarts };
}

function classify(sent, problems) {
  const stored = [];
  for (const delivery of sent) {
    const { first, second } = delivery;
    const size = delivery.events.length;
    const { accepted, duplicates } = second.body ?? {};
    const wasStored = duplicates === size && accepted === 0;
    const wasNotStored = accepted === size && duplicates === 0;
    if (second.outcome === "ok" && !wasStored && !wasNotStored) {
      problems.push(`${delivery.id}: half applied (${size} events; redelivery found ${duplicates} stored, ${accepted} new)`);
    }
    if (first.outcome === "ok") {
      if (first.body?.accepted !== size || first.body?.duplicates !== 0)
        problems.push(`${delivery.id}: first 2xx answered ${JSON.stringify(first.body)}`);
      if (!wasStored) problems.push(`${delivery.id}: answered 2xx but was not stored`);
    }
    if (isContractError(first) && !wasNotStored) problems.push(`${delivery.id}: answered ${first.status} but stored events`);
    if (wasStored) stored.push(delivery);
  }
  return stored;
}

function tally(sent) {
  const counts = { ok: 0, error: 0, none: 0 };
  for (const delivery of sent) counts[delivery.first.outcome] += 1;
  return counts;
}

async function main() {
  const persistDir = mkdtempSync(path.join(os.tmpdir(), "pitwall-crash-"));
  const port = await findFreePort();
  const server = await createKillableServer({ port, persistDir });
  const problems = [];
  try {
    log(`Starting a local server on port ${port} (data in ${persistDir})…`);
    await server.start();
    const api = createApiClient({ url: server.url, token: server.adminToken });
    const now = Date.now();
    const created = await api.createHackathon({
      id: `crash-${now.toString(36)}`,
      name: "Crash test",
      budget: { amount: 1_000_000_000, currency: "USD" },
      starts_at: new Date(now - 3_600_000).toISOString(),
      ends_at: new Date(now + 23 * 3_600_000).toISOString(),
    });
    const hackathonId = created.hackathon.id;
    const target = { url: server.url, hackathonId, webhookSecret: created.webhook_secret };

    log(`${SENDERS} senders; the server is killed with SIGKILL ${KILLS} times`);
    const { sent, restarts } = await crashPhase(server, target);
    const beforeRedelivery = await readFigures(api, hackathonId);

    await redeliverAll(target, sent, "second", problems);
    const stored = classify(sent, problems);
    expectFigures(beforeRedelivery, sumFigures(stored), "after the crashes", problems);
    const afterFirst = await readFigures(api, hackathonId);
    expectFigures(afterFirst, sumFigures(sent), "after redelivering everything", problems);

    await redeliverAll(target, sent, "third", problems);
    for (const delivery of sent) {
      const body = delivery.third.body ?? {};
      if (body.accepted !== 0 || body.duplicates !== delivery.events.length) {
        problems.push(`${delivery.id}: second redelivery answered ${JSON.stringify(body)}, not all duplicates`);
      }
    }
    expectFigures(await readFigures(api, hackathonId), sumFigures(sent), "after redelivering everything again", problems);

    const counts = tally(sent);
    const lost = sent.filter((d) => d.first.outcome !== "ok" && stored.includes(d)).length;
    log(
      `  ${sent.length} requests (${sent.reduce((n, d) => n + d.events.length, 0)} events): ${counts.ok} answered 2xx, ` +
        `${counts.error} errors, ${counts.none} without an answer (${lost} of those were stored whole)`,
    );
    log(`  restart to /healthz: ${restarts.map((ms) => `${ms} ms`).join(", ")}`);
    if (counts.ok === 0) problems.push("no request was answered 2xx: the run proved nothing");
    if (counts.none === 0) log("  (no kill caught a request in flight this time)");
  } catch (error) {
    problems.push(String(error?.stack ?? error));
  } finally {
    await server.stop().catch(() => {});
    rmSync(persistDir, { recursive: true, force: true });
  }
  return problems;
}

const watchdog = setTimeout(() => {
  console.log("  ✗ crash/restart test did not finish in time\n0 passed, 1 failed");
  process.exit(1);
}, WATCHDOG_MS);
const problems = await main();
clearTimeout(watchdog);
for (const problem of problems.slice(0, 30)) console.log(`  ✗ ${problem.replace(/\n/g, "\n    ")}`);
if (problems.length > 30) console.log(`  … and ${problems.length - 30} more`);
console.log(problems.length === 0 ? "  ✓ every 2xx counted exactly once; nothing half applied; redelivery changed nothing" : "");
console.log(`${problems.length === 0 ? 1 : 0} passed, ${problems.length === 0 ? 0 : 1} failed`);
process.exit(problems.length === 0 ? 0 : 1);
