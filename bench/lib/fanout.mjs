// Fan-out latency: N WebSocket subscribers on one hackathon's live channel; after a cost
// event is POSTed, how long until each subscriber receives a "cost" delta.
import WebSocket from "ws";
import { createApiClient } from "../../scripts/lib/api-client.mjs";
import { createWebhookSender } from "../../scripts/lib/webhook-client.mjs";
import { costEvent } from "./events.mjs";
import { mapLimit } from "./load.mjs";
import { summarize, tally } from "./stats.mjs";

const CONNECT_TIMEOUT_MS = 15_000;
const ROUND_TIMEOUT_MS = 5_000;

function connectSubscriber(wsUrl) {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(wsUrl, { perMessageDeflate: false, handshakeTimeout: CONNECT_TIMEOUT_MS });
    /** @type {{ socket: WebSocket, onCost: ((receivedAt: number) => void) | null, closed: string | null }} */
    const subscriber = { socket, onCost: null, closed: null };
    socket.on("close", (code, reason) => (subscriber.closed ??= `${code}${reason.length ? ` ${reason}` : ""}`));
    const timer = setTimeout(() => {
      socket.terminate();
      reject(new Error("no snapshot within 15 s"));
    }, CONNECT_TIMEOUT_MS);
    socket.on("error", (error) => {
      subscriber.closed ??= `error ${/** @type {NodeJS.ErrnoException} */ (error).code ?? error.message}`;
      clearTimeout(timer);
      reject(error);
    });
    socket.on("unexpected-response", (_request, response) => {
      clearTimeout(timer);
      reject(new Error(`upgrade answered ${response.statusCode}`));
    });
    socket.on("message", (raw) => {
      const receivedAt = performance.now();
      let message;
      try {
        message = JSON.parse(raw.toString());
      } catch {
        return;
      }
      if (message.type === "snapshot") {
        clearTimeout(timer);
        resolve(subscriber);
      } else if (message.type === "cost") {
        subscriber.onCost?.(receivedAt);
      }
    });
  });
}

/**
 * @returns {Promise<{ subscribers, connect_failures, connect_ms, rounds, deliveries, missed, latency, post_latency, per_round, closed_during_test }>}
 */
export async function benchFanout({ url, adminToken, hackathonId, webhookSecret, subscribers = 1000, rounds = 20, log = console.log }) {
  const api = createApiClient({ url, token: adminToken });
  const send = createWebhookSender({ url, hackathonId, webhookSecret });
  const wsBase = url.replace(/^http/, "ws");

  const connectStarted = performance.now();
  const failures = [];
  const connected = await mapLimit(Array.from({ length: subscribers }), 50, async () => {
    try {
      const { ticket } = await api.createTicket(hackathonId);
      return await connectSubscriber(`${wsBase}/api/hackathons/${hackathonId}/live?ticket=${encodeURIComponent(ticket)}`);
    } catch (error) {
      failures.push(error.message);
      return null;
    }
  });
  const live = connected.filter(Boolean);
  const connectMs = performance.now() - connectStarted;
  log(
    `  ${live.length} subscribers connected in ${(connectMs / 1000).toFixed(1)} s (${failures.length} failed${failures.length ? `: ${failures[0]}` : ""})`,
  );

  const latencies = [];
  const postLatencies = [];
  const perRound = [];
  let missed = 0;
  let closedEarly = {};
  try {
    for (let round = 0; round < rounds && live.length; round++) {
      let pending = live.length;
      let allReceived;
      const done = new Promise((resolve) => (allReceived = resolve));
      let t0 = 0;
      for (const subscriber of live) {
        subscriber.onCost = (receivedAt) => {
          subscriber.onCost = null;
          latencies.push(receivedAt - t0);
          if (--pending === 0) allReceived();
        };
      }
      t0 = performance.now();
      const response = await send(costEvent(`bench-fanout-${Date.now()}-${round}`));
      postLatencies.push(performance.now() - t0);
      if (response.status !== 200) log(`  round ${round}: webhook answered ${response.status}`);
      const timeout = new Promise((resolve) => setTimeout(resolve, ROUND_TIMEOUT_MS));
      await Promise.race([done, timeout]);
      missed += pending;
      perRound.push({ delivered: live.length - pending, post_status: response.status, post_ms: Math.round(postLatencies.at(-1) ?? NaN) });
      for (const subscriber of live) subscriber.onCost = null;
      await new Promise((resolve) => setTimeout(resolve, 300)); // keep rounds in separate frames
    }
  } finally {
    closedEarly = tally(live.filter((s) => s.closed).map((s) => s.closed));
    for (const subscriber of live) subscriber.socket.terminate();
  }
  return {
    subscribers: live.length,
    connect_failures: failures.length,
    connect_ms: connectMs,
    rounds,
    deliveries: latencies.length,
    missed,
    latency: summarize(latencies),
    post_latency: summarize(postLatencies),
    per_round: perRound,
    closed_during_test: closedEarly,
  };
}
