import { z, type ZodType } from "zod";
import {
  AuditListSchema,
  AuditQuerySchema,
  TestEventSentSchema,
  AlertActionResultSchema,
  AlertListQuerySchema,
  AlertListSchema,
  ChannelCreateSchema,
  ChannelCreatedSchema,
  ChannelListSchema,
  DeliveryListSchema,
  DeliveryQueuedSchema,
  DashboardStateSchema,
  DeepHealthSchema,
  HealthQuerySchema,
  HealthSchema,
  EventBatchSchema,
  GapsResponseSchema,
  HackathonCreateSchema,
  HackathonCredentialsSchema,
  HackathonListSchema,
  HackathonSchema,
  HackathonUpdateSchema,
  HistoryQuerySchema,
  HistoryResponseSchema,
  InboundEventSchema,
  PublicStatusSchema,
  RcaQuerySchema,
  SilenceCreateSchema,
  MaintenanceCreateSchema,
  MaintenanceListSchema,
  MaintenanceResultSchema,
  MeQuerySchema,
  MeSchema,
  SilenceListSchema,
  SilenceResultSchema,
  RcaResponseSchema,
  TicketSchema,
  WebhookAcceptedSchema,
} from "../contract";
import { SENDER_NAMES } from "../integrations/senders";
import { OTLP_SIGNALS } from "../otlp/decode";
import {
  OtlpMetricsRequestSchema,
  OtlpMetricsResponseSchema,
  OtlpTracesRequestSchema,
  OtlpTracesResponseSchema,
  RpcStatusSchema,
} from "./otlp-schemas";

/**
 * Who may call an operation; each maps to a security scheme of the document. `viewer` and
 * `operator` are the least role a hackathon's route takes (docs/contract.md section 2: the admin may
 * do everything); `caller` routes answer whoever calls, token or not; `ingest` routes take the ingest token only.
 */
export type Access =
  | "anyone"
  | "caller"
  | "admin"
  | "operator"
  | "viewer"
  | "ingest"
  | "ticket"
  | "standard-webhooks"
  | "github"
  | "pubsub";

/** An answer that is not JSON, by media type. */
export type RawBody = { mediaType: string; description: string };

/**
 * Errors answered in a format of the route's own instead of section 5's JSON ErrorBody (OTLP's
 * `google.rpc.Status`): a schema for JSON and other media types in words, for every error status.
 */
export type ErrorFormat = {
  json: ZodType;
  /** Other media types of the same error (the request's encoding decides). */
  also: RawBody[];
  /** What each status means on this route, where the general text does not fit. */
  descriptions: Partial<Record<number, string>>;
  /** The status a failure on our side answers instead of 500. */
  unexpected: number;
};

export type Operation = {
  method: "get" | "post" | "patch" | "delete";
  /** Hono-style path (`:id`), as the Worker registers it. */
  path: string;
  summary: string;
  tag: string;
  access: Access;
  query?: ZodType;
  body?: ZodType;
  /** Request media types taken besides JSON (OTLP's protobuf), in words. */
  bodyAlso?: RawBody[];
  /** The success status and its body. */
  status: 200 | 201 | 202 | 204 | 101;
  response?: ZodType | RawBody;
  /** Media types the success answer also comes in (OTLP's protobuf, for a protobuf request), in words. */
  responseAlso?: RawBody[];
  /** Extra answers that are not errors (204 for an unusable Pub/Sub message, 503 of a failing deep health check), with their JSON body if any. */
  alsoAnswers?: Array<{ status: number; description: string; response?: ZodType }>;
  /** Error statuses besides the ones every operation of its access can give. */
  errors?: number[];
  /** Error statuses answered in another media type than the JSON ErrorBody (a page's or badge's 404). */
  errorBodies?: Partial<Record<number, RawBody>>;
  /** Every error of the route in a format of its own, not the ErrorBody (OTLP). */
  errorFormat?: ErrorFormat;
  /** The per-hackathon caps (docs/contract.md section 5) that refuse this request with 400 `limit_exceeded`. */
  limits?: string;
  /** Routes that also answer CSV with `?format=csv` or `Accept: text/csv`. */
  csv?: boolean;
};

const html = (description: string): RawBody => ({ mediaType: "text/html", description });
/** The badge's and feed's 404: a private, unknown and impossible id answer alike. */
const plainNotFound = { 404: { mediaType: "text/plain", description: "`Not found`, for a private, unknown or impossible id alike" } };

