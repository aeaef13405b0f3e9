// `node bench/profile-batches.mjs`: a CPU profile of the product while batches of 100 fresh
// events arrive, under Miniflare. Connects to workerd's inspector over the Chrome DevTools
// Protocol, samples the Worker's isolate (the Worker and its Durable Object run in it) during
// the load, and prints the top functions by self and by total time. Names are the bundle's,
// which keeps the source's function names (wrangler does not minify).
//   PROFILE_SECONDS=10 PROFILE_SENDERS=8 PROFILE_BATCH=100 PROFILE_TOP=25 PROFILE_OUT=file.cpuprofile
import { writeFileSync } from "node:fs";
import WebSocket from "ws";
import { generateToken } from "../scripts/lib/dev-vars.mjs";
import { findFreePort } from "../scripts/lib/free-port.mjs";
import { ensureWebBuild } from "../scripts/lib/web-build.mjs";
import { batchesLoad, ingestReport } from "./lib/ingest.mjs";
import { startMiniflareHost } from "./lib/miniflare-host.mjs";
import { createBenchHackathon } from "./lib/scenarios.mjs";
import { formatTable, perSecond } from "./lib/table.mjs";

const env = (name, fallback) => Number(process.env[name] ?? fallback);
const seconds = env("PROFILE_SECONDS", 10);
const senders = env("PROFILE_SENDERS", 8);
const batchSize = env("PROFILE_BATCH", 100);
const top = env("PROFILE_TOP", 25);
const log = (line) => console.log(line);

/** A minimal DevTools Protocol client: send(method, params) resolves with the result. */
async function connectInspector(port) {
  const targets = await (await fetch(`http://127.0.0.1:${port}/json`)).json();
  // The user's Worker is "core:user:<name>"; the others are Miniflare's own helpers (entry, D1, cache).
  const target = targets.find((t) => t.webSocketDebuggerUrl?.includes("/core:user:"));
  if (!target) throw new Error("workerd's inspector lists no target");
  const socket = new WebSocket(target.webSocketDebuggerUrl);
  await new Promise((resolve, reject) => {
    socket.once("open", resolve);
    socket.once("error", reject);
  });
  let nextId = 1;
  const pending = new Map();
  socket.on("message", (data) => {
    const message = JSON.parse(String(data));
    const waiter = pending.get(message.id);
    if (!waiter) return;
    pending.delete(message.id);
    if (message.error) waiter.reject(new Error(`${message.error.message}`));
    else waiter.resolve(message.result);
  });
  return {
    title: target.title,
    send: (method, params = {}) =>
      new Promise((resolve, reject) => {
        const id = nextId++;
        pending.set(id, { resolve, reject });
        socket.send(JSON.stringify({ id, method, params }));
      }),
    close: () => socket.close(),
  };
}

const frameName = (node) => {
  const { functionName, url, lineNumber } = node.callFrame;
  const file = url ? url.split("/").at(-1) : "";
  return `${functionName || "(anonymous)"}${file ? ` ${file}:${lineNumber + 1}` : ""}`;
};

/** Self and total milliseconds per function (total counts a function once per sample, however deep it recurses). */
export function summarizeProfile(profile) {
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const parent = new Map();
  for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);
  const self = new Map();
  const total = new Map();
  let all = 0;
  profile.samples.forEach((id, i) => {
    const ms = (profile.timeDeltas[i] ?? 0) / 1000;
    const leaf = byId.get(id);
    if (leaf.callFrame.functionName === "(idle)") return;
    all += ms;
    self.set(frameName(leaf), (self.get(frameName(leaf)) ?? 0) + ms);
    const seen = new Set();
    for (let at = id; at !== undefined; at = parent.get(at)) {
      const name = frameName(byId.get(at));
      if (seen.has(name)) continue;
      seen.add(name);
      total.set(name, (total.get(name) ?? 0) + ms);
    }
  });
  const ranked = (map) => [...map].sort((a, b) => b[1] - a[1]);
  return { busyMs: all, self: ranked(self), total: ranked(total) };
}

async function main() {
  await ensureWebBuild({ log });
  const adminToken = generateToken();
  const inspectorPort = await findFreePort();
  log("Starting the product under Miniflare with its inspector ...");
  const host = {
    ...(await startMiniflareHost({
      configFile: new URL("../wrangler.toml", import.meta.url).pathname,
      secrets: { ADMIN_TOKEN: adminToken },
      inspectorPort,
    })),
    adminToken,
  };
  try {
    const target = await createBenchHackathon(host, `profile-${Date.now().toString(36)}`);
    await batchesLoad({ ...target, concurrency: senders, batchSize, durationMs: 2_000, label: "warm" }); // JIT warm-up
    const inspector = await connectInspector(inspectorPort);
    log(`Profiling ${inspector.title}: batches of ${batchSize}, ${senders} senders, ${seconds} s`);
    await inspector.send("Profiler.enable");
    await inspector.send("Profiler.setSamplingInterval", { interval: 200 });
    await inspector.send("Profiler.start");
    const run = await batchesLoad({ ...target, concurrency: senders, batchSize, durationMs: seconds * 1000, label: "profiled" });
    const { profile } = await inspector.send("Profiler.stop");
    inspector.close();
    if (process.env.PROFILE_OUT) writeFileSync(process.env.PROFILE_OUT, JSON.stringify(profile));
    const report = ingestReport("profiled", [run], batchSize);
    const summary = summarizeProfile(profile);
    const perEventUs = (ms) => ((ms * 1000) / report.accepted_events).toFixed(1);
    log(
      `\n${perSecond(report.events_per_s)} accepted (under the profiler); isolate busy ${(summary.busyMs / 1000).toFixed(1)} s of ${seconds} s = ${perEventUs(summary.busyMs)} µs per event\n`,
    );
    const rows = (list) => list.slice(0, top).map(([name, ms]) => [name, `${((ms / summary.busyMs) * 100).toFixed(1)}%`, perEventUs(ms)]);
    log(formatTable(["self time", "share", "µs/event"], rows(summary.self)));
    log("");
    log(formatTable(["total time (self + callees)", "share", "µs/event"], rows(summary.total)));
  } finally {
    await host.stop();
  }
}

await main();
