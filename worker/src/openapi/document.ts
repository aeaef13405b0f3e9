import { z, type ZodType } from "zod";
import { ErrorBodySchema } from "../contract";
import { RPC_CODE, rpcCodeOf } from "../otlp/refusal";
import { RpcStatusSchema } from "./otlp-schemas";
import { OPERATIONS, type Access, type Operation, type RawBody } from "./operations";

type Json = Record<string, unknown>;

/**
 * JSON Schema's own formats (draft 2020-12, section 7.3, as ajv-formats knows them). zod also
 * writes some of its check names as `format` (`.startsWith()` gives `format: "starts_with"` next
 * to the `pattern` that already says it); validators refuse or ignore those, so they are dropped.
 */
const JSON_SCHEMA_FORMATS = new Set([
  "date-time",
  "date",
  "time",
  "duration",
  "email",
  "idn-email",
  "hostname",
  "idn-hostname",
  "ipv4",
  "ipv6",
  "uri",
  "uri-reference",
  "iri",
  "iri-reference",
  "uuid",
  "uri-template",
  "json-pointer",
  "relative-json-pointer",
  "regex",
]);

/** Request shapes are described as accepted (defaults optional), responses as returned. */
const jsonSchema = (schema: ZodType, io: "input" | "output"): Json =>
  z.toJSONSchema(schema, {
    target: "draft-2020-12",
    io,
    unrepresentable: "any",
    override: ({ jsonSchema: json }) => {
      if (typeof json.format === "string" && !JSON_SCHEMA_FORMATS.has(json.format)) delete json.format;
    },
  }) as Json;

const isRaw = (response: Operation["response"]): response is RawBody =>
  typeof response === "object" && response !== null && "mediaType" in response;

/**
 * A body of raw bytes in another media type than JSON (OTLP's protobuf): `format: binary` from
 * OpenAPI's format registry, and 3.1's `contentMediaType`; the description names the message.
 */
const binary = (raw: RawBody): Json => ({
  type: "string",
  format: "binary",
  contentMediaType: raw.mediaType,
  description: raw.description,
});
const binaryContent = (raws: RawBody[] = []): Json => Object.fromEntries(raws.map((raw) => [raw.mediaType, { schema: binary(raw) }]));

/** `/api/hackathons/:id` → `/api/hackathons/{id}`. */
export const openApiPath = (path: string) => path.replace(/:([A-Za-z_]+)/g, "{$1}");

/** A token, or a person signed in through Cloudflare Access (its header or its cookie). */
const PEOPLE = [{ bearer: [] }, { accessJwt: [] }, { accessCookie: [] }];

const SECURITY: Record<Access, Json[]> = {
  anyone: [],
  // Optional: an empty requirement means no credential is needed.
  caller: [{}, ...PEOPLE],
  admin: PEOPLE,
  operator: PEOPLE,
  viewer: PEOPLE,
  ingest: [{ ingest: [] }],
  ticket: [{ ticket: [] }],
  "standard-webhooks": [{ standardWebhooks: [] }],
  github: [{ githubSignature: [] }],
  pubsub: [{ googleOidc: [] }, { pushToken: [] }],
};

/**
 * Errors every operation of an access level can answer (docs/contract.md section 5). An unknown id is
 * a 401 where the credential is a signature or ticket that an unknown id cannot have, so those
 * routes reveal nothing; elsewhere it is a 404 (UNKNOWN_ID_IS_404).
 */
const ACCESS_ERRORS: Record<Access, number[]> = {
  anyone: [],
  caller: [],
  // 403: a signed-in person who is no admin, or a cookie-authenticated write without X-Pitwall-Request.
  admin: [401, 403],
  // 403: a token of this hackathon whose role is too small (an ingest token reads nothing).
  operator: [401, 403],
  viewer: [401, 403],
  // An unknown id is a 401 like a wrong token; another token of the hackathon (or the admin's) a 403.
  ingest: [401, 403],
  ticket: [401],
  "standard-webhooks": [401],
  github: [401],
  pubsub: [401],
};