const senderOperations: Operation[] = SENDER_NAMES.map((name) => ({
  method: "post",
  path: `/webhooks/:id/${name}`,
  summary:
    name === "github"
      ? "GitHub `issues`, `issue_dependencies` and `sub_issues` deliveries"
      : "Cloud Billing budget notifications over Pub/Sub push",
  tag: "webhooks",
  access: name === "github" ? "github" : "pubsub",
  status: 200,
  response: WebhookAcceptedSchema,
  ...(name === "gcp-billing"
    ? { alsoAnswers: [{ status: 204, description: "authenticated but can never be applied; logged to /rca" }] }
    : {}),
  // Pub/Sub answers an authentic but unusable message 204, never 400 (it would redeliver for days).
  errors: [...(name === "github" ? [400, 415] : []), 409, 413, 429],
}));

const protobuf = (description: string): RawBody => ({ mediaType: "application/x-protobuf", description });

/** `POST /otlp/:id/v1/traces` and `/v1/metrics` (docs/contract.md section 11): OTLP/HTTP, answered in OTLP's own encodings. */
const otlpOperations: Operation[] = OTLP_SIGNALS.map((signal) => {
  const traces = signal === "traces";
  const message = traces ? "ExportTraceService" : "ExportMetricsService";
  const dir = traces ? "trace" : "metrics";
  const proto = `opentelemetry/proto/collector/${dir}/v1/${dir}_service.proto`;
  return {
    method: "post",
    path: `/otlp/:id/v1/${signal}`,
    summary: traces
      ? "OTLP/HTTP spans: a span with GenAI (or OpenInference) usage attributes becomes a token event"
      : "OTLP/HTTP metrics: data points become metric events",
    tag: "opentelemetry",
    access: "ingest",
    body: traces ? OtlpTracesRequestSchema : OtlpMetricsRequestSchema,
    bodyAlso: [
      protobuf(`a binary-encoded \`${message}Request\` (${proto}); optionally \`Content-Encoding: gzip\`, at most 8 MiB inflated`),
    ],
    status: 200,
    response: traces ? OtlpTracesResponseSchema : OtlpMetricsResponseSchema,
    responseAlso: [protobuf(`a binary-encoded \`${message}Response\` (${proto}), for a protobuf request`)],
    errors: [400, 409, 413, 415, 429],
    errorFormat: {
      json: RpcStatusSchema,
      also: [protobuf("a binary-encoded `google.rpc.Status` (google/rpc/status.proto), for a protobuf request")],
      descriptions: {
        400: "the body is not a decodable export request, or not valid gzip",
        401: "no token, a wrong one, another hackathon's, or an id nobody created: one identical answer",
        403: "this hackathon's viewer or operator token, or the admin token: only the ingest token ingests",
        409: "the hackathon is archived",
        413: "over 8 MiB, counted while inflating",
        415: "neither application/x-protobuf nor application/json, or a Content-Encoding other than gzip",
        503: "something failed on our side; retry later",
      },
      unexpected: 503,
    },
  };
});

