// The demo's "billing provider": a tiny HTTP server on 127.0.0.1 that the demo hackathon's
// cost source polls (`poll: { kind: "json", url: ".../spend" }`), and the switch for a
// simulated webhook outage.
//
//   GET    /spend              { id: "demo-billing-<ts>", type: "cost", ts, total }: the true
//                              spend to date, including cost events withheld by an outage
//   GET    /outage             { outage: null | { since, until, withheld_events, withheld_cost } }
//   POST   /outage?minutes=N   withhold cost webhooks for N minutes (default 2)
//   DELETE /outage             end the outage now
import http from "node:http";

/**
 * @param {{ simulator: () => (null | { trueCostTotal(at?: number): number, startOutage(ms: number): object,
 *   endOutage(): boolean, outage(): object | null }), host?: string }} options
 *   simulator: returns the simulator once it runs (the server starts before it, so its URL
 *   can go into the hackathon's config); until then /spend answers 503.
 * @returns {Promise<{ url: string, port: number, spendUrl: string, stop(): Promise<void> }>}
 */
export async function startDemoBilling({ simulator, host = "127.0.0.1" }) {
  const server = http.createServer((req, res) => {
    const reply = (status, body) => {
      res.writeHead(status, { "content-type": "application/json", "cache-control": "no-store" });
      res.end(JSON.stringify(body));
    };
    const url = new URL(req.url ?? "/", `http://${host}`);
    const sim = simulator();
    if (!sim) return reply(503, { error: "the simulator is not running yet" });
    if (url.pathname === "/spend" && req.method === "GET") {
      const now = Date.now();
      return reply(200, { id: `demo-billing-${now}`, type: "cost", ts: new Date(now).toISOString(), total: sim.trueCostTotal(now) });
    }
    if (url.pathname === "/outage") {
      if (req.method === "GET") return reply(200, { outage: sim.outage() });
      if (req.method === "DELETE") return reply(200, { ended: sim.endOutage(), outage: sim.outage() });
      if (req.method === "POST") {
        const minutes = Number(url.searchParams.get("minutes") ?? 2);
        if (!Number.isFinite(minutes) || minutes <= 0 || minutes > 24 * 60) {
          return reply(400, { error: "minutes must be a number in (0, 1440]" });
        }
        sim.startOutage(minutes * 60_000);
        return reply(200, { outage: sim.outage() });
      }
    }
    return reply(404, { error: "GET /spend, GET|POST|DELETE /outage" });
  });
  await new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, host, () => resolve(undefined));
  });
  const { port } = /** @type {import("node:net").AddressInfo} */ (server.address());
  const url = `http://${host}:${port}`;
  return {
    url,
    port,
    spendUrl: `${url}/spend`,
    stop: () =>
      new Promise((resolve) => {
        server.closeAllConnections?.();
        server.close(() => resolve());
      }),
  };
}
