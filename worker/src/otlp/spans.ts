import { MAX_NAME_LENGTH, type TokenEvent, TokenEventSchema } from "../contract";
import { priceUsd } from "../integrations/model-prices";
import { attributeMap, nanosToMs, numberAttr, type Scalar, stringAttr } from "./attributes";
import type { OtlpRequest } from "./decode";
import { Span_SpanKind } from "./gen/opentelemetry/proto/trace/v1/trace_pb";
import { toHex } from "./json-ids";
import { AGENT_OPERATION, GENAI_OPERATION, OPENINFERENCE_KIND, USAGE_KEYS } from "./usage-attributes";

/** What a traces export means: token events, spans without usage (ignored), spans refused and why. */
export type SpanReading = { events: TokenEvent[]; ignored: number; rejected: number; reasons: string[] };

/** A span may end a little ahead of our clock (sender skew), as a webhook event may (ingest/parse-events). */
const MAX_FUTURE_SKEW_MS = 5 * 60_000;

type Usage = { input: number; output: number; cacheRead?: number; cacheWrite?: number };

/**
 * The span's token counts, or null when it reports none. Cache counts are part of the input
 * (the GenAI conventions and OpenAI count them so); when they exceed the input, the sender
 * counted them apart, as Anthropic's API does, and they are added to it.
 */
function usageOf(attrs: Map<string, Scalar>, spanKind: Span_SpanKind): Usage | null {
  const kind = attrs.get(OPENINFERENCE_KIND);
  if (typeof kind === "string" && kind.toUpperCase() !== "LLM") return null;
  if (attrs.get(GENAI_OPERATION) === AGENT_OPERATION && spanKind !== Span_SpanKind.CLIENT) return null;
  const input = numberAttr(attrs, USAGE_KEYS.input);
  const output = numberAttr(attrs, USAGE_KEYS.output);
  if (input === undefined && output === undefined) return null;
  const cacheRead = numberAttr(attrs, USAGE_KEYS.cacheRead);
  const cacheWrite = numberAttr(attrs, USAGE_KEYS.cacheWrite);
  const cached = (cacheRead ?? 0) + (cacheWrite ?? 0);
  const reported = input ?? 0;
  return { input: cached > reported ? reported + cached : reported, output: output ?? 0, cacheRead, cacheWrite };
}

/** `service.name`, as the sender set it; the SDKs' `unknown_service...` default says nothing. */
export function serviceName(resource: Map<string, Scalar>): string | undefined {
  const name = stringAttr(resource, ["service.name"]);
  if (!name || name.startsWith("unknown_service")) return undefined;
  return name.slice(0, MAX_NAME_LENGTH);
}

/**
 * GenAI spans become token events (docs/contract.md section 11): the id comes from the trace and span
 * ids, so an exporter's retry is a duplicate; the time is the span's end; the cost is the span's
 * own, else the price table's, else absent. A span without usage attributes is ignored (counted,
 * not stored, not refused); one with usage but no model, bad counts or a time from the future is
 * refused through the partial success.
 */
export function readSpans(request: OtlpRequest<"traces">, now: number): SpanReading {
  const reading: SpanReading = { events: [], ignored: 0, rejected: 0, reasons: [] };
  const refuse = (reason: string) => {
    reading.rejected += 1;
    if (!reading.reasons.includes(reason)) reading.reasons.push(reason);
  };
  for (const resourceSpans of request.resourceSpans) {
    const service = serviceName(attributeMap(resourceSpans.resource?.attributes ?? []));
    for (const scopeSpans of resourceSpans.scopeSpans) {
      for (const span of scopeSpans.spans) {
        const attrs = attributeMap(span.attributes);
        const usage = usageOf(attrs, span.kind);
        if (!usage) {
          reading.ignored += 1;
          continue;
        }
        const model = stringAttr(attrs, USAGE_KEYS.model);
        if (!model) {
          refuse("a span with token counts names no model (gen_ai.response.model, gen_ai.request.model or llm.model_name)");
          continue;
        }
        if (span.traceId.length !== 16 || span.spanId.length !== 8) {
          refuse("a span's traceId or spanId is missing or the wrong length");
          continue;
        }
        const endMs = nanosToMs(span.endTimeUnixNano);
        if (endMs > now + MAX_FUTURE_SKEW_MS) {
          refuse("a span ends more than 5 minutes in the future");
          continue;
        }
        const at = new Date(endMs);
        const ownCost = numberAttr(attrs, USAGE_KEYS.cost);
        const provider = stringAttr(attrs, USAGE_KEYS.provider);
        const cost =
          ownCost ??
          priceUsd({
            model,
            inputTokens: usage.input,
            outputTokens: usage.output,
            cacheReadTokens: usage.cacheRead,
            cacheWriteTokens: usage.cacheWrite,
            provider,
            at,
          });
        const candidate = {
          id: `otlp:${toHex(span.traceId)}:${toHex(span.spanId)}`,
          type: "token",
          ts: Number.isNaN(at.getTime()) ? "" : at.toISOString(),
          model,
          input_tokens: usage.input,
          output_tokens: usage.output,
          ...(cost === undefined ? {} : { cost }),
          ...(service === undefined ? {} : { service }),
        };
        const parsed = TokenEventSchema.safeParse(candidate);
        if (!parsed.success) {
          refuse(
            `a span's usage is not a valid token event (${parsed.error.issues.map((i) => `${i.path.join(".")} ${i.message}`).join("; ")})`,
          );
          continue;
        }
        reading.events.push(parsed.data);
      }
    }
  }
  return reading;
}