/** Every route of the Worker, as the OpenAPI document and /api/docs describe it. */
export const OPERATIONS: Operation[] = [
  {
    method: "get",
    path: "/healthz",
    summary: "Liveness (anyone); with `?deep=1`, D1 and every hackathon's object (admin token)",
    tag: "operations",
    access: "anyone",
    query: HealthQuerySchema,
    status: 200,
    response: z.union([HealthSchema, DeepHealthSchema]),
    alsoAnswers: [
      {
        status: 503,
        description: "deep check: a component is down; the same DeepHealth body with `ok: false`",
        response: DeepHealthSchema,
      },
    ],
    errors: [400, 401],
  },
  {
    method: "get",
    path: "/metrics",
    summary: "Prometheus text exposition of every hackathon's gauges and counters, and request latency",
    tag: "operations",
    access: "admin",
    status: 200,
    response: { mediaType: "text/plain; version=0.0.4", description: "Prometheus text format 0.0.4" },
  },
  {
    method: "post",
    path: "/api/hackathons",
    summary: "Create a hackathon",
    tag: "hackathons",
    access: "admin",
    body: HackathonCreateSchema,
    status: 201,
    response: HackathonCredentialsSchema,
    errors: [400, 409, 413, 415],
  },
  {
    method: "get",
    path: "/api/hackathons",
    summary:
      "List hackathons with their headline figures: every one for an admin; a person signed in through Cloudflare Access sees those they are a member of",
    tag: "hackathons",
    access: "admin",
    status: 200,
    response: HackathonListSchema,
  },
  {
    method: "get",
    path: "/api/me",
    summary: "Who the caller is, and its role (on `?hackathon=`)",
    tag: "operations",
    access: "caller",
    query: MeQuerySchema,
    status: 200,
    response: MeSchema,
    errors: [400],
  },
  {
    method: "get",
    path: "/api/hackathons/:id",
    summary: "Read a hackathon's configuration",
    tag: "hackathons",
    access: "viewer",
    status: 200,
    response: HackathonSchema,
  },
  {
    method: "patch",
    path: "/api/hackathons/:id",
    summary: "Update a hackathon's configuration",
    tag: "hackathons",
    access: "admin",
    body: HackathonUpdateSchema,
    status: 200,
    response: HackathonSchema,
    errors: [400, 413, 415],
  },
  {
    method: "delete",
    path: "/api/hackathons/:id",
    summary: "Archive a hackathon",
    tag: "hackathons",
    access: "admin",
    status: 200,
    response: HackathonSchema,
  },
  {
    method: "post",
    path: "/api/hackathons/:id/rotate",
    summary: "Rotate the tokens and webhook secret, ending what the old ones opened",
    tag: "hackathons",
    access: "admin",
    status: 200,
    response: HackathonCredentialsSchema,
  },
  {
    method: "get",
    path: "/api/hackathons/:id/dashboard",
    summary: "The live DashboardState",
    tag: "dashboard",
    access: "viewer",
    status: 200,
    response: DashboardStateSchema,
  },
  {
    method: "get",
    path: "/api/hackathons/:id/history",
    summary: "A history series, downsampled",
    tag: "dashboard",
    access: "viewer",
    query: HistoryQuerySchema,
    status: 200,
    response: HistoryResponseSchema,
    errors: [400],
    csv: true,
  },
  {
    method: "get",
    path: "/api/hackathons/:id/alerts",
    summary: "Alerts by status, newest first; `?from=&to=` keeps those open at any time in the range",
    tag: "alerts",
    access: "viewer",
    query: AlertListQuerySchema,
    status: 200,
    response: AlertListSchema,
    errors: [400],
    csv: true,
  },
  {
    method: "get",
    path: "/api/hackathons/:id/alerts/stream",
    summary: "Server-Sent Events: one `alert` event per new or changed alert",
    tag: "alerts",
    access: "viewer",
    status: 200,
    response: { mediaType: "text/event-stream", description: "`event: alert`, `data`: an Alert; resumes from `Last-Event-ID`" },
  },
  {
    method: "post",
    path: "/api/hackathons/:id/alerts/:alert_id/ack",
    summary: "Acknowledge an alert",
    tag: "alerts",
    access: "operator",
    status: 200,
    response: AlertActionResultSchema,
    errors: [409],
  },
  {
    method: "post",
    path: "/api/hackathons/:id/alerts/:alert_id/resolve",
    summary: "Resolve an alert",
    tag: "alerts",
    access: "operator",
    status: 200,
    response: AlertActionResultSchema,
  },
  {
    method: "post",
    path: "/api/hackathons/:id/channels",
    summary: "Add a notification channel (webhook, Slack, Discord); a webhook channel's signing secret is shown once",
    tag: "notifications",
    access: "admin",
    body: ChannelCreateSchema,
    status: 201,
    response: ChannelCreatedSchema,
    errors: [400, 413, 415],
  },
  {
    method: "get",
    path: "/api/hackathons/:id/channels",
    summary: "Notification channels (URLs shown as their origin only)",
    tag: "notifications",
    access: "admin",
    status: 200,
    response: ChannelListSchema,
  },
  {
    method: "delete",
    path: "/api/hackathons/:id/channels/:channel_id",
    summary: "Remove a notification channel with its queue and log",
    tag: "notifications",
    access: "admin",
    status: 204,
  },
  {
    method: "post",
    path: "/api/hackathons/:id/channels/:channel_id/test",
    summary: "Queue a test notification (tried even on a failing channel)",
    tag: "notifications",
    access: "admin",
    status: 202,
    response: DeliveryQueuedSchema,
  },
  {
    method: "get",
    path: "/api/hackathons/:id/channels/:channel_id/deliveries",
    summary: "A channel's delivery log, newest first",
    tag: "notifications",
    access: "admin",
    status: 200,
    response: DeliveryListSchema,
  },
  {
    method: "get",
    path: "/api/hackathons/:id/silences",
    summary: "Silences, newest first",
    tag: "alerts",
    access: "viewer",
    status: 200,
    response: SilenceListSchema,
  },
  {
    method: "post",
    path: "/api/hackathons/:id/silences",
    summary: "Mute matching alerts for a while",
    tag: "alerts",
    access: "operator",
    body: SilenceCreateSchema,
    status: 201,
    response: SilenceResultSchema,
    errors: [400, 413, 415],
    limits: "the silence would last over 7 days",
  },
  {
    method: "delete",
    path: "/api/hackathons/:id/silences/:silence_id",
    summary: "Expire a silence now",
    tag: "alerts",
    access: "operator",
    status: 200,
    response: SilenceResultSchema,
  },
  {
    method: "get",
    path: "/api/hackathons/:id/maintenance",
    summary: "Maintenance windows, latest start first",
    tag: "alerts",
    access: "viewer",
    status: 200,
    response: MaintenanceListSchema,
  },
  {
    method: "post",
    path: "/api/hackathons/:id/maintenance",
    summary: "Plan a maintenance window: no notifications, status page says maintenance",
    tag: "alerts",
    access: "operator",
    body: MaintenanceCreateSchema,
    status: 201,
    response: MaintenanceResultSchema,
    errors: [400, 413, 415],
  },
  {
    method: "delete",
    path: "/api/hackathons/:id/maintenance/:window_id",
    summary: "End (or cancel) a maintenance window now",
    tag: "alerts",
    access: "operator",
    status: 200,
    response: MaintenanceResultSchema,
  },
  {
    method: "get",
    path: "/api/hackathons/:id/rca",
    summary: "Reconciliation and root-cause log, mode transitions, newest first; `?from=&to=` bounds both by time",
    tag: "dashboard",
    access: "viewer",
    query: RcaQuerySchema,
    status: 200,
    response: RcaResponseSchema,
    errors: [400],
    csv: true,
  },
  {
    method: "get",
    path: "/api/hackathons/:id/audit",
    summary: "Who changed what (config, rotations, archive, acks, resolutions, silences, maintenance, channels, test events), newest first",
    tag: "hackathons",
    access: "operator",
    query: AuditQuerySchema,
    status: 200,
    response: AuditListSchema,
    errors: [400],
  },
  {
    method: "post",
    path: "/api/hackathons/:id/test-event",
    summary: "Send one signed `pitwall.test` metric event through the real webhook path; it moves no cost, token or task figure",
    tag: "webhooks",
    access: "operator",
    status: 200,
    response: TestEventSentSchema,
    errors: [409, 429],
  },
  {
    method: "get",
    path: "/api/hackathons/:id/gaps",
    summary: "Critical path and the blocked tasks holding it up",
    tag: "dashboard",
    access: "viewer",
    status: 200,
    response: GapsResponseSchema,
  },
  {
    method: "post",
    path: "/api/hackathons/:id/ticket",
    summary: "A single-use ticket for the live WebSocket",
    tag: "dashboard",
    access: "viewer",
    status: 201,
    response: TicketSchema,
    errors: [429],
  },
  {
    method: "get",
    path: "/api/hackathons/:id/live",
    summary: "The live channel (WebSocket upgrade)",
    tag: "dashboard",
    access: "ticket",
    status: 101,
    errors: [426],
  },
  {
    method: "get",
    path: "/api/public/:id/status",
    summary: "Public-safe status of a public hackathon",
    tag: "public",
    access: "anyone",
    status: 200,
    response: PublicStatusSchema,
    errors: [429],
  },
  {
    method: "get",
    path: "/status/:id",
    summary: "The public status page",
    tag: "public",
    access: "anyone",
    status: 200,
    response: html("the status page; its HTML carries the status"),
    errors: [429],
    errorBodies: { 404: html("the same page for a private, unknown or impossible id") },
  },
  {
    method: "get",
    path: "/status/:id/badge.svg",
    summary: "An embeddable status badge",
    tag: "public",
    access: "anyone",
    status: 200,
    response: { mediaType: "image/svg+xml", description: "the badge" },
    errors: [429],
    errorBodies: plainNotFound,
  },
  {
    method: "get",
    path: "/status/:id/feed.atom",
    summary: "Incidents as an Atom feed",
    tag: "public",
    access: "anyone",
    status: 200,
    response: { mediaType: "application/atom+xml", description: "Atom 1.0" },
    errors: [429],
    errorBodies: plainNotFound,
  },
  {
    method: "get",
    path: "/status/assets/status.js",
    summary: "The status page's live-update script",
    tag: "public",
    access: "anyone",
    status: 200,
    response: { mediaType: "text/javascript", description: "script" },
    errors: [429],
  },
  {
    method: "post",
    path: "/webhooks/:id/events",
    summary: "Pitwall's own signed events (one, or `{ events: [...] }`)",
    tag: "webhooks",
    access: "standard-webhooks",
    body: z.union([InboundEventSchema, EventBatchSchema]),
    status: 200,
    response: WebhookAcceptedSchema,
    errors: [400, 409, 413, 415, 429],
    limits: "a new task, dependency edge, metric name, model or service would pass the hackathon's cap",
  },
  ...senderOperations,
  ...otlpOperations,
  {
    method: "get",
    path: "/api/openapi.json",
    summary: "This document",
    tag: "operations",
    access: "anyone",
    status: 200,
    response: { mediaType: "application/json", description: "OpenAPI 3.1" },
  },
  {
    method: "get",
    path: "/api/docs",
    summary: "The browsable API reference",
    tag: "operations",
    access: "anyone",
    status: 200,
    response: html("the reference"),
  },
];
