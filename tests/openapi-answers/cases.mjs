// The requests whose real answers are checked against the OpenAPI document, in order (later
// cases use what earlier ones created). One row per request:
//   name     what the row proves
//   method, path        path may be a function of the context
//   as       whose bearer token: "admin" | "viewer" | "operator" | "ingest" (of ctx.h) or absent
//   json     a JSON body (object or function of ctx); or `body` + `headers` for raw ones
//   send     a function of ctx that sends the request itself (signed webhooks, WebSocket)
//   expect   the status the row is about; the run fails if another one comes back
//   mediaType   the answer's media type, where the document allows several (OTLP's protobuf or JSON)
//   until    (body) => boolean: repeat the request until it holds (state another row caused)
//   keep     (ctx, body) => void: keeps what later rows need
// Every documented operation needs at least one row that gets its success answer.
import { createHmac, randomBytes } from "node:crypto";
import { Webhook } from "standardwebhooks";
import WebSocket from "ws";

const UNKNOWN = "no-such-jam";
const hour = 3_600_000;
const iso = (offsetMs) => new Date(Date.now() + offsetMs).toISOString();
const H = (ctx) => `/api/hackathons/${ctx.h.hackathon.id}`;

const hackathonBody = (id, extra = {}) => ({
  id,
  name: "OpenAPI answers",
  budget: { amount: 1000, currency: "USD" },
  starts_at: iso(-hour),
  ends_at: iso(23 * hour),
  ...extra,
});

/** Posts `payload` to the events webhook, signed per Standard Webhooks with `secret`. */
function signedEvents(hackathonId, secret, payload) {
  return (ctx) => {
    const body = JSON.stringify(payload);
    const id = `msg_${randomBytes(6).toString("hex")}`;
    const at = new Date();
    return ctx.fetch(`/webhooks/${hackathonId}/events`, {
      method: "POST",
      headers: {
        "content-type": "application/json",
        "webhook-id": id,
        "webhook-timestamp": String(Math.floor(at.getTime() / 1000)),
        "webhook-signature": new Webhook(secret).sign(id, at, body),
      },
      body,
    });
  };
}

/**
 * A GitHub delivery signed with the hackathon's secret (the `whsec_...` text, as GitHub is given it).
 * @param {string} event
 * @param {object} payload
 * @param {{ contentType?: string, secret?: string }} [options]  secret: sign with this instead
 */
function githubDelivery(event, payload, { contentType = "application/json", secret } = {}) {
  return (ctx) => {
    const body = JSON.stringify(payload);
    const key = secret ?? ctx.h.webhook_secret;
    return ctx.fetch(`/webhooks/${ctx.h.hackathon.id}/github`, {
      method: "POST",
      headers: {
        "content-type": contentType,
        "x-github-event": event,
        "x-github-delivery": randomBytes(8).toString("hex"),
        "x-hub-signature-256": `sha256=${createHmac("sha256", key).update(body).digest("hex")}`,
      },
      body,
    });
  };
}

/** A Pub/Sub push of `data` to the URL the hackathon handed out (it carries `?token=`). */
function budgetPush(data, { withToken = true } = {}) {
  return (ctx) => {
    const url = new URL(ctx.h.webhook_urls.gcp_billing);
    const envelope = {
      message: {
        data: Buffer.from(typeof data === "string" ? data : JSON.stringify(data)).toString("base64"),
        messageId: randomBytes(6).toString("hex"),
        publishTime: iso(0),
      },
      subscription: "projects/pitwall/subscriptions/budget-push",
    };
    return ctx.fetch(`${url.pathname}${withToken ? url.search : ""}`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(envelope),
    });
  };
}

const budgetData = (costAmount) => ({
  budgetDisplayName: "Hackathon budget",
  costAmount,
  costIntervalStart: new Date(Date.UTC(new Date().getUTCFullYear(), new Date().getUTCMonth(), 1)).toISOString(),
  budgetAmount: 1000,
  budgetAmountType: "SPECIFIED_AMOUNT",
  currencyCode: "USD",
});

