import { create, type DescMessage, toBinary, toJson } from "@bufbuild/protobuf";
import type { OtlpEncoding } from "./body";
import type { OtlpSignal } from "./decode";
import { StatusSchema } from "./gen/google/rpc/status_pb";
import { ExportMetricsServiceResponseSchema } from "./gen/opentelemetry/proto/collector/metrics/v1/metrics_service_pb";
import { ExportTraceServiceResponseSchema } from "./gen/opentelemetry/proto/collector/trace/v1/trace_service_pb";
import { type OtlpRefusal, rpcCodeOf } from "./refusal";

const CONTENT_TYPE: Record<OtlpEncoding, string> = { protobuf: "application/x-protobuf", json: "application/json" };

/** What an export did: items refused (through the partial success), and why or what was ignored. */
export type ExportOutcome = { rejected: number; message: string };

function encode(schema: DescMessage, message: never, encoding: OtlpEncoding): BodyInit {
  if (encoding === "protobuf") return toBinary(schema, message);
  return JSON.stringify(toJson(schema, message));
}

/**
 * 200 with the signal's export response. `partialSuccess` is set when something was rejected,
 * and also (with a zero count) to carry a warning, as the OTLP spec allows: spans ignored for
 * want of usage attributes are named there. A full success with nothing to say is empty.
 */
export function exportResponse(signal: OtlpSignal, encoding: OtlpEncoding, outcome: ExportOutcome): Response {
  const said = outcome.rejected > 0 || outcome.message !== "";
  const rejected = BigInt(outcome.rejected);
  const body =
    signal === "traces"
      ? encode(
          ExportTraceServiceResponseSchema,
          create(
            ExportTraceServiceResponseSchema,
            said ? { partialSuccess: { rejectedSpans: rejected, errorMessage: outcome.message } } : {},
          ) as never,
          encoding,
        )
      : encode(
          ExportMetricsServiceResponseSchema,
          create(
            ExportMetricsServiceResponseSchema,
            said ? { partialSuccess: { rejectedDataPoints: rejected, errorMessage: outcome.message } } : {},
          ) as never,
          encoding,
        );
  return new Response(body, { status: 200, headers: { "content-type": CONTENT_TYPE[encoding] } });
}

/** A refusal as OTLP/HTTP answers errors: a google.rpc.Status in the request's encoding (JSON when it had none we speak). */
export function statusResponse(refusal: OtlpRefusal, encoding: OtlpEncoding | null): Response {
  const as = encoding ?? "json";
  const status = create(StatusSchema, { code: rpcCodeOf(refusal.status), message: refusal.message });
  return new Response(encode(StatusSchema, status as never, as), {
    status: refusal.status,
    headers: { "content-type": CONTENT_TYPE[as], ...refusal.headers },
  });
}
