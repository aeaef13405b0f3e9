// `npm run demo:outage`: switches the running demo (`npm start`) into a simulated outage of
// its cost webhooks, so the cost source falls back to polling the demo billing provider.
//   npm run demo:outage           withhold cost events for 2 minutes
//   npm run demo:outage -- 5      for 5 minutes
//   npm run demo:outage -- off    end the outage now
//   npm run demo:outage -- status show whether one is on
// It finds the demo through .wrangler/demo-control.json, written by `npm start`.
import { readFileSync } from "node:fs";
import { DEMO_CONTROL_FILE } from "./lib/paths.mjs";

const arg = (process.argv[2] ?? "2").toLowerCase();
let control;
try {
  control = JSON.parse(readFileSync(DEMO_CONTROL_FILE, "utf8"));
} catch {
  console.error(`No running demo found (${DEMO_CONTROL_FILE} is missing): start it with \`npm start\` first.`);
  process.exit(1);
}

let method = "POST";
let query = "";
if (["off", "stop", "end"].includes(arg)) method = "DELETE";
else if (arg === "status") method = "GET";
else {
  const minutes = Number(arg);
  if (!Number.isFinite(minutes) || minutes <= 0) {
    console.error(`Usage: npm run demo:outage [-- <minutes> | off | status]  (not ${JSON.stringify(arg)})`);
    process.exit(2);
  }
  query = `?minutes=${minutes}`;
}

let response;
try {
  response = await fetch(`${control.control_url}/outage${query}`, { method, signal: AbortSignal.timeout(5_000) });
} catch (error) {
  console.error(
    `The demo's control server (${control.control_url}) does not answer (${error.cause?.code ?? error.message}): is \`npm start\` still running?`,
  );
  process.exit(1);
}
const body = await response.json().catch(() => null);
if (!response.ok) {
  console.error(`${method} /outage answered ${response.status}: ${JSON.stringify(body)}`);
  process.exit(1);
}
const { outage } = body;
if (method === "DELETE") console.log(body.ended ? "outage over: cost webhooks flow again" : "no outage was on");
else if (!outage) console.log("no outage is on");
else {
  const left = Math.max(0, (outage.until - Date.now()) / 60_000).toFixed(1);
  console.log(
    `outage: withholding cost events until ${new Date(outage.until).toISOString()} (${left} min left; ` +
      `${outage.withheld_events} withheld so far, $${outage.withheld_cost})`,
  );
}
if (method === "POST") {
  console.log(`Watch the demo dashboard: the cost source goes event -> polling after ~20 s of silence, and back to event once the outage is over.
RCA log:  curl -s -H "Authorization: Bearer $(sed -n 's/^ADMIN_TOKEN=//p' .dev.vars)" ${control.url}/api/hackathons/${control.hackathon}/rca`);
}