/** Accesses whose routes answer 404 for an unknown id in the path (hackathon, alert, channel, silence, window). */
const UNKNOWN_ID_IS_404 = new Set<Access>(["anyone", "caller", "admin", "operator", "viewer"]);

const ERROR_TEXT: Record<number, string> = {
  400: "malformed JSON or a schema violation; every violation is listed with its path",
  401: "missing or bad token, signature or ticket",
  403: "a credential of this hackathon (or a signed-in person) whose role is too small, or a write with the Access cookie but without `X-Pitwall-Request: 1` (`forbidden`)",
  404: "unknown hackathon or route, or a hackathon the credential does not open",
  409: "conflict (id exists, hackathon archived, alert already resolved)",
  413: "body over the limit",
  415: "body not declared as JSON",
  426: "not a WebSocket upgrade",
  429: "rate-limited; see Retry-After",
  503: "unavailable; retry later",
};

function parameters(op: Operation): Json[] {
  const path = [...op.path.matchAll(/:([A-Za-z_]+)/g)].map(([, name]) => ({
    name,
    in: "path",
    required: true,
    schema: { type: "string" },
  }));
  if (!op.query) return path;
  const query = jsonSchema(op.query, "input") as { properties?: Record<string, Json>; required?: string[] };
  const required = new Set(query.required ?? []);
  const inQuery = Object.entries(query.properties ?? {}).map(([name, schema]) => ({
    name,
    in: "query",
    required: required.has(name),
    schema,
  }));
  return [...path, ...inQuery];
}

function success(op: Operation): Json {
  const answers: Json = {};
  const content: Json = {};
  if (isRaw(op.response)) content[op.response.mediaType] = { schema: {} };
  else if (op.response) content["application/json"] = { schema: jsonSchema(op.response, "output") };
  Object.assign(content, binaryContent(op.responseAlso));
  if (op.csv) content["text/csv"] = { schema: { type: "string" } };
  const description = isRaw(op.response) ? op.response.description : op.status === 101 ? "Switching Protocols" : "OK";
  answers[String(op.status)] = Object.keys(content).length > 0 ? { description, content } : { description };
  for (const extra of op.alsoAnswers ?? []) {
    answers[String(extra.status)] = extra.response
      ? { description: extra.description, content: { "application/json": { schema: jsonSchema(extra.response, "output") } } }
      : { description: extra.description };
  }
  return answers;
}

function errors(op: Operation): Json {
  // A hackathon's admin-only routes refuse its own viewer, operator and ingest tokens with 403.
  const hackathonAdmin = op.access === "admin" && op.path.startsWith("/api/hackathons/:id") ? [403] : [];
  const unknownId = UNKNOWN_ID_IS_404.has(op.access) && op.path.includes(":") ? [404] : [];
  const unexpected = op.errorFormat?.unexpected ?? 500;
  const statuses = [...new Set([...ACCESS_ERRORS[op.access], ...hackathonAdmin, ...unknownId, ...(op.errors ?? []), unexpected])].sort();
  return Object.fromEntries(statuses.map((status) => [String(status), errorAnswer(op, status)]));
}

/** `google.rpc.Code` 16 → `16 UNAUTHENTICATED`. */
const rpcCodeName = (code: number) => `${code} ${Object.entries(RPC_CODE).find(([, value]) => value === code)?.[0] ?? ""}`.trim();