/** Asks for the live channel's WebSocket upgrade (with `ticket`, if any); answers like ctx.fetch. */
function openLive(ticketOf) {
  return (ctx) =>
    new Promise((resolve, reject) => {
      const ticket = ticketOf(ctx);
      const socket = new WebSocket(
        `${ctx.url.replace(/^http/, "ws")}${H(ctx)}/live${ticket ? `?ticket=${encodeURIComponent(ticket)}` : ""}`,
      );
      socket.once("upgrade", (response) => {
        resolve({ status: response.statusCode, contentType: null, text: "" });
        socket.terminate();
      });
      // A refusal: the HTTP answer instead of the upgrade.
      socket.once("unexpected-response", (_request, response) => {
        let text = "";
        response.on("data", (chunk) => (text += chunk));
        response.on("end", () => resolve({ status: response.statusCode, contentType: response.headers["content-type"] ?? null, text }));
      });
      socket.once("error", (error) => reject(error));
    });
}

const hex = (bytes) => randomBytes(bytes).toString("hex");
const nanos = (offsetMs = 0) => `${BigInt(Date.now() + offsetMs) * 1_000_000n}`;
const OTLP = (ctx, signal) => `/otlp/${ctx.h.hackathon.id}/v1/${signal}`;
const str = (key, value) => ({ key, value: { stringValue: value } });
const int = (key, value) => ({ key, value: { intValue: String(value) } });

/** An OTLP/JSON ExportTraceServiceRequest with one GenAI chat span (hex ids, as OTLP/JSON writes them). */
const genAiTraces = () => ({
  resourceSpans: [
    {
      resource: { attributes: [str("service.name", "team-app")] },
      scopeSpans: [
        {
          scope: { name: "openapi-answers" },
          spans: [
            {
              traceId: hex(16),
              spanId: hex(8),
              name: "chat gpt-4o",
              kind: 3,
              startTimeUnixNano: nanos(-1000),
              endTimeUnixNano: nanos(),
              attributes: [
                str("gen_ai.operation.name", "chat"),
                str("gen_ai.provider.name", "openai"),
                str("gen_ai.request.model", "gpt-4o"),
                int("gen_ai.usage.input_tokens", 120),
                int("gen_ai.usage.output_tokens", 45),
              ],
            },
          ],
        },
      ],
    },
  ],
});

/** An OTLP/JSON ExportMetricsServiceRequest with one gauge point. */
const gaugeMetrics = () => ({
  resourceMetrics: [
    {
      resource: { attributes: [str("service.name", "team-app")] },
      scopeMetrics: [
        {
          scope: { name: "openapi-answers" },
          metrics: [{ name: "queue.depth", unit: "{item}", gauge: { dataPoints: [{ timeUnixNano: nanos(), asDouble: 7 }] } }],
        },
      ],
    },
  ],
});

/** Raw bytes to an OTLP route as protobuf, with the ingest token. */
const otlpProtobuf = (signal, bytes) => (ctx) =>
  ctx.fetch(OTLP(ctx, signal), {
    method: "POST",
    headers: { "content-type": "application/x-protobuf", authorization: `Bearer ${ctx.h.ingest_token}` },
    body: Uint8Array.from(bytes),
  });

const tooBig = () => JSON.stringify({ padding: "x".repeat(1024 * 1024 + 10) });

