import type { MessageInitShape } from "@bufbuild/protobuf";
import { create, type DescMessage, fromBinary, fromJson, toBinary, toJson } from "@bufbuild/protobuf";
import { type Status, StatusSchema } from "../../worker/src/otlp/gen/google/rpc/status_pb";
import {
  ExportMetricsServiceRequestSchema,
  type ExportMetricsServiceResponse,
  ExportMetricsServiceResponseSchema,
} from "../../worker/src/otlp/gen/opentelemetry/proto/collector/metrics/v1/metrics_service_pb";
import {
  ExportTraceServiceRequestSchema,
  type ExportTraceServiceResponse,
  ExportTraceServiceResponseSchema,
} from "../../worker/src/otlp/gen/opentelemetry/proto/collector/trace/v1/trace_service_pb";
import type { KeyValue } from "../../worker/src/otlp/gen/opentelemetry/proto/common/v1/common_pb";
import type { MetricSchema } from "../../worker/src/otlp/gen/opentelemetry/proto/metrics/v1/metrics_pb";
import { api } from "./api";

export type Attrs = Record<string, string | number | boolean>;

/** OTLP attributes from a plain object: integers as intValue (as SDKs send token counts), other numbers as doubles. */
export function kv(attrs: Attrs): KeyValue[] {
  return Object.entries(attrs).map(([key, value]) => {
    const v =
      typeof value === "string"
        ? { case: "stringValue" as const, value }
        : typeof value === "boolean"
          ? { case: "boolValue" as const, value }
          : Number.isInteger(value)
            ? { case: "intValue" as const, value: BigInt(value) }
            : { case: "doubleValue" as const, value };
    return { key, value: { value: v } } as KeyValue;
  });
}

export const randomHex = (bytes: number) =>
  [...crypto.getRandomValues(new Uint8Array(bytes))].map((b) => b.toString(16).padStart(2, "0")).join("");
const hexBytes = (hex: string) => Uint8Array.from(hex.match(/../g) ?? [], (h) => Number.parseInt(h, 16));

/** `kind`: OTLP's SpanKind number (1 INTERNAL, 3 CLIENT, the default). */
export type SpanInit = { traceId?: string; spanId?: string; name?: string; kind?: number; endMs?: number; attrs?: Attrs };

/** A GenAI chat span with usage, the way an instrumented SDK reports one. */
export const chatSpan = (model: string, input: number, output: number, extra: Attrs = {}): SpanInit => ({
  attrs: {
    "gen_ai.operation.name": "chat",
    "gen_ai.provider.name": "openai",
    "gen_ai.request.model": model,
    "gen_ai.usage.input_tokens": input,
    "gen_ai.usage.output_tokens": output,
    ...extra,
  },
});

/** An ExportTraceServiceRequest of `spans` under one resource. */
export function tracesRequest(spans: SpanInit[], resource: Attrs = { "service.name": "team-app" }) {
  return create(ExportTraceServiceRequestSchema, {
    resourceSpans: [
      {
        resource: { attributes: kv(resource) },
        scopeSpans: [
          {
            scope: { name: "test" },
            spans: spans.map((s) => {
              const end = BigInt(s.endMs ?? Date.now()) * 1_000_000n;
              return {
                traceId: hexBytes(s.traceId ?? randomHex(16)),
                spanId: hexBytes(s.spanId ?? randomHex(8)),
                name: s.name ?? "chat",
                kind: s.kind ?? 3,
                startTimeUnixNano: end - 1_000_000_000n,
                endTimeUnixNano: end,
                attributes: kv(s.attrs ?? {}),
              };
            }),
          },
        ],
      },
    ],
  });
}

export function metricsRequest(metrics: MessageInitShape<typeof MetricSchema>[], resource: Attrs = { "service.name": "team-app" }) {
  return create(ExportMetricsServiceRequestSchema, {
    resourceMetrics: [{ resource: { attributes: kv(resource) }, scopeMetrics: [{ scope: { name: "test" }, metrics }] }],
  });
}

export type Encoding = "protobuf" | "json";
const TYPE: Record<Encoding, string> = { protobuf: "application/x-protobuf", json: "application/json" };

export function encodeRequest(schema: DescMessage, message: unknown, encoding: Encoding): Uint8Array {
  if (encoding === "protobuf") return toBinary(schema, message as never);
  return new TextEncoder().encode(JSON.stringify(toOtlpJson(toJson(schema, message as never))));
}

/** OTLP/JSON writes trace and span ids as hex, not the protobuf mapping's base64. */
function toOtlpJson(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(toOtlpJson);
  if (typeof value !== "object" || value === null) return value;
  return Object.fromEntries(
    Object.entries(value).map(([k, v]) => [
      k,
      ["traceId", "spanId", "parentSpanId"].includes(k) && typeof v === "string"
        ? [...atob(v)].map((c) => c.charCodeAt(0).toString(16).padStart(2, "0")).join("")
        : toOtlpJson(v),
    ]),
  );
}

export async function gzip(bytes: Uint8Array): Promise<Uint8Array> {
  return new Uint8Array(await new Response(new Blob([bytes]).stream().pipeThrough(new CompressionStream("gzip"))).arrayBuffer());
}

type SendOptions = { token: string | null; encoding?: Encoding; gzip?: boolean; contentType?: string; headers?: Record<string, string> };

/** POSTs raw bytes to an OTLP route through the real Worker. */
export async function postOtlp(
  hackathonId: string,
  signal: "traces" | "metrics",
  body: Uint8Array,
  options: SendOptions,
): Promise<Response> {
  const encoding = options.encoding ?? "protobuf";
  const headers: Record<string, string> = { "content-type": options.contentType ?? TYPE[encoding], ...options.headers };
  let bytes = body;
  if (options.gzip) {
    bytes = await gzip(body);
    headers["content-encoding"] = "gzip";
  }
  return api(`/otlp/${hackathonId}/v1/${signal}`, { method: "POST", token: options.token, body: bytes, headers });
}

export const sendTraces = (hackathonId: string, request: ReturnType<typeof tracesRequest>, options: SendOptions) =>
  postOtlp(hackathonId, "traces", encodeRequest(ExportTraceServiceRequestSchema, request, options.encoding ?? "protobuf"), options);
export const sendMetrics = (hackathonId: string, request: ReturnType<typeof metricsRequest>, options: SendOptions) =>
  postOtlp(hackathonId, "metrics", encodeRequest(ExportMetricsServiceRequestSchema, request, options.encoding ?? "protobuf"), options);

async function decodeAs<T>(schema: DescMessage, response: Response): Promise<T> {
  const type = response.headers.get("content-type") ?? "";
  if (type.startsWith("application/x-protobuf")) return fromBinary(schema, new Uint8Array(await response.arrayBuffer())) as T;
  return fromJson(schema, await response.json()) as T;
}

export const traceAnswer = (response: Response) => decodeAs<ExportTraceServiceResponse>(ExportTraceServiceResponseSchema, response);
export const metricsAnswer = (response: Response) => decodeAs<ExportMetricsServiceResponse>(ExportMetricsServiceResponseSchema, response);
export const statusAnswer = (response: Response) => decodeAs<Status>(StatusSchema, response);
