import { describe, expect, it } from "vitest";
import app from "../../../worker/src/index";
import { SENDER_NAMES } from "../../../worker/src/integrations/senders";
import { openApiPath } from "../../../worker/src/openapi/document";
import { OTLP_SIGNALS } from "../../../worker/src/otlp/decode";
import { api } from "../../helpers/api";

type JsonSchema = {
  properties?: Record<string, JsonSchema>;
  required?: string[];
  pattern?: string;
  description?: string;
  $ref?: string;
};
type Content = Record<string, { schema: JsonSchema }>;
type Operation = {
  responses: Record<string, { description: string; content?: Content }>;
  security: unknown[];
  "x-access": string;
  requestBody?: { content: Content };
  parameters?: { name: string }[];
};
type Doc = {
  openapi: string;
  paths: Record<string, Record<string, Operation>>;
  components: { schemas: Record<string, JsonSchema>; securitySchemes: Record<string, unknown> };
};

async function document(): Promise<Doc> {
  const response = await api("/api/openapi.json", { token: null });
  expect(response.status).toBe(200);
  return (await response.json()) as Doc;
}

/** Every (method, path) the Worker answers, middleware and the catch-all left out; `:sender` and `:signal` expanded. */
function registeredRoutes(): string[] {
  const routes = new Set<string>();
  for (const { method, path } of app.routes) {
    if (method === "ALL") continue;
    const paths = path.includes(":sender")
      ? SENDER_NAMES.map((name) => path.replace(":sender", name))
      : path.includes(":signal")
        ? OTLP_SIGNALS.map((signal) => path.replace(":signal", signal))
        : [path];
    for (const p of paths) routes.add(`${method.toLowerCase()} ${openApiPath(p)}`);
  }
  return [...routes].sort();
}

