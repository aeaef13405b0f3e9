// No secret in any log line or error body. Starts its own local server to capture everything
// wrangler dev prints: the Worker's and the Durable Objects' console output alike come out of
// the one workerd process. Drives the calls that carry secrets (admin token, viewer token,
// webhook secret, live ticket, channel URL and signing secret, poll credentials, Pub/Sub push
// token), including failing ones, then scans every captured line and error body for them.
import { randomBytes, randomUUID } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:http";
import os from "node:os";
import path from "node:path";
import WebSocket from "ws";
import { findFreePort } from "../../scripts/lib/free-port.mjs";
import { startLocalServer } from "../../scripts/lib/local-server.mjs";
import { createWebhookSender } from "../../scripts/lib/webhook-client.mjs";
import { createHackathon } from "./admin-api.mjs";
import { assert } from "./harness.mjs";

const secretOf = (label) => `${label}-${randomBytes(12).toString("hex")}`;

/** A provider and receiver that refuses everything, so every outbound call takes an error path. */
async function startRefusingUpstream() {
  const seen = [];
  const server = createServer((req, res) => {
    seen.push(`${req.method} ${req.url}`);
    req.resume();
    res.writeHead(req.url?.startsWith("/hook/") ? 500 : 401, { "content-type": "application/json" });
    res.end(JSON.stringify({ message: "Bad credentials" }));
  });
  await new Promise((resolve) => server.listen(0, "127.0.0.1", () => resolve(undefined)));
  const { port } = /** @type {import("node:net").AddressInfo} */ (server.address());
  return { url: `http://127.0.0.1:${port}`, seen, close: () => new Promise((resolve) => server.close(resolve)) };
}

async function waitUntil(condition, timeoutMs, what) {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

/** Opens the live channel with `ticket`; resolves with 101 once a message came, else the refusal's status. */
function openLive(url, id, ticket) {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(`${url.replace(/^http/, "ws")}/api/hackathons/${id}/live?ticket=${encodeURIComponent(ticket)}`);
    socket.on("message", () => {
      socket.close();
      resolve(101);
    });
    socket.on("unexpected-response", (_req, response) => {
      response.resume();
      resolve(response.statusCode);
    });
    socket.on("error", reject);
  });
}

