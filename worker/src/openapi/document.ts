import { z, type ZodType } from "zod";
import { ErrorBodySchema } from "../contract";
import { OPERATIONS, type Access, type Operation, type RawBody } from "./operations";

type Json = Record<string, unknown>;

/** Request shapes are described as accepted (defaults optional), responses as returned. */
const jsonSchema = (schema: ZodType, io: "input" | "output"): Json =>
  z.toJSONSchema(schema, { target: "draft-2020-12", io, unrepresentable: "any" }) as Json;

const isRaw = (response: Operation["response"]): response is RawBody =>
  typeof response === "object" && response !== null && "mediaType" in response;

/** `/api/hackathons/:id` → `/api/hackathons/{id}`. */
export const openApiPath = (path: string) => path.replace(/:([A-Za-z_]+)/g, "{$1}");

const SECURITY: Record<Access, Json[]> = {
  anyone: [],
  admin: [{ bearer: [] }],
  viewer: [{ bearer: [] }],
  ticket: [{ ticket: [] }],
  "standard-webhooks": [{ standardWebhooks: [] }],
  github: [{ githubSignature: [] }],
  pubsub: [{ googleOidc: [] }, { pushToken: [] }],
};

/** Errors every operation of an access level can answer (CONTRACT section 5). */
const ACCESS_ERRORS: Record<Access, number[]> = {
  anyone: [404],
  admin: [401],
  viewer: [401, 404],
  ticket: [401, 404],
  "standard-webhooks": [401, 404],
  github: [401, 404],
  pubsub: [401, 404],
};

const ERROR_TEXT: Record<number, string> = {
  400: "malformed JSON or a schema violation; every violation is listed with its path",
  401: "missing or bad token, signature or ticket",
  404: "unknown hackathon or route, or a hackathon the credential does not open",
  409: "conflict (id exists, hackathon archived, alert already resolved)",
  413: "body over the limit",
  415: "body not declared as JSON",
  426: "not a WebSocket upgrade",
  429: "rate-limited; see Retry-After",
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
  const inQuery = Object.entries(query.properties ?? {}).map(([name, schema]) => ({ name, in: "query", required: required.has(name), schema }));
  return [...path, ...inQuery];
}

function success(op: Operation): Json {
  const answers: Json = {};
  const content: Json = {};
  if (isRaw(op.response)) content[op.response.mediaType] = { schema: {} };
  else if (op.response) content["application/json"] = { schema: jsonSchema(op.response, "output") };
  if (op.csv) content["text/csv"] = { schema: { type: "string" } };
  const description = isRaw(op.response) ? op.response.description : op.status === 101 ? "Switching Protocols" : "OK";
  answers[String(op.status)] = Object.keys(content).length > 0 ? { description, content } : { description };
  for (const extra of op.alsoAnswers ?? []) answers[String(extra.status)] = { description: extra.description };
  return answers;
}

function errors(op: Operation): Json {
  const statuses = [...new Set([...ACCESS_ERRORS[op.access], ...(op.errors ?? []), 500])].sort();
  return Object.fromEntries(
    statuses.map((status) => [
      String(status),
      { description: ERROR_TEXT[status] ?? "a bug on our side; details are logged, never returned", content: { "application/json": { schema: { $ref: "#/components/schemas/ErrorBody" } } } },
    ]),
  );
}

function operationObject(op: Operation): Json {
  return {
    operationId: `${op.method}${op.path.replace(/[^A-Za-z0-9]+(.)?/g, (_, c: string | undefined) => (c ? c.toUpperCase() : ""))}`,
    summary: op.summary,
    tags: [op.tag],
    "x-access": op.access,
    security: SECURITY[op.access],
    parameters: parameters(op),
    ...(op.body ? { requestBody: { required: true, content: { "application/json": { schema: jsonSchema(op.body, "input") } } } } : {}),
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
      description: "Real-time monitoring for hackathons. The contract: CONTRACT.md; as built: docs/API.md.",
    },
    servers: [{ url: serverUrl }],
    paths,
    components: {
      schemas: { ErrorBody: jsonSchema(ErrorBodySchema, "output") },
      securitySchemes: {
        bearer: { type: "http", scheme: "bearer", description: "the admin token, or a hackathon's viewer token" },
        ticket: { type: "apiKey", in: "query", name: "ticket", description: "a single-use ticket from POST /ticket" },
        standardWebhooks: { type: "apiKey", in: "header", name: "webhook-signature", description: "Standard Webhooks: webhook-id, webhook-timestamp, webhook-signature" },
        githubSignature: { type: "apiKey", in: "header", name: "X-Hub-Signature-256", description: "sha256=<hex HMAC-SHA256 of the raw body>" },
        googleOidc: { type: "http", scheme: "bearer", bearerFormat: "JWT", description: "Google OIDC token of the push subscription's service account" },
        pushToken: { type: "apiKey", in: "query", name: "token", description: "the token in webhook_urls.gcp_billing" },
      },
    },
  };
}
