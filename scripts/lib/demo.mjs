// The demo hackathon `demo`: created on first start (or reused, with fresh credentials,
// on later starts) and fed by the simulator.
import { createApiClient } from "./api-client.mjs";
import { startSimulator } from "./simulator.mjs";

export const DEMO_ID = "demo";
const HOUR = 3_600_000;

function demoWindow(now = Date.now()) {
  return { starts_at: new Date(now - 2 * HOUR).toISOString(), ends_at: new Date(now + 22 * HOUR).toISOString() };
}

/** Creates the demo hackathon, or reuses it: returns { hackathon, viewer_token, webhook_secret, created }. */
export async function ensureDemoHackathon({ url, adminToken, log = console.log }) {
  const api = createApiClient({ url, token: adminToken });
  try {
    const created = await api.createHackathon({
      id: DEMO_ID,
      name: "Demo Hackathon",
      budget: { amount: 500, currency: "USD" },
      ...demoWindow(),
      public: true,
      // The task board moves every few minutes, not seconds: silence is only news after half an hour.
      sources: { tasks: { event_timeout_s: 1800 } },
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
  if (Object.keys(patch).length) {
    try {
      hackathon = await api.updateHackathon(DEMO_ID, patch);
      hackathon = hackathon.hackathon ?? hackathon;
      log(`Renewed the demo hackathon (${Object.keys(patch).join(", ")})`);
    } catch (error) {
      log(`Could not renew the demo hackathon: ${error.message}`);
    }
  }
  return { ...rotated, hackathon, created: false };
}

/** Ensures the demo hackathon and starts the simulator on it. */
export async function startDemo({ url, adminToken, log = console.log }) {
  const demo = await ensureDemoHackathon({ url, adminToken, log });
  log(demo.created ? "Created the demo hackathon" : "Reusing the demo hackathon (credentials rotated)");
  const simulator = startSimulator({
    url,
    hackathonId: DEMO_ID,
    webhookSecret: demo.webhook_secret,
    startsAt: demo.hackathon.starts_at,
    endsAt: demo.hackathon.ends_at,
    log,
  });
  return {
    id: DEMO_ID,
    viewerToken: demo.viewer_token,
    webhookSecret: demo.webhook_secret,
    dashboardUrl: `${url}/h/${DEMO_ID}#token=${demo.viewer_token}`,
    simulator,
  };
}
