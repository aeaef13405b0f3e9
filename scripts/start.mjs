// `npm start`: the whole product on http://127.0.0.1:8787, with a live demo hackathon.
//   PORT=8790 npm start      another port
//   DEMO=0 npm start         no demo hackathon, no simulator
//   ADMIN_TOKEN=... npm start choose the admin token (otherwise generated once into .dev.vars)
//   DEMO_OUTAGE_EVERY_MIN=10 npm start   a simulated cost-webhook outage every 10 minutes
//   ACCESS_TEAM_DOMAIN=team.cloudflareaccess.com ACCESS_AUD=... [ACCESS_JWKS_URL=...] [ACCESS_ADMIN_EMAILS=a@x,b@y] npm start
//                            people sign in through Cloudflare Access (docs/operations.md); tokens work as before
// Data lives in .wrangler/state and survives restarts.
// With the demo on, the demo's control URL (billing provider, outage switch) is written to
// .wrangler/demo-control.json for `npm run demo:outage`.
import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { startLocalServer } from "./lib/local-server.mjs";
import { DEMO_CONTROL_FILE } from "./lib/paths.mjs";

const port = Number(process.env.PORT || 8787);
const demo = !["0", "false", "off", "no"].includes(String(process.env.DEMO ?? "1").toLowerCase());
const outageEveryMin = Number(process.env.DEMO_OUTAGE_EVERY_MIN || 0);
if (!Number.isFinite(outageEveryMin) || outageEveryMin < 0) {
  console.error(`DEMO_OUTAGE_EVERY_MIN must be a number of minutes, not ${JSON.stringify(process.env.DEMO_OUTAGE_EVERY_MIN)}`);
  process.exit(1);
}

/** Removes the control file, if it is still ours. */
function removeControlFile() {
  try {
    if (JSON.parse(readFileSync(DEMO_CONTROL_FILE, "utf8")).pid === process.pid) rmSync(DEMO_CONTROL_FILE);
  } catch {
    // Not there, or another start's.
  }
}

// Show what wrangler says once it is ready (Worker errors and console output), except its
// log line per request. Its start-up banner is shown only if the start fails.
const isRequestLog = (line) =>
  /^\[wrangler:info\] (GET|POST|PUT|PATCH|DELETE|HEAD|OPTIONS) /.test(line) || /^\{"level":"info","msg":"request"/.test(line);
let wranglerReady = false;
const onOutput = (line) => {
  if (!wranglerReady) wranglerReady = line.includes("Ready on");
  else if (line.trim() && !isRequestLog(line)) console.log(`  wrangler | ${line}`);
};

let server;
async function shutdown(signal) {
  console.log(`\n${signal}: stopping...`);
  removeControlFile();
  await server?.stop();
  process.exit(0);
}
process.once("SIGINT", () => shutdown("SIGINT"));
process.once("SIGTERM", () => shutdown("SIGTERM"));

try {
  console.log(`Starting Pitwall on http://127.0.0.1:${port} ...`);
  server = await startLocalServer({ port, demo, outageEveryMin, adminToken: process.env.ADMIN_TOKEN, onOutput });
} catch (error) {
  console.error(`\nCould not start Pitwall: ${error.message}`);
  process.exit(1);
}

console.log(`
Pitwall is running.

  Dashboard (admin):  ${server.url}/#token=${server.adminToken}`);
if (process.env.ACCESS_TEAM_DOMAIN && process.env.ACCESS_AUD) {
  console.log(`  Sign-in:            Cloudflare Access, team ${process.env.ACCESS_TEAM_DOMAIN} (tokens work too)`);
}
if (server.demo) {
  console.log(`  Demo hackathon:     ${server.demo.dashboardUrl}   (viewer: watches only)`);
  console.log(`  Demo as operator:   ${server.demo.operatorUrl}   (acknowledges, resolves, plans maintenance)`);
  const statusPage = `${server.url}/status/${server.demo.id}`;
  const statusAnswers = await fetch(statusPage).then(
    (r) => r.ok,
    () => false,
  );
  if (statusAnswers) console.log(`  Public status page: ${statusPage}`);
  console.log(`  Demo webhook:       POST ${server.url}/webhooks/${server.demo.id}/events`);
  console.log(`  Demo OTLP:          POST ${server.demo.otlpEndpoint}/v1/traces   (the team-agents service's token calls)`);
  console.log(`  Demo billing:       GET ${server.demo.billing.spendUrl} (polled by the cost source)`);
  console.log(`  Simulated outage:   npm run demo:outage   (POST|DELETE ${server.demo.billing.url}/outage?minutes=2)`);
  mkdirSync(path.dirname(DEMO_CONTROL_FILE), { recursive: true });
  writeFileSync(
    DEMO_CONTROL_FILE,
    `${JSON.stringify({ pid: process.pid, url: server.url, hackathon: server.demo.id, control_url: server.demo.billing.url }, null, 2)}\n`,
  );
}
console.log(`
Press Ctrl+C to stop.`);
if (server.demo) {
  server.demo.simulator.ready.then(
    () => console.log("The simulator is sending live events."),
    () => {},
  );
}
