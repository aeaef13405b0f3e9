// Dashboard read latency under concurrent GET /api/hackathons/:id/dashboard.
import { runLoad } from "./load.mjs";
import { summarize, tally } from "./stats.mjs";

export async function benchDashboard({ url, token, hackathonId, concurrency = 100, requestsPerWorker = 10 }) {
  const endpoint = `${url}/api/hackathons/${encodeURIComponent(hackathonId)}/dashboard`;
  const run = await runLoad({
    concurrency,
    maxIterations: requestsPerWorker,
    task: async () => {
      const response = await fetch(endpoint, { headers: { authorization: `Bearer ${token}` } });
      await response.arrayBuffer();
      return response.status;
    },
  });
  const ok = run.results.filter((status) => status === 200).length;
  return {
    requests: run.results.length + run.errors.length,
    statuses: tally(run.results),
    network_errors: run.errors.length,
    requests_per_s: ok / (run.elapsedMs / 1000),
    latency: summarize(run.latencies),
  };
}