/** The representative calls; returns every secret they involved and every error body seen. */
async function driveSecretCalls(server, upstream) {
  const secrets = { admin_token: server.adminToken };
  const errorBodies = [];
  /** @param {string} method @param {string} route @param {{ token?: string | null, body?: unknown, headers?: Record<string, string> }} [options] */
  const call = async (method, route, { token = server.adminToken, body, headers = {} } = {}) => {
    const response = await fetch(`${server.url}${route}`, {
      method,
      headers: {
        ...(token ? { authorization: `Bearer ${token}` } : {}),
        ...(body ? { "content-type": "application/json" } : {}),
        ...headers,
      },
      body: body ? JSON.stringify(body) : undefined,
    });
    const text = await response.text();
    if (response.status >= 400) errorBodies.push(`${method} ${route.split("?")[0]} ${response.status}: ${text}`);
    return { status: response.status, json: text ? JSON.parse(text) : null };
  };

  Object.assign(secrets, { github_token: secretOf("ghp"), openai_key: secretOf("sk-admin"), json_header: secretOf("json-bearer") });
  const poll = (config) => ({ event_timeout_s: 1, poll_interval_s: 1, poll: config });
  const created = await createHackathon({
    url: server.url,
    adminToken: server.adminToken,
    overrides: {
      sources: {
        tasks: poll({ kind: "github-issues", api_base_url: upstream.url, repo: "pitwall/log-scan", token: secrets.github_token }),
        tokens: poll({ kind: "openai-usage", api_base_url: upstream.url, admin_key: secrets.openai_key }),
        cost: poll({ kind: "json", url: `${upstream.url}/json`, headers: { authorization: `Bearer ${secrets.json_header}` } }),
      },
    },
  });
  const id = created.hackathon.id;
  Object.assign(secrets, {
    viewer_token: created.viewer_token,
    operator_token: created.operator_token,
    ingest_token: created.ingest_token,
    webhook_secret: created.webhook_secret,
    push_token: new URL(created.webhook_urls.gcp_billing).searchParams.get("token"),
  });

  // Signed events, and ones signed with a wrong secret.
  const send = createWebhookSender({ url: server.url, hackathonId: id, webhookSecret: created.webhook_secret });
  assert(
    (await send({ id: `cost-${randomUUID()}`, type: "cost", ts: new Date().toISOString(), amount: 1 })).status === 200,
    "signed event accepted",
  );
  const forged = createWebhookSender({ url: server.url, hackathonId: id, webhookSecret: `whsec_${randomBytes(24).toString("base64")}` });
  await forged({ id: `cost-${randomUUID()}`, type: "cost", ts: new Date().toISOString(), amount: 1 });

  // A ticket spent on the live channel, then replayed.
  const { json: ticket } = await call("POST", `/api/hackathons/${id}/ticket`, { token: created.viewer_token });
  secrets.ticket = ticket.ticket;
  assert((await openLive(server.url, id, ticket.ticket)) === 101, "the ticket opens the live channel");
  assert((await openLive(server.url, id, ticket.ticket)) === 401, "a spent ticket is refused");

  // Channels whose URLs are credentials: one refusing receiver, one Slack hook (a local fake
  // stands in for hooks.slack.com: a Slack channel takes only Slack URLs, or loopback locally).
  secrets.hook_path = secretOf("hookpath");
  secrets.slack_key = secretOf("slackkey");
  const hook = await call("POST", `/api/hackathons/${id}/channels`, {
    body: { kind: "webhook", name: "Refusing", url: `${upstream.url}/hook/${secrets.hook_path}` },
  });
  const slack = await call("POST", `/api/hackathons/${id}/channels`, {
    body: { kind: "slack", name: "Slack", url: `${upstream.url}/services/T0/B0/${secrets.slack_key}` },
  });
  assert(hook.status === 201 && slack.status === 201, `channels created (${hook.status}, ${slack.status})`);
  secrets.channel_signing_secret = hook.json.signing_secret;
  for (const created of [hook, slack]) await call("POST", `/api/hackathons/${id}/channels/${created.json.channel.id}/test`);

  // Pub/Sub pushes with a wrong and the right token; wrong tokens of every kind elsewhere.
  await call("POST", `/webhooks/${id}/gcp-billing?token=${secretOf("wrong-push")}`, { token: null, body: { message: {} } });
  await call("POST", `/webhooks/${id}/gcp-billing?token=${secrets.push_token}`, {
    token: null,
    body: { message: { data: "not base64 json" } },
  });
  await call("GET", `/api/hackathons/${id}/dashboard`, { token: secretOf("pwv_wrong") });
  await call("PATCH", `/api/hackathons/${id}`, { token: created.viewer_token, body: { name: "viewer may not" } });

  // Rotation hands out new secrets; the old viewer token must fail without being echoed.
  const rotated = await call("POST", `/api/hackathons/${id}/rotate`);
  Object.assign(secrets, {
    rotated_viewer_token: rotated.json.viewer_token,
    rotated_operator_token: rotated.json.operator_token,
    rotated_ingest_token: rotated.json.ingest_token,
    rotated_webhook_secret: rotated.json.webhook_secret,
  });
  await call("GET", `/api/hackathons/${id}/dashboard`, { token: created.viewer_token });

  // Every outbound call with a credential was made (and refused) before the logs are read.
  await waitUntil(
    () =>
      ["/repos/pitwall/log-scan", "/json", "/hook/"].every((prefix) => upstream.seen.some((line) => line.split(" ")[1].startsWith(prefix))),
    30_000,
    `the polls and the channel delivery (seen: ${upstream.seen.join(", ")})`,
  );
  return { secrets, errorBodies };
}

export function registerLogSecretChecks(harness) {
  harness.check("no secret appears in any log line (Worker and Durable Object) or error body", async () => {
    const persistDir = mkdtempSync(path.join(os.tmpdir(), "pitwall-log-scan-"));
    const upstream = await startRefusingUpstream();
    const lines = [];
    let server = null;
    try {
      server = await startLocalServer({
        port: await findFreePort(),
        demo: false,
        persistDir,
        log: () => {},
        onOutput: (line) => lines.push(line),
      });
      const { secrets, errorBodies } = await driveSecretCalls(server, upstream);
      // Give the last log lines time to reach wrangler's output.
      await new Promise((resolve) => setTimeout(resolve, 1_500));
      assert(
        lines.some((line) => line.includes('"msg":"request"')),
        "the capture saw no request log line: it would prove nothing",
      );
      for (const [name, value] of Object.entries(secrets)) {
        assert(value && value.length >= 8, `secret ${name} was not obtained`);
        const leaks = [...lines, ...errorBodies].filter((line) => line.includes(value));
        assert(leaks.length === 0, `${name} appears in ${leaks.length} line(s), first: ${leaks[0]}`);
      }
    } finally {
      await server?.stop().catch(() => {});
      await upstream.close();
      rmSync(persistDir, { recursive: true, force: true });
    }
  });
}
