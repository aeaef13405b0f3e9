// The demo hackathon `demo`: created on first start (or reused, with fresh credentials,
// on later starts) and fed by the simulator.
import { createApiClient } from "./api-client.mjs";
import { startDemoBilling } from "./demo-billing.mjs";
import { startSimulator } from "./simulator.mjs";

export const DEMO_ID = "demo";
const HOUR = 3_600_000;

function demoWindow(now = Date.now()) {
  return { starts_at: new Date(now - 2 * HOUR).toISOString(), ends_at: new Date(now + 22 * HOUR).toISOString() };
}

/**
 * The demo's cost source polls the local billing provider: silence of 20 s means polling
 * (every 15 s), and the provider's total is reconciled every minute.
 */
export function demoCostSource(spendUrl) {
  return { event_timeout_s: 20, poll_interval_s: 15, reconciliation_interval_s: 60, poll: { kind: "json", url: spendUrl } };
}

/**
 * Creates the demo hackathon, or reuses it: returns { hackathon, viewer_token, operator_token, ingest_token, webhook_secret, created }.
 * `costSource`, when given, is the cost source's config, set on create and on reuse.
 * @param {{ url: string, adminToken: string, costSource?: object | null, log?: (line: string) => void }} options
 */
export async function ensureDemoHackathon({ url, adminToken, costSource = null, log = console.log }) {
  const api = createApiClient({ url, token: adminToken });
  try {
    const created = await api.createHackathon({
      id: DEMO_ID,
      name: "Demo Hackathon",
      budget: { amount: 500, currency: "USD" },
      ...demoWindow(),
      public: true,
      // The task board moves every few minutes, not seconds: silence is only news after half an hour.
      sources: { tasks: { event_timeout_s: 1800 }, ...(costSource ? { cost: costSource } : {}) },
    });
    return { ...created, created: true };
  } catch (error) {
    if (error.status !== 409) throw error;
  }
  // It exists: rotate to obtain credentials, and renew the window if it is over (or archived).
  const rotated = await api.rotateCredentials(DEMO_ID);
  let hackathon = rotated.hackathon ?? (await api.getHackathon(DEMO_ID));
  const endsAt = hackathon.ends_at ? Date.parse(hackathon.ends_at) : Infinity;
  const patch = {};
  if (endsAt - Date.now() < HOUR) Object.assign(patch, demoWindow());
  if (hackathon.status !== "active") patch.status = "active";
  // The billing provider's port changes on every start: always point the cost source at it.
  if (costSource) patch.sources = { cost: costSource };
  if (Object.keys(patch).length) {
    try {
      hackathon = await api.updateHackathon(DEMO_ID, patch);
      hackathon = hackathon.hackathon ?? hackathon;
      const renewed = Object.keys(patch).filter((key) => key !== "sources");
      if (renewed.length) log(`Renewed the demo hackathon (${renewed.join(", ")})`);
    } catch (error) {
      log(`Could not renew the demo hackathon: ${error.message}`);
    }
  }
  return { ...rotated, hackathon, created: false };
}

/**
 * Ensures the demo hackathon and starts the simulator on it, with the billing provider its
 * cost source polls. `outageEveryMin` (> 0) switches on a simulated cost-webhook outage
 * every that many minutes (2 min long, or half the period if that is shorter).
 */
export async function startDemo({ url, adminToken, outageEveryMin = 0, log = console.log }) {
  let simulator = null;
  const billing = await startDemoBilling({ simulator: () => simulator });
  let demo;
  try {
    demo = await ensureDemoHackathon({ url, adminToken, costSource: demoCostSource(billing.spendUrl), log });
  } catch (error) {
    await billing.stop();
    throw error;
  }
  log(demo.created ? "Created the demo hackathon" : "Reusing the demo hackathon (credentials rotated)");
  log(`Demo billing provider on ${billing.url} (GET /spend, POST|DELETE /outage); the cost source polls it`);
  simulator = startSimulator({
    url,
    hackathonId: DEMO_ID,
    webhookSecret: demo.webhook_secret,
    // One team service's token calls arrive as OTLP spans, as from an instrumented app.
    ingestToken: demo.ingest_token,
    startsAt: demo.hackathon.starts_at,
    endsAt: demo.hackathon.ends_at,
    log,
  });
  /** @type {NodeJS.Timeout | undefined} */
  let outageTimer;
  if (outageEveryMin > 0) {
    const periodMs = outageEveryMin * 60_000;
    const lengthMs = Math.min(2 * 60_000, periodMs / 2);
    outageTimer = setInterval(() => simulator.startOutage(lengthMs), periodMs);
    outageTimer.unref?.();
    log(`Scheduled a ${lengthMs / 60_000} min cost-webhook outage every ${outageEveryMin} min (DEMO_OUTAGE_EVERY_MIN)`);
  }
  return {
    id: DEMO_ID,
    viewerToken: demo.viewer_token,
    webhookSecret: demo.webhook_secret,
    otlpEndpoint: `${url}/otlp/${DEMO_ID}`,
    dashboardUrl: `${url}/h/${DEMO_ID}#token=${demo.viewer_token}`,
    // The viewer link only watches; acknowledging, resolving and maintenance take an operator.
    operatorUrl: `${url}/h/${DEMO_ID}#token=${demo.operator_token}`,
    simulator,
    billing,
    async stop() {
      clearInterval(outageTimer);
      await simulator.stop();
      await billing.stop();
    },
  };
}
