// `npm start`: the whole product on http://127.0.0.1:8787, with a live demo hackathon.
//   PORT=8790 npm start      another port
//   DEMO=0 npm start         no demo hackathon, no simulator
//   ADMIN_TOKEN=... npm start choose the admin token (otherwise generated once into .dev.vars)
// Data lives in .wrangler/state and survives restarts.
import { startLocalServer } from "./lib/local-server.mjs";

const port = Number(process.env.PORT || 8787);
const demo = !["0", "false", "off", "no"].includes(String(process.env.DEMO ?? "1").toLowerCase());

// Show what wrangler says once it is ready (Worker errors and console output), except its
// log line per request. Its start-up banner is shown only if the start fails.
const isRequestLog = (line) => /^\[wrangler:info\] (GET|POST|PUT|PATCH|DELETE|HEAD|OPTIONS) /.test(line);
let wranglerReady = false;
const onOutput = (line) => {
  if (!wranglerReady) wranglerReady = line.includes("Ready on");
  else if (line.trim() && !isRequestLog(line)) console.log(`  wrangler | ${line}`);
};

let server;
async function shutdown(signal) {
  console.log(`\n${signal}: stopping...`);
  await server?.stop();
  process.exit(0);
}
process.once("SIGINT", () => shutdown("SIGINT"));
process.once("SIGTERM", () => shutdown("SIGTERM"));

try {
  console.log(`Starting Pitwall on http://127.0.0.1:${port} ...`);
  server = await startLocalServer({ port, demo, adminToken: process.env.ADMIN_TOKEN, onOutput });
} catch (error) {
  console.error(`\nCould not start Pitwall: ${error.message}`);
  process.exit(1);
}

console.log(`
Pitwall is running.

  Dashboard (admin):  ${server.url}/#token=${server.adminToken}`);
if (server.demo) {
  console.log(`  Demo hackathon:     ${server.demo.dashboardUrl}`);
  const statusPage = `${server.url}/status/${server.demo.id}`;
  const statusAnswers = await fetch(statusPage).then((r) => r.ok, () => false);
  if (statusAnswers) console.log(`  Public status page: ${statusPage}`);
  console.log(`  Demo webhook:       POST ${server.url}/webhooks/${server.demo.id}/events`);
}
console.log(`
Press Ctrl+C to stop.`);
if (server.demo) {
  server.demo.simulator.ready.then(
    () => console.log("The simulator is sending live events."),
    () => {},
  );
}