/** One error answer: the ErrorBody envelope, unless the route answers that status in another media type. */
function errorAnswer(op: Operation, status: number): Json {
  const format = op.errorFormat;
  if (format) {
    const text = format.descriptions[status] ?? ERROR_TEXT[status] ?? "a failure on our side";
    const content = { "application/json": { schema: { $ref: "#/components/schemas/RpcStatus" } }, ...binaryContent(format.also) };
    return { description: `${text}: a google.rpc.Status (code ${rpcCodeName(rpcCodeOf(status))}) in the request's encoding`, content };
  }
  const text = ERROR_TEXT[status] ?? "a bug on our side; details are logged, never returned";
  const description = status === 400 && op.limits ? `${text}; \`limit_exceeded\` when ${op.limits}` : text;
  const raw = op.errorBodies?.[status];
  if (raw) return { description: `${description}: ${raw.description}`, content: { [raw.mediaType]: { schema: { type: "string" } } } };
  return { description, content: { "application/json": { schema: { $ref: "#/components/schemas/ErrorBody" } } } };
}

function operationObject(op: Operation): Json {
  return {
    operationId: `${op.method}${op.path.replace(/[^A-Za-z0-9]+(.)?/g, (_, c: string | undefined) => (c ? c.toUpperCase() : ""))}`,
    summary: op.summary,
    tags: [op.tag],
    "x-access": op.access,
    security: SECURITY[op.access],
    parameters: parameters(op),
    ...(op.body
      ? {
          requestBody: {
            required: true,
            content: { "application/json": { schema: jsonSchema(op.body, "input") }, ...binaryContent(op.bodyAlso) },
          },
        }
      : {}),
    responses: { ...success(op), ...errors(op) },
  };
}

/** The OpenAPI 3.1 document, generated from the same zod contract the Worker validates with. */
export function buildOpenApiDocument(version: string, serverUrl: string): Json {
  const paths: Record<string, Json> = {};
  for (const op of OPERATIONS) {
    const path = openApiPath(op.path);
    paths[path] = { ...paths[path], [op.method]: operationObject(op) };
  }
  return {
    openapi: "3.1.0",
    info: {
      title: "Pitwall API",
      version,
      description: "Real-time monitoring for hackathons. The contract: docs/contract.md; as built: docs/API.md.",
    },
    servers: [{ url: serverUrl }],
    paths,
    components: {
      schemas: { ErrorBody: jsonSchema(ErrorBodySchema, "output"), RpcStatus: jsonSchema(RpcStatusSchema, "output") },
      securitySchemes: {
        bearer: {
          type: "http",
          scheme: "bearer",
          description:
            "the admin token, or a hackathon's viewer or operator token (by role, docs/contract.md section 2); an ingest token reads nothing (403)",
        },
        accessJwt: {
          type: "apiKey",
          in: "header",
          name: "Cf-Access-Jwt-Assertion",
          description:
            "a Cloudflare Access JWT (when the Worker is configured for Access): an admin if the email is in ACCESS_ADMIN_EMAILS, else the role the hackathon's `members` give it; a valid bearer token wins",
        },
        accessCookie: {
          type: "apiKey",
          in: "cookie",
          name: "CF_Authorization",
          description: "the same JWT as the browser's Access session cookie; writes with it must carry `X-Pitwall-Request: 1` (else 403)",
        },
        ingest: {
          type: "http",
          scheme: "bearer",
          description:
            "a hackathon's ingest token (`pwi_…`, from create or rotate), as `OTEL_EXPORTER_OTLP_HEADERS=Authorization=Bearer%20<ingest_token>` sets it; no other token ingests",
        },
        ticket: { type: "apiKey", in: "query", name: "ticket", description: "a single-use ticket from POST /ticket" },
        standardWebhooks: {
          type: "apiKey",
          in: "header",
          name: "webhook-signature",
          description: "Standard Webhooks: webhook-id, webhook-timestamp, webhook-signature",
        },
        githubSignature: {
          type: "apiKey",
          in: "header",
          name: "X-Hub-Signature-256",
          description: "sha256=<hex HMAC-SHA256 of the raw body>",
        },
        googleOidc: {
          type: "http",
          scheme: "bearer",
          bearerFormat: "JWT",
          description: "Google OIDC token of the push subscription's service account",
        },
        pushToken: { type: "apiKey", in: "query", name: "token", description: "the token in webhook_urls.gcp_billing" },
      },
    },
  };
}
