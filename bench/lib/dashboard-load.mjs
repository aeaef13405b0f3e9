// Dashboard read latency under concurrent GET /api/hackathons/:id/dashboard.
import { runLoad } from "./load.mjs";
import { summarize, tally } from "./stats.mjs";

export function dashboardLoad({ url, token, hackathonId, concurrency = 100, requestsPerWorker = 10 }) {
  const endpoint = `${url}/api/hackathons/${encodeURIComponent(hackathonId)}/dashboard`;
  return runLoad({
    concurrency,
    maxIterations: requestsPerWorker,
    task: async () => {
      const response = await fetch(endpoint, { headers: { authorization: `Bearer ${token}` } });
      await response.arrayBuffer();
      return response.status;
    },
  });
}

/** One report over one or more raw runs. */
export function dashboardReport(runs) {
  const results = runs.flatMap((run) => run.results);
  const errors = runs.flatMap((run) => run.errors);
  const ok = results.filter((status) => status === 200).length;
  return {
    requests: results.length + errors.length,
    statuses: tally(results),
    network_errors: errors.length,
    requests_per_s: ok / (runs.reduce((sum, run) => sum + run.elapsedMs, 0) / 1000),
    latency: summarize(runs.flatMap((run) => run.latencies)),
  };
}

export async function benchDashboard(options) {
  return dashboardReport([await dashboardLoad(options)]);
}
