import { type DescMessage, fromBinary, fromJson, type MessageShape } from "@bufbuild/protobuf";
import { decodeUtf8 } from "../lib/utf8";
import type { OtlpEncoding } from "./body";
import { ExportMetricsServiceRequestSchema } from "./gen/opentelemetry/proto/collector/metrics/v1/metrics_service_pb";
import { ExportTraceServiceRequestSchema } from "./gen/opentelemetry/proto/collector/trace/v1/trace_service_pb";
import { hexIdsToBase64 } from "./json-ids";
import { OtlpRefusal } from "./refusal";

export type OtlpSignal = "traces" | "metrics";

/** The signals `/otlp/:id/v1/:signal` takes (OTLP logs are not read). */
export const OTLP_SIGNALS: readonly OtlpSignal[] = ["traces", "metrics"];

const SCHEMAS = {
  traces: ExportTraceServiceRequestSchema,
  metrics: ExportMetricsServiceRequestSchema,
} as const;

export type OtlpRequest<S extends OtlpSignal> = MessageShape<(typeof SCHEMAS)[S]>;

/**
 * Decodes an export request with the messages generated ahead of time from the OTLP protos
 * (worker/proto: workerd allows no run-time code generation). OTLP/JSON is the protobuf JSON
 * mapping except that trace and span ids are hex: they are turned into the mapping's base64
 * first. Unknown JSON fields are ignored, as the OTLP spec asks of receivers. 400 otherwise.
 */
export function decodeExport<S extends OtlpSignal>(signal: S, encoding: OtlpEncoding, bytes: Uint8Array): OtlpRequest<S> {
  const schema: DescMessage = SCHEMAS[signal];
  try {
    if (encoding === "protobuf") return fromBinary(schema, bytes) as OtlpRequest<S>;
    const text = decodeUtf8(bytes);
    if (text === null) throw new Error("the body is not valid UTF-8");
    const json: unknown = JSON.parse(text);
    return fromJson(schema, hexIdsToBase64(json) as never, { ignoreUnknownFields: true }) as OtlpRequest<S>;
  } catch (error) {
    const detail = error instanceof Error ? `: ${error.message.slice(0, 200)}` : "";
    throw new OtlpRefusal(400, `The body is not a valid OTLP ${encoding === "json" ? "JSON" : "protobuf"} export request${detail}`);
  }
}