export const CASES = [
  // --- operations ---
  { name: "liveness", method: "GET", path: "/healthz", expect: 200 },
  { name: "a deep check needs the admin token", method: "GET", path: "/healthz?deep=1", expect: 401 },
  { name: "a bad query", method: "GET", path: "/healthz?deep=maybe", expect: 400 },
  { name: "Prometheus exposition", method: "GET", path: "/metrics", as: "admin", expect: 200 },
  { name: "metrics need the admin token", method: "GET", path: "/metrics", expect: 401 },
  { name: "the OpenAPI document", method: "GET", path: "/api/openapi.json", expect: 200 },
  { name: "the API reference", method: "GET", path: "/api/docs", expect: 200 },

  // --- hackathons ---
  {
    name: "create a public hackathon",
    method: "POST",
    path: "/api/hackathons",
    as: "admin",
    json: (ctx) => hackathonBody(ctx.id("oa"), { public: true }),
    expect: 201,
    keep: (ctx, body) => (ctx.h = body),
  },
  {
    name: "create: the id exists",
    method: "POST",
    path: "/api/hackathons",
    as: "admin",
    json: (ctx) => hackathonBody(ctx.h.hackathon.id),
    expect: 409,
  },
  { name: "create: schema violation", method: "POST", path: "/api/hackathons", as: "admin", json: { name: "" }, expect: 400 },
  { name: "create: no token", method: "POST", path: "/api/hackathons", json: (ctx) => hackathonBody(ctx.id("oa")), expect: 401 },
  {
    name: "create: not JSON",
    method: "POST",
    path: "/api/hackathons",
    as: "admin",
    headers: { "content-type": "text/plain" },
    body: "id=x",
    expect: 415,
  },
  {
    name: "create: body over the limit",
    method: "POST",
    path: "/api/hackathons",
    as: "admin",
    headers: { "content-type": "application/json" },
    body: tooBig,
    expect: 413,
  },
  { name: "list hackathons", method: "GET", path: "/api/hackathons", as: "admin", expect: 200 },
  { name: "who am I", method: "GET", path: (ctx) => `/api/me?hackathon=${ctx.h.hackathon.id}`, as: "viewer", expect: 200 },
  { name: "who am I: a bad query", method: "GET", path: "/api/me?hackathon=NOT%20AN%20ID", expect: 400 },
  { name: "read a hackathon", method: "GET", path: H, as: "viewer", expect: 200 },
  { name: "read: unknown hackathon", method: "GET", path: `/api/hackathons/${UNKNOWN}`, as: "viewer", expect: 404 },
  { name: "read: no token", method: "GET", path: H, expect: 401 },
  { name: "read: an ingest token reads nothing", method: "GET", path: H, as: "ingest", expect: 403 },
  { name: "update a hackathon", method: "PATCH", path: H, as: "admin", json: { name: "OpenAPI answers (renamed)" }, expect: 200 },
  { name: "update: unknown hackathon", method: "PATCH", path: `/api/hackathons/${UNKNOWN}`, as: "admin", json: { name: "x" }, expect: 404 },
  { name: "update: schema violation", method: "PATCH", path: H, as: "admin", json: { budget: { amount: -1 } }, expect: 400 },
  { name: "update: a viewer may not", method: "PATCH", path: H, as: "viewer", json: { name: "x" }, expect: 403 },
  { name: "rotate: unknown hackathon", method: "POST", path: `/api/hackathons/${UNKNOWN}/rotate`, as: "admin", expect: 404 },
  { name: "archive: unknown hackathon", method: "DELETE", path: `/api/hackathons/${UNKNOWN}`, as: "admin", expect: 404 },

  // --- inbound webhooks ---
  {
    name: "signed events: a cost total near the budget (opens a critical budget alert)",
    method: "POST",
    path: (ctx) => `/webhooks/${ctx.h.hackathon.id}/events`,
    send: (ctx) =>
      signedEvents(ctx.h.hackathon.id, ctx.h.webhook_secret, { id: ctx.id("cost"), type: "cost", ts: iso(0), total: 970 })(ctx),
    expect: 200,
  },
  {
    name: "signed events: a schema violation",
    method: "POST",
    path: (ctx) => `/webhooks/${ctx.h.hackathon.id}/events`,
    send: (ctx) => signedEvents(ctx.h.hackathon.id, ctx.h.webhook_secret, { id: "x", type: "cost" })(ctx),
    expect: 400,
  },
  {
    name: "signed events: more distinct metric names than the cap (limit_exceeded)",
    method: "POST",
    path: (ctx) => `/webhooks/${ctx.h.hackathon.id}/events`,
    send: (ctx) =>
      signedEvents(ctx.h.hackathon.id, ctx.h.webhook_secret, {
        events: Array.from({ length: 201 }, (_, i) => ({
          id: ctx.id(`m${i}`),
          type: "metric",
          ts: iso(0),
          name: `openapi.metric_${i}`,
          value: i,
        })),
      })(ctx),
    expect: 400,
  },
  {
    name: "events: a bad signature",
    method: "POST",
    path: (ctx) => `/webhooks/${ctx.h.hackathon.id}/events`,
    send: (ctx) =>
      signedEvents(ctx.h.hackathon.id, `whsec_${randomBytes(32).toString("base64")}`, { id: "x", type: "cost", ts: iso(0), amount: 1 })(
        ctx,
      ),
    expect: 401,
  },
  {
    name: "events: an unknown hackathon answers like a bad signature",
    method: "POST",
    path: `/webhooks/${UNKNOWN}/events`,
    send: (ctx) => signedEvents(UNKNOWN, ctx.h.webhook_secret, { id: "x", type: "cost", ts: iso(0), amount: 1 })(ctx),
    expect: 401,
  },
  {
    name: "events: not JSON",
    method: "POST",
    path: (ctx) => `/webhooks/${ctx.h.hackathon.id}/events`,
    headers: { "content-type": "text/plain" },
    body: "hello",
    expect: 415,
    mediaType: "application/json",
  },
  {
    name: "events: body over the limit",
    method: "POST",
    path: (ctx) => `/webhooks/${ctx.h.hackathon.id}/events`,
    headers: { "content-type": "application/json" },
    body: tooBig,
    expect: 413,
  },
  {
    name: "GitHub: a ping",
    method: "POST",
    path: (ctx) => `/webhooks/${ctx.h.hackathon.id}/github`,
    send: githubDelivery("ping", { zen: "Keep it logically awesome." }),
    expect: 200,
  },
  {
    name: "GitHub: a bad signature",
    method: "POST",
    path: (ctx) => `/webhooks/${ctx.h.hackathon.id}/github`,
    send: githubDelivery("ping", { zen: "x" }, { secret: "whsec_wrong" }),
    expect: 401,
  },
  {
    name: "GitHub: neither JSON nor a form",
    method: "POST",
    path: (ctx) => `/webhooks/${ctx.h.hackathon.id}/github`,
    send: githubDelivery("issues", { action: "opened" }, { contentType: "text/plain" }),
    expect: 415,
  },
  {
    name: "GitHub: an issues delivery without its issue",
    method: "POST",
    path: (ctx) => `/webhooks/${ctx.h.hackathon.id}/github`,
    send: githubDelivery("issues", { action: "opened" }),
    expect: 400,
  },
  {
    name: "Pub/Sub: a budget notification",
    method: "POST",
    path: (ctx) => `/webhooks/${ctx.h.hackathon.id}/gcp-billing`,
    send: budgetPush(budgetData(971)),
    expect: 200,
  },
  {
    name: "Pub/Sub: an authentic message that can never apply",
    method: "POST",
    path: (ctx) => `/webhooks/${ctx.h.hackathon.id}/gcp-billing`,
    send: budgetPush("not json"),
    expect: 204,
  },
  // OTLP answers are OTLP's own: JSON ones are validated, protobuf ones checked for status and media type.
  // A full success is `{}`; `until` doubles as the check (a repeat only sends another new span).
  {
    name: "OTLP/JSON: a GenAI span (gpt-4o)",
    method: "POST",
    path: (ctx) => OTLP(ctx, "traces"),
    as: "ingest",
    json: genAiTraces,
    expect: 200,
    mediaType: "application/json",
    until: (body) => Object.keys(body ?? {}).length === 0,
  },
  {
    name: "OTLP/JSON: a span with usage but no model is rejected through the partial success",
    method: "POST",
    path: (ctx) => OTLP(ctx, "traces"),
    as: "ingest",
    json: () => {
      const request = genAiTraces();
      const span = request.resourceSpans[0].scopeSpans[0].spans[0];
      span.attributes = span.attributes.filter((a) => a.key !== "gen_ai.request.model");
      return request;
    },
    expect: 200,
    until: (body) => body?.partialSuccess?.rejectedSpans === "1",
  },
  { name: "OTLP/JSON: a gauge", method: "POST", path: (ctx) => OTLP(ctx, "metrics"), as: "ingest", json: gaugeMetrics, expect: 200 },
  // `0a 00`: field 1 (resourceSpans / resourceMetrics) holding one empty message.
  {
    name: "OTLP protobuf: traces",
    method: "POST",
    path: (ctx) => OTLP(ctx, "traces"),
    send: otlpProtobuf("traces", [0x0a, 0x00]),
    expect: 200,
    mediaType: "application/x-protobuf",
  },
  {
    name: "OTLP protobuf: metrics",
    method: "POST",
    path: (ctx) => OTLP(ctx, "metrics"),
    send: otlpProtobuf("metrics", [0x0a, 0x00]),
    expect: 200,
    mediaType: "application/x-protobuf",
  },
  { name: "OTLP: no token", method: "POST", path: (ctx) => OTLP(ctx, "traces"), json: genAiTraces, expect: 401 },
  {
    name: "OTLP: an unknown hackathon answers like a wrong token",
    method: "POST",
    path: `/otlp/${UNKNOWN}/v1/metrics`,
    as: "ingest",
    json: gaugeMetrics,
    expect: 401,
  },
  {
    name: "OTLP: a viewer token does not ingest",
    method: "POST",
    path: (ctx) => OTLP(ctx, "traces"),
    as: "viewer",
    json: genAiTraces,
    expect: 403,
  },
  {
    name: "OTLP: the admin token does not ingest",
    method: "POST",
    path: (ctx) => OTLP(ctx, "metrics"),
    as: "admin",
    json: gaugeMetrics,
    expect: 403,
  },
  {
    name: "OTLP: text/plain",
    method: "POST",
    path: (ctx) => OTLP(ctx, "traces"),
    as: "ingest",
    headers: { "content-type": "text/plain" },
    body: "hello",
    expect: 415,
    mediaType: "application/json",
  },
  {
    name: "OTLP: garbage JSON",
    method: "POST",
    path: (ctx) => OTLP(ctx, "metrics"),
    as: "ingest",
    headers: { "content-type": "application/json" },
    body: "{not json",
    expect: 400,
  },
  {
    name: "OTLP protobuf: garbage (answered in protobuf)",
    method: "POST",
    path: (ctx) => OTLP(ctx, "traces"),
    send: otlpProtobuf("traces", [0xff, 0xff, 0xff, 0xff]),
    expect: 400,
    mediaType: "application/x-protobuf",
  },
  {
    name: "Pub/Sub: no credential",
    method: "POST",
    path: (ctx) => `/webhooks/${ctx.h.hackathon.id}/gcp-billing`,
    send: budgetPush(budgetData(1), { withToken: false }),
    expect: 401,
  },

  // --- dashboard reads ---
  { name: "dashboard", method: "GET", path: (ctx) => `${H(ctx)}/dashboard`, as: "viewer", expect: 200 },
  { name: "dashboard: unknown hackathon", method: "GET", path: `/api/hackathons/${UNKNOWN}/dashboard`, as: "viewer", expect: 404 },
  { name: "history", method: "GET", path: (ctx) => `${H(ctx)}/history?series=cost.spend`, as: "viewer", expect: 200 },
  { name: "history as CSV", method: "GET", path: (ctx) => `${H(ctx)}/history?series=cost.spend&format=csv`, as: "viewer", expect: 200 },
  { name: "history: an unknown series", method: "GET", path: (ctx) => `${H(ctx)}/history?series=nope`, as: "viewer", expect: 400 },
  { name: "rca", method: "GET", path: (ctx) => `${H(ctx)}/rca`, as: "viewer", expect: 200 },
  { name: "rca: a bad format", method: "GET", path: (ctx) => `${H(ctx)}/rca?format=xml`, as: "viewer", expect: 400 },
  {
    name: "rca of the last hour",
    method: "GET",
    path: (ctx) => `${H(ctx)}/rca?from=${encodeURIComponent(iso(-hour))}&to=${encodeURIComponent(iso(hour))}`,
    as: "viewer",
    expect: 200,
  },
  {
    name: "rca: a range that ends before it starts",
    method: "GET",
    path: (ctx) => `${H(ctx)}/rca?from=${encodeURIComponent(iso(hour))}&to=${encodeURIComponent(iso(-hour))}`,
    as: "viewer",
    expect: 400,
  },
  { name: "gaps", method: "GET", path: (ctx) => `${H(ctx)}/gaps`, as: "viewer", expect: 200 },

  // --- alerts ---
  {
    name: "open alerts (the budget alert the cost total opened)",
    method: "GET",
    path: (ctx) => `${H(ctx)}/alerts?status=open`,
    as: "viewer",
    expect: 200,
    until: (body) => body.alerts.length > 0,
    keep: (ctx, body) => (ctx.alertId = body.alerts[0].id),
  },
  { name: "alerts as CSV", method: "GET", path: (ctx) => `${H(ctx)}/alerts?format=csv`, as: "viewer", expect: 200 },
  { name: "alerts: a bad status", method: "GET", path: (ctx) => `${H(ctx)}/alerts?status=sideways`, as: "viewer", expect: 400 },
  {
    name: "alerts of the last hour",
    method: "GET",
    path: (ctx) => `${H(ctx)}/alerts?status=all&from=${encodeURIComponent(iso(-hour))}&to=${encodeURIComponent(iso(hour))}`,
    as: "viewer",
    expect: 200,
  },
  { name: "alerts: not an ISO time", method: "GET", path: (ctx) => `${H(ctx)}/alerts?from=yesterday`, as: "viewer", expect: 400 },
  { name: "the alert stream", method: "GET", path: (ctx) => `${H(ctx)}/alerts/stream`, as: "viewer", expect: 200 },
  { name: "ack: a viewer may not", method: "POST", path: (ctx) => `${H(ctx)}/alerts/${ctx.alertId}/ack`, as: "viewer", expect: 403 },
  { name: "ack", method: "POST", path: (ctx) => `${H(ctx)}/alerts/${ctx.alertId}/ack`, as: "operator", expect: 200 },
  { name: "ack: unknown alert", method: "POST", path: (ctx) => `${H(ctx)}/alerts/alert-999999/ack`, as: "operator", expect: 404 },
  { name: "resolve", method: "POST", path: (ctx) => `${H(ctx)}/alerts/${ctx.alertId}/resolve`, as: "operator", expect: 200 },
  { name: "ack: already resolved", method: "POST", path: (ctx) => `${H(ctx)}/alerts/${ctx.alertId}/ack`, as: "operator", expect: 409 },
  { name: "resolve: unknown alert", method: "POST", path: (ctx) => `${H(ctx)}/alerts/alert-999999/resolve`, as: "operator", expect: 404 },

  // --- silences and maintenance ---
  { name: "silences", method: "GET", path: (ctx) => `${H(ctx)}/silences`, as: "viewer", expect: 200 },
  {
    name: "create a silence",
    method: "POST",
    path: (ctx) => `${H(ctx)}/silences`,
    as: "operator",
    json: () => ({ matchers: { type: "anomaly" }, ends_at: iso(hour), reason: "load test" }),
    expect: 201,
    keep: (ctx, body) => (ctx.silenceId = body.silence.id),
  },
  {
    name: "silence: over 7 days (limit_exceeded)",
    method: "POST",
    path: (ctx) => `${H(ctx)}/silences`,
    as: "operator",
    json: () => ({ matchers: { type: "anomaly" }, ends_at: iso(8 * 24 * hour), reason: "forever" }),
    expect: 400,
  },
  {
    name: "silence: a viewer may not",
    method: "POST",
    path: (ctx) => `${H(ctx)}/silences`,
    as: "viewer",
    json: () => ({ matchers: { type: "anomaly" }, ends_at: iso(hour), reason: "x" }),
    expect: 403,
  },
  { name: "expire a silence", method: "DELETE", path: (ctx) => `${H(ctx)}/silences/${ctx.silenceId}`, as: "operator", expect: 200 },
  { name: "expire: unknown silence", method: "DELETE", path: (ctx) => `${H(ctx)}/silences/silence-999999`, as: "operator", expect: 404 },
  { name: "maintenance windows", method: "GET", path: (ctx) => `${H(ctx)}/maintenance`, as: "viewer", expect: 200 },
  {
    name: "plan maintenance",
    method: "POST",
    path: (ctx) => `${H(ctx)}/maintenance`,
    as: "operator",
    json: () => ({ starts_at: iso(hour), ends_at: iso(2 * hour), title: "Database upgrade" }),
    expect: 201,
    keep: (ctx, body) => (ctx.windowId = body.maintenance.id),
  },
  {
    name: "maintenance: ends before it starts",
    method: "POST",
    path: (ctx) => `${H(ctx)}/maintenance`,
    as: "operator",
    json: () => ({ starts_at: iso(hour), ends_at: iso(0), title: "x" }),
    expect: 400,
  },
  { name: "end maintenance", method: "DELETE", path: (ctx) => `${H(ctx)}/maintenance/${ctx.windowId}`, as: "operator", expect: 200 },
  {
    name: "end maintenance: unknown window",
    method: "DELETE",
    path: (ctx) => `${H(ctx)}/maintenance/maintenance-999999`,
    as: "operator",
    expect: 404,
  },

  // --- notification channels ---
  {
    name: "add a webhook channel",
    method: "POST",
    path: (ctx) => `${H(ctx)}/channels`,
    as: "admin",
    // Loopback, on the discard port: the test delivery fails fast and reaches nobody.
    json: { kind: "webhook", name: "Ops hook", url: "http://127.0.0.1:9/hook" },
    expect: 201,
    keep: (ctx, body) => (ctx.channelId = body.channel.id),
  },
  {
    name: "channel: schema violation",
    method: "POST",
    path: (ctx) => `${H(ctx)}/channels`,
    as: "admin",
    json: { kind: "pager", name: "x", url: "x" },
    expect: 400,
  },
  {
    name: "channel: unknown hackathon",
    method: "POST",
    path: `/api/hackathons/${UNKNOWN}/channels`,
    as: "admin",
    json: { kind: "webhook", name: "x", url: "http://127.0.0.1:9/x" },
    expect: 404,
  },
  { name: "channels", method: "GET", path: (ctx) => `${H(ctx)}/channels`, as: "admin", expect: 200 },
  { name: "channels: an operator may not", method: "GET", path: (ctx) => `${H(ctx)}/channels`, as: "operator", expect: 403 },
  { name: "test a channel", method: "POST", path: (ctx) => `${H(ctx)}/channels/${ctx.channelId}/test`, as: "admin", expect: 202 },
  { name: "test: unknown channel", method: "POST", path: (ctx) => `${H(ctx)}/channels/ch_unknown00000/test`, as: "admin", expect: 404 },
  { name: "deliveries", method: "GET", path: (ctx) => `${H(ctx)}/channels/${ctx.channelId}/deliveries`, as: "admin", expect: 200 },
  {
    name: "deliveries: unknown channel",
    method: "GET",
    path: (ctx) => `${H(ctx)}/channels/ch_unknown00000/deliveries`,
    as: "admin",
    expect: 404,
  },
  { name: "remove a channel", method: "DELETE", path: (ctx) => `${H(ctx)}/channels/${ctx.channelId}`, as: "admin", expect: 204 },
  { name: "remove: unknown channel", method: "DELETE", path: (ctx) => `${H(ctx)}/channels/${ctx.channelId}`, as: "admin", expect: 404 },

  // --- who did it: a test event, and the audit log of every change above ---
  { name: "a test event", method: "POST", path: (ctx) => `${H(ctx)}/test-event`, as: "operator", expect: 200 },
  { name: "test event: a viewer may not", method: "POST", path: (ctx) => `${H(ctx)}/test-event`, as: "viewer", expect: 403 },
  { name: "test event: unknown hackathon", method: "POST", path: `/api/hackathons/${UNKNOWN}/test-event`, as: "admin", expect: 404 },
  { name: "the audit log", method: "GET", path: (ctx) => `${H(ctx)}/audit`, as: "operator", expect: 200 },
  {
    name: "the audit log of the last hour",
    method: "GET",
    path: (ctx) => `${H(ctx)}/audit?from=${encodeURIComponent(iso(-hour))}&to=${encodeURIComponent(iso(hour))}`,
    as: "admin",
    expect: 200,
  },
  {
    name: "audit: a range that ends before it starts",
    method: "GET",
    path: (ctx) => `${H(ctx)}/audit?from=${encodeURIComponent(iso(hour))}&to=${encodeURIComponent(iso(-hour))}`,
    as: "operator",
    expect: 400,
  },
  { name: "audit: a viewer may not", method: "GET", path: (ctx) => `${H(ctx)}/audit`, as: "viewer", expect: 403 },

  // --- the live channel ---
  {
    name: "a live ticket",
    method: "POST",
    path: (ctx) => `${H(ctx)}/ticket`,
    as: "viewer",
    expect: 201,
    keep: (ctx, body) => (ctx.ticket = body.ticket),
  },
  { name: "live: not an upgrade", method: "GET", path: (ctx) => `${H(ctx)}/live?ticket=${encodeURIComponent(ctx.ticket)}`, expect: 426 },
  { name: "live: an upgrade without a ticket", method: "GET", path: (ctx) => `${H(ctx)}/live`, send: openLive(() => null), expect: 401 },
  {
    name: "a fresh live ticket",
    method: "POST",
    path: (ctx) => `${H(ctx)}/ticket`,
    as: "viewer",
    expect: 201,
    keep: (ctx, body) => (ctx.ticket = body.ticket),
  },
  { name: "live: the WebSocket upgrade", method: "GET", path: (ctx) => `${H(ctx)}/live`, send: openLive((ctx) => ctx.ticket), expect: 101 },

  // --- public views ---
  { name: "public status", method: "GET", path: (ctx) => `/api/public/${ctx.h.hackathon.id}/status`, expect: 200 },
  { name: "public status: unknown", method: "GET", path: `/api/public/${UNKNOWN}/status`, expect: 404 },
  { name: "status page", method: "GET", path: (ctx) => `/status/${ctx.h.hackathon.id}`, expect: 200 },
  { name: "status page: unknown", method: "GET", path: `/status/${UNKNOWN}`, expect: 404 },
  { name: "badge", method: "GET", path: (ctx) => `/status/${ctx.h.hackathon.id}/badge.svg`, expect: 200 },
  { name: "badge: unknown", method: "GET", path: `/status/${UNKNOWN}/badge.svg`, expect: 404 },
  { name: "feed", method: "GET", path: (ctx) => `/status/${ctx.h.hackathon.id}/feed.atom`, expect: 200 },
  { name: "feed: unknown", method: "GET", path: `/status/${UNKNOWN}/feed.atom`, expect: 404 },
  { name: "status page script", method: "GET", path: "/status/assets/status.js", expect: 200 },

  // --- rotation and archiving last: they end what the tokens above opened ---
  {
    name: "rotate",
    method: "POST",
    path: (ctx) => `${H(ctx)}/rotate`,
    as: "admin",
    expect: 200,
    keep: (ctx, body) => Object.assign(ctx.h, body),
  },
  { name: "archive", method: "DELETE", path: H, as: "admin", expect: 200 },
  {
    name: "test event: an archived hackathon takes none",
    method: "POST",
    path: (ctx) => `${H(ctx)}/test-event`,
    as: "operator",
    expect: 409,
  },
  {
    name: "events: an archived hackathon takes none",
    method: "POST",
    path: (ctx) => `/webhooks/${ctx.h.hackathon.id}/events`,
    send: (ctx) => signedEvents(ctx.h.hackathon.id, ctx.h.webhook_secret, { id: ctx.id("cost"), type: "cost", ts: iso(0), amount: 1 })(ctx),
    expect: 409,
  },
  {
    name: "OTLP: an archived hackathon takes none",
    method: "POST",
    path: (ctx) => OTLP(ctx, "traces"),
    as: "ingest",
    json: genAiTraces,
    expect: 409,
  },
];
