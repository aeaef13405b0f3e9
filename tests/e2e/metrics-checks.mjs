// Checks of GET /metrics against the real Worker (wrangler dev): what it serves is accepted by
// Prometheus' own linter, `promtool check metrics` (Debian's `prometheus` package), and the
// deep health check answers for the same hackathons.
import { spawn } from "node:child_process";
import { randomUUID } from "node:crypto";
import { existsSync } from "node:fs";
import { createWebhookSender } from "../../scripts/lib/webhook-client.mjs";
import { createHackathon } from "./admin-api.mjs";
import { assert, assertEqual } from "./harness.mjs";

const PROMTOOL = process.env.PROMTOOL_PATH ?? "/usr/bin/promtool";

/** Pipes `text` into `promtool check metrics`; resolves with its exit code and output. */
function promtoolCheck(text) {
  return new Promise((resolve, reject) => {
    const child = spawn(PROMTOOL, ["check", "metrics"], { stdio: ["pipe", "pipe", "pipe"] });
    let output = "";
    child.stdout.on("data", (chunk) => (output += chunk));
    child.stderr.on("data", (chunk) => (output += chunk));
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, output }));
    child.stdin.end(text);
  });
}

async function adminGet(ctx, path) {
  return fetch(`${ctx.server.url}${path}`, { headers: { authorization: `Bearer ${ctx.server.adminToken}` } });
}

export function registerMetricsChecks(harness) {
  harness.check("GET /metrics passes promtool check metrics", async (ctx) => {
    assert(existsSync(PROMTOOL), `${PROMTOOL} is missing (apt-get install prometheus)`);
    const created = await createHackathon({ url: ctx.server.url, adminToken: ctx.server.adminToken });
    const sender = createWebhookSender({ url: ctx.server.url, hackathonId: created.hackathon.id, webhookSecret: created.webhook_secret });
    const ts = new Date().toISOString();
    const answer = await sender({
      events: [
        { id: `c-${randomUUID()}`, type: "cost", ts, amount: 3 },
        { id: `k-${randomUUID()}`, type: "token", ts, model: "m", input_tokens: 10, output_tokens: 5 },
        { id: `t-${randomUUID()}`, type: "task", ts, task: { id: "a", title: "A", status: "done" } },
      ],
    });
    assertEqual(answer.status, 200, "webhook answer");

    const response = await adminGet(ctx, "/metrics");
    assertEqual(response.status, 200, "GET /metrics");
    assertEqual(response.headers.get("content-type"), "text/plain; version=0.0.4; charset=utf-8", "content type");
    const text = await response.text();
    assert(text.includes(`pitwall_hackathon_spend{hackathon="${created.hackathon.id}"} 3`), "the hackathon's spend is exposed");
    assert(/^pitwall_http_request_duration_seconds_bucket\{/m.test(text), "request latency is exposed");
    const { code, output } = await promtoolCheck(text);
    assertEqual(code, 0, `promtool check metrics (${output.trim()})`);
    assertEqual(output.trim(), "", "promtool lint findings");
  });

  harness.check("GET /healthz?deep=1 reports D1 and every hackathon as up", async (ctx) => {
    const response = await adminGet(ctx, "/healthz?deep=1");
    const body = await response.json();
    assertEqual(response.status, 200, `deep health (${JSON.stringify(body)})`);
    assertEqual(body.ok, true, "ok");
    assertEqual(body.components.d1.status, "up", "D1");
    assert(body.components.hackathons.length > 0 && body.components.hackathons.every((h) => h.status === "up"), "every hackathon is up");
  });
}
