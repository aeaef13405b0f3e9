// Alert latency: how long after a webhook's 2xx the alert for an anomalous event reaches a
// live-channel subscriber. Each round uses its own metric series: a warm-up of ordinary
// values (in the past), then one far-off value, timed from the POST's answer.
import WebSocket from "ws";
import { createApiClient } from "../../scripts/lib/api-client.mjs";
import { createWebhookSender } from "../../scripts/lib/webhook-client.mjs";
import { summarize } from "./stats.mjs";

const WARM_UP_POINTS = 40;
const ROUND_TIMEOUT_MS = 5_000;

const metric = (id, name, value, ts) => ({ id, type: "metric", ts: new Date(ts).toISOString(), name, value, unit: "ms" });

function openSocket(url) {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(url, { perMessageDeflate: false });
    const listeners = new Set();
    socket.on("message", (raw) => {
      const receivedAt = performance.now();
      const message = JSON.parse(raw.toString());
      if (message.type === "snapshot") resolve({ socket, listeners });
      for (const listener of listeners) listener(message, receivedAt);
    });
    socket.on("error", reject);
  });
}

function waitForAlert(live, series) {
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      live.listeners.delete(listener);
      resolve(null);
    }, ROUND_TIMEOUT_MS);
    const listener = (message, receivedAt) => {
      if (message.type !== "alert" || message.data.series !== series) return;
      clearTimeout(timer);
      live.listeners.delete(listener);
      resolve(receivedAt);
    };
    live.listeners.add(listener);
  });
}

/** @returns {Promise<{ rounds, alerted, after_2xx, after_post }>} */
export async function benchAlertLatency({ url, adminToken, hackathonId, webhookSecret, rounds = 10 }) {
  const api = createApiClient({ url, token: adminToken });
  const send = createWebhookSender({ url, hackathonId, webhookSecret });
  const { ticket } = await api.createTicket(hackathonId);
  const live = await openSocket(`${url.replace(/^http/, "ws")}/api/hackathons/${hackathonId}/live?ticket=${encodeURIComponent(ticket)}`);
  const after2xx = [];
  const afterPost = [];
  try {
    for (let round = 0; round < rounds; round++) {
      const name = `bench_latency_${round}`;
      const now = Date.now();
      const warmUp = Array.from({ length: WARM_UP_POINTS }, (_, i) =>
        metric(`warm-${round}-${i}-${now}`, name, 100 + ((i * 7) % 20), now - (WARM_UP_POINTS - i) * 5_000),
      );
      await send({ events: warmUp });
      const arrival = waitForAlert(live, `metric.${name}`);
      const posted = performance.now();
      const response = await send(metric(`spike-${round}-${now}`, name, 5_000, now));
      const answered = performance.now();
      const receivedAt = await arrival;
      if (response.status !== 200 || receivedAt === null) continue;
      after2xx.push(Math.max(0, receivedAt - answered));
      afterPost.push(receivedAt - posted);
    }
  } finally {
    live.socket.terminate();
  }
  return { rounds, alerted: after2xx.length, after_2xx: summarize(after2xx), after_post: summarize(afterPost) };
}
