import { z } from "zod";

// OTLP/HTTP's JSON shapes (opentelemetry-proto's OTLP/JSON encoding), for the OpenAPI document
// only: the routes decode with code generated from the .proto files (worker/src/otlp/gen), which
// stays the judge. The request shapes are loose: every field is optional, as in protobuf, and
// fields not named here (proto field names such as `resource_spans` too) are allowed; the
// answers are described exactly as the routes send them.

/** A 64-bit integer: OTLP/JSON writes it as a decimal string; a JSON number is taken too. */
const int64 = z
  .union([z.string().regex(/^-?[0-9]+$/), z.number()])
  .meta({ description: "64-bit integer: a decimal string (as OTLP/JSON writes it) or a JSON number" });

/** Enums are integers in OTLP/JSON; the protobuf JSON mapping's names are taken too. */
const enumValue = z.union([z.int(), z.string()]);

const hexId = (bytes: number, description: string) =>
  z
    .string()
    .regex(new RegExp(`^(?:[0-9a-fA-F]{${bytes * 2}})?$`))
    .meta({ description: `${description}: ${bytes} bytes as hex (OTLP/JSON's exception to the protobuf JSON mapping's base64)` });

const anyValue = z
  .looseObject({
    stringValue: z.string().optional(),
    boolValue: z.boolean().optional(),
    intValue: int64.optional(),
    doubleValue: z.union([z.number(), z.enum(["NaN", "Infinity", "-Infinity"])]).optional(),
    bytesValue: z.string().optional(),
    arrayValue: z.looseObject({ values: z.array(z.looseObject({})).optional() }).optional(),
    kvlistValue: z.looseObject({ values: z.array(z.looseObject({})).optional() }).optional(),
  })
  .meta({ description: "AnyValue: one of its fields is set" });

const attributes = z.array(z.looseObject({ key: z.string(), value: anyValue.optional() })).meta({
  description:
    "KeyValue list; the GenAI semantic conventions (`gen_ai.request.model`, `gen_ai.usage.input_tokens`, ...) are read from here",
});

const resource = z.looseObject({ attributes: attributes.optional(), droppedAttributesCount: z.int().optional() }).meta({
  description: "`service.name` names the sender",
});
const scope = z.looseObject({ name: z.string().optional(), version: z.string().optional(), attributes: attributes.optional() });

const span = z.looseObject({
  traceId: hexId(16, "trace id").optional(),
  spanId: hexId(8, "span id").optional(),
  parentSpanId: hexId(8, "parent span id, empty for a root span").optional(),
  traceState: z.string().optional(),
  flags: z.int().optional(),
  name: z.string().optional(),
  kind: enumValue.optional(),
  startTimeUnixNano: int64.optional(),
  endTimeUnixNano: int64.optional(),
  attributes: attributes.optional(),
  droppedAttributesCount: z.int().optional(),
  events: z.array(z.looseObject({})).optional(),
  links: z.array(z.looseObject({})).optional(),
  status: z.looseObject({ code: enumValue.optional(), message: z.string().optional() }).optional(),
});

/** `ExportTraceServiceRequest` (opentelemetry/proto/collector/trace/v1/trace_service.proto) in OTLP/JSON. */
export const OtlpTracesRequestSchema = z
  .looseObject({
    resourceSpans: z
      .array(
        z.looseObject({
          resource: resource.optional(),
          scopeSpans: z
            .array(z.looseObject({ scope: scope.optional(), spans: z.array(span).optional(), schemaUrl: z.string().optional() }))
            .optional(),
          schemaUrl: z.string().optional(),
        }),
      )
      .optional(),
  })
  .meta({ description: "ExportTraceServiceRequest in OTLP/JSON (lowerCamelCase or proto field names; unknown fields are ignored)" });

const dataPoint = z.looseObject({
  attributes: attributes.optional(),
  startTimeUnixNano: int64.optional(),
  timeUnixNano: int64.optional(),
  asDouble: z.union([z.number(), z.enum(["NaN", "Infinity", "-Infinity"])]).optional(),
  asInt: int64.optional(),
  exemplars: z.array(z.looseObject({})).optional(),
  flags: z.int().optional(),
});
const points = z.array(dataPoint).optional();
const aggregated = z.looseObject({ dataPoints: z.array(z.looseObject({})).optional(), aggregationTemporality: enumValue.optional() });

const metric = z.looseObject({
  name: z.string().optional(),
  description: z.string().optional(),
  unit: z.string().optional(),
  gauge: z.looseObject({ dataPoints: points }).optional(),
  sum: z.looseObject({ dataPoints: points, aggregationTemporality: enumValue.optional(), isMonotonic: z.boolean().optional() }).optional(),
  histogram: aggregated.optional(),
  exponentialHistogram: aggregated.optional(),
  summary: z.looseObject({ dataPoints: z.array(z.looseObject({})).optional() }).optional(),
  metadata: attributes.optional(),
});

/** `ExportMetricsServiceRequest` (opentelemetry/proto/collector/metrics/v1/metrics_service.proto) in OTLP/JSON. */
export const OtlpMetricsRequestSchema = z
  .looseObject({
    resourceMetrics: z
      .array(
        z.looseObject({
          resource: resource.optional(),
          scopeMetrics: z
            .array(z.looseObject({ scope: scope.optional(), metrics: z.array(metric).optional(), schemaUrl: z.string().optional() }))
            .optional(),
          schemaUrl: z.string().optional(),
        }),
      )
      .optional(),
  })
  .meta({ description: "ExportMetricsServiceRequest in OTLP/JSON (lowerCamelCase or proto field names; unknown fields are ignored)" });

/** A count the protobuf JSON mapping writes as a string (int64); absent when 0. */
const rejectedCount = z.union([z.string().regex(/^[0-9]+$/), z.int().nonnegative()]);
const partialSuccess = (countField: "rejectedSpans" | "rejectedDataPoints") =>
  z.object({ [countField]: rejectedCount.optional(), errorMessage: z.string().optional() }).meta({
    description: "set when items were rejected, or (with no count) to carry a warning such as spans ignored for want of usage attributes",
  });

/** `ExportTraceServiceResponse`: `{}` on full success. */
export const OtlpTracesResponseSchema = z
  .object({ partialSuccess: partialSuccess("rejectedSpans").optional() })
  .meta({ description: "ExportTraceServiceResponse in OTLP/JSON; `{}` on full success" });

/** `ExportMetricsServiceResponse`: `{}` on full success. */
export const OtlpMetricsResponseSchema = z
  .object({ partialSuccess: partialSuccess("rejectedDataPoints").optional() })
  .meta({ description: "ExportMetricsServiceResponse in OTLP/JSON; `{}` on full success" });

/** `google.rpc.Status` (google/rpc/status.proto) in JSON: how OTLP/HTTP answers an error. */
export const RpcStatusSchema = z
  .object({
    code: z.int().meta({ description: "google.rpc.Code" }),
    message: z.string(),
    details: z.array(z.looseObject({ "@type": z.string() })).optional(),
  })
  .meta({ description: "google.rpc.Status; `details` is never sent today" });