describe("GET /api/openapi.json", () => {
  it("documents every route the Worker registers, and nothing it does not", async () => {
    const doc = await document();
    expect(doc.openapi).toBe("3.1.0");
    const documented = Object.entries(doc.paths)
      .flatMap(([path, methods]) => Object.keys(methods).map((method) => `${method} ${path}`))
      .sort();
    expect(documented).toEqual(registeredRoutes());
  });

  it("gives every operation its auth and the contract's error answers", async () => {
    const doc = await document();
    const viewerRoute = doc.paths["/api/hackathons/{id}/dashboard"]!.get!;
    expect(viewerRoute["x-access"]).toBe("viewer");
    // A token, or a person signed in through Cloudflare Access (its header or its cookie).
    expect(viewerRoute.security).toEqual([{ bearer: [] }, { accessJwt: [] }, { accessCookie: [] }]);
    expect(Object.keys(viewerRoute.responses)).toEqual(expect.arrayContaining(["200", "401", "404", "500"]));
    const webhook = doc.paths["/webhooks/{id}/events"]!.post!;
    expect(Object.keys(webhook.responses)).toEqual(expect.arrayContaining(["200", "400", "401", "409", "413", "415"]));
    for (const methods of Object.values(doc.paths)) {
      for (const op of Object.values(methods)) expect(Object.keys(op.responses).length).toBeGreaterThan(1);
    }
  });

  it("documents the error answers the routes really give, in their media types", async () => {
    const doc = await document();
    // An unknown id is a 404 on bearer-token routes, admin-only ones included.
    for (const [path, method] of [
      ["/api/hackathons/{id}", "patch"],
      ["/api/hackathons/{id}", "delete"],
      ["/api/hackathons/{id}/rotate", "post"],
      ["/api/hackathons/{id}/channels/{channel_id}/deliveries", "get"],
      ["/api/hackathons/{id}/maintenance/{window_id}", "delete"],
    ] as const) {
      expect(Object.keys(doc.paths[path]![method]!.responses), `${method} ${path}`).toContain("404");
    }
    // Signed routes answer an unknown id 401, like a bad signature (docs/contract.md section 5).
    expect(Object.keys(doc.paths["/webhooks/{id}/events"]!.post!.responses)).not.toContain("404");
    for (const feed of ["/status/{id}/badge.svg", "/status/{id}/feed.atom"])
      expect(Object.keys(doc.paths[feed]!.get!.responses["404"]!.content!)).toEqual(["text/plain"]);
    expect(Object.keys(doc.paths["/status/{id}"]!.get!.responses["404"]!.content!)).toEqual(["text/html"]);
    expect(doc.paths["/healthz"]!.get!.responses["503"]!.content!["application/json"]!.schema.properties).toHaveProperty("components");
    // Pub/Sub gets 204 for what can never apply, never a 400 it would redeliver for days.
    expect(Object.keys(doc.paths["/webhooks/{id}/gcp-billing"]!.post!.responses)).not.toContain("400");
    expect(doc.paths["/webhooks/{id}/events"]!.post!.responses["400"]!.description).toContain("limit_exceeded");
  });

  it("documents the OTLP routes in OTLP's own encodings: ingest token, both media types, google.rpc.Status errors", async () => {
    const doc = await document();
    expect(doc.components.securitySchemes.ingest).toMatchObject({ type: "http", scheme: "bearer" });
    expect(doc.components.schemas.RpcStatus!.required).toEqual(["code", "message"]);
    for (const [signal, count] of [
      ["traces", "rejectedSpans"],
      ["metrics", "rejectedDataPoints"],
    ] as const) {
      const op = doc.paths[`/otlp/{id}/v1/${signal}`]!.post!;
      expect(op["x-access"]).toBe("ingest");
      expect(op.security).toEqual([{ ingest: [] }]);
      expect(Object.keys(op.requestBody!.content).sort()).toEqual(["application/json", "application/x-protobuf"]);
      expect(op.requestBody!.content["application/x-protobuf"]!.schema).toMatchObject({ type: "string", format: "binary" });
      expect(op.requestBody!.content["application/x-protobuf"]!.schema.description).toContain("Request");
      const ok = op.responses["200"]!.content!;
      expect(Object.keys(ok).sort()).toEqual(["application/json", "application/x-protobuf"]);
      expect(ok["application/json"]!.schema.properties!.partialSuccess!.properties).toHaveProperty(count);
      expect(Object.keys(op.responses).sort()).toEqual(["200", "400", "401", "403", "409", "413", "415", "429", "503"]);
      for (const status of ["400", "401", "403", "415", "503"]) {
        expect(op.responses[status]!.content!["application/json"]!.schema).toEqual({ $ref: "#/components/schemas/RpcStatus" });
        expect(op.responses[status]!.content).toHaveProperty("application/x-protobuf");
      }
    }
    expect(doc.paths["/otlp/{id}/v1/traces"]!.post!.requestBody!.content["application/json"]!.schema.properties).toHaveProperty(
      "resourceSpans",
    );
    expect(doc.paths["/otlp/{id}/v1/metrics"]!.post!.requestBody!.content["application/json"]!.schema.properties).toHaveProperty(
      "resourceMetrics",
    );
  });

  it("uses only JSON Schema's own formats, and OpenAPI's binary (zod's check names such as starts_with are not formats)", async () => {
    const formats = new Set<string>();
    const walk = (node: unknown): void => {
      if (Array.isArray(node)) node.forEach(walk);
      else if (node && typeof node === "object") {
        for (const [key, value] of Object.entries(node)) {
          if (key === "format" && typeof value === "string") formats.add(value);
          walk(value);
        }
      }
    };
    walk((await document()).paths);
    // `binary`: OpenAPI's format registry, for a body of raw bytes (OTLP's protobuf); ajv-formats knows it.
    const jsonSchemaFormats = ["date-time", "date", "time", "duration", "email", "uri", "uuid", "ipv4", "ipv6", "hostname", "binary"];
    expect([...formats].filter((f) => !jsonSchemaFormats.includes(f))).toEqual([]);
    const created = (await document()).paths["/api/hackathons"]?.post?.responses["201"];
    expect(created?.content?.["application/json"]?.schema.properties?.webhook_secret?.pattern).toBe("^whsec_.*");
  });

  it("describes request and response bodies from the zod contract", async () => {
    const doc = await document();
    const create = doc.paths["/api/hackathons"]!.post!;
    const body = create.requestBody!.content["application/json"]!.schema;
    expect(body.required).toEqual(expect.arrayContaining(["id", "name", "budget", "starts_at"]));
    expect(create.responses["201"]!.content!["application/json"]!.schema.properties).toHaveProperty("webhook_secret");
    const history = doc.paths["/api/hackathons/{id}/history"]!.get!;
    expect(history.parameters!.map((p) => p.name)).toEqual(["id", "series", "from", "to", "step", "format"]);
    expect(history.responses["200"]!.content).toHaveProperty("text/csv");
  });
});

describe("GET /api/docs", () => {
  it("renders a readable reference of every operation without scripts", async () => {
    const response = await api("/api/docs", { token: null });
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toContain("text/html");
    expect(response.headers.get("content-security-policy")).toContain("default-src 'none'");
    const html = await response.text();
    expect(html).not.toContain("<script");
    for (const route of registeredRoutes()) {
      const [method, path] = route.split(" ");
      expect(html).toContain(`${method!.toUpperCase()}</span> <code>${path}</code>`);
    }
  });
});
