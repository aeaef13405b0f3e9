// Many live subscribers on one hackathon (the 10,000-viewer case). Unlike fanout.mjs, a socket
// parses only its first message (the snapshot); a small sample parses every delta to measure
// the frames: the deltas of one frame are published back to back, one per kind, so a delta opens
// a new frame when its kind is already in the current one or its `ts` is more than
// FRAME_SPREAD_MS after the previous delta's.
import WebSocket from "ws";
import { createApiClient } from "../../scripts/lib/api-client.mjs";
import { mapLimit } from "./load.mjs";
import { summarize, tally } from "./stats.mjs";

const CONNECT_TIMEOUT_MS = 30_000;
const SAMPLE = 20;
const FRAME_SPREAD_MS = 50; // a frame's deltas are built back to back, a few ms each

/**
 * Each subscriber comes from its own address (in 198.18.0.0/15, the range set aside for
 * benchmarks), as a room of screens and laptops does: the Worker caps sockets and tickets per
 * client address (worker/src/durable/client-caps.ts). Miniflare keeps a CF-Connecting-IP the
 * client sends; Cloudflare's edge would replace it.
 */
const addressOf = (i) => `198.18.${(i >> 8) & 255}.${i & 255}`;

function connect(wsUrl, sampled, address) {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(wsUrl, {
      perMessageDeflate: false,
      handshakeTimeout: CONNECT_TIMEOUT_MS,
      headers: { "cf-connecting-ip": address },
    });
    /** @type {{ socket: WebSocket, messages: number, frames: Array<{ start: number, last: number, kinds: Set<string> }> | null, closed: string | null }} */
    const member = { socket, messages: 0, frames: sampled ? [] : null, closed: null };
    let opened = false;
    socket.on("close", (code) => (member.closed ??= String(code)));
    socket.on("error", (error) => {
      member.closed ??= `error ${/** @type {NodeJS.ErrnoException} */ (error).code ?? error.message}`;
      if (!opened) reject(error);
    });
    socket.on("unexpected-response", (_request, response) => reject(new Error(`upgrade answered ${response.statusCode}`)));
    socket.on("message", (raw) => {
      if (!opened) {
        opened = true;
        return resolve(member);
      }
      member.messages++;
      if (!member.frames) return;
      const { type, ts } = JSON.parse(raw.toString());
      const at = Date.parse(ts);
      const frame = member.frames.at(-1);
      if (!frame || frame.kinds.has(type) || at - frame.last > FRAME_SPREAD_MS) {
        member.frames.push({ start: at, last: at, kinds: new Set([type]) });
      } else {
        frame.last = at;
        frame.kinds.add(type);
      }
    });
  });
}

/** A ticket, waiting out the ticket rate limit (per hackathon and client address) should the crowd outrun it. */
async function ticketFor(api, hackathonId, address) {
  for (let attempt = 0; ; attempt++) {
    try {
      return (
        await api.request("POST", `/api/hackathons/${encodeURIComponent(hackathonId)}/ticket`, undefined, { "cf-connecting-ip": address })
      ).ticket;
    } catch (error) {
      if (error.status !== 429 || attempt >= 20) throw error;
      await new Promise((resolve) => setTimeout(resolve, 5_000));
    }
  }
}

export async function openCrowd({ url, adminToken, viewerToken, hackathonId, size, log = console.log }) {
  // Half admins, half viewers, as in a real room.
  const apis = [adminToken, viewerToken ?? adminToken].map((token) => createApiClient({ url, token }));
  const wsBase = `${url.replace(/^http/, "ws")}/api/hackathons/${encodeURIComponent(hackathonId)}/live?ticket=`;
  const failures = [];
  const started = performance.now();
  const members = await mapLimit(Array.from({ length: size }), 64, async (_, i) => {
    try {
      const ticket = await ticketFor(apis[i % 2], hackathonId, addressOf(i));
      return await connect(wsBase + encodeURIComponent(ticket), i < SAMPLE, addressOf(i));
    } catch (error) {
      failures.push(error.message);
      return null;
    }
  });
  const live = members.filter(Boolean);
  const connectMs = performance.now() - started;
  log(
    `  ${live.length} subscribers connected in ${(connectMs / 1000).toFixed(1)} s (${failures.length} failed${failures.length ? `: ${failures[0]}` : ""})`,
  );

  return {
    connected: live.length,
    failures: tally(failures),
    connect_ms: connectMs,
    /** Forgets what was received so far (call before a measured phase). */
    reset() {
      for (const m of live) {
        m.messages = 0;
        if (m.frames) m.frames.length = 0;
      }
    },
    /** Frames and messages per subscriber since the last reset, over `seconds`. */
    frameStats(seconds) {
      const sampled = live.filter((m) => m.frames);
      const gaps = sampled.flatMap((m) => m.frames.slice(1).map((frame, i) => frame.start - m.frames[i].start));
      const messages = live.reduce((sum, m) => sum + m.messages, 0);
      return {
        frames_per_s: sampled.reduce((sum, m) => sum + m.frames.length, 0) / sampled.length / seconds,
        messages_per_subscriber_s: messages / live.length / seconds,
        frame_gap_ms: summarize(gaps),
        min_frame_gap_ms: gaps.length ? Math.min(...gaps) : NaN,
      };
    },
    closedEarly: () => tally(live.filter((m) => m.closed).map((m) => m.closed)),
    close() {
      for (const m of live) m.socket.terminate();
    },
  };
}
