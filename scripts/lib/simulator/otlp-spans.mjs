// The demo's token calls as an OpenTelemetry-instrumented app exports them: one GenAI span per
// call (gen_ai.* attributes, the service as the resource's service.name), in an OTLP/JSON
// ExportTraceServiceRequest (lowerCamelCase fields, hex ids, int64 as decimal strings).
// Ids derive from the event's id, so a back-fill after a restart re-sends the same spans and
// Pitwall counts them once. No cost attribute: Pitwall prices the calls from its model price
// table, as it does for any SDK that reports counts only.
import { between, hexId } from "./random.mjs";
import { providerOf } from "./streams.mjs";

const SPAN_KIND_CLIENT = 3;

/** An OTLP/JSON attribute: integers as intValue, anything else as a string. */
const attribute = (key, value) => ({
  key,
  value: Number.isInteger(value) ? { intValue: String(value) } : { stringValue: String(value) },
});

const nanos = (ms) => `${Math.round(ms)}000000`;

/**
 * The span of one simulated token event: `chat <model>` (or `embeddings <model>`, which reports
 * input tokens only), ending at the event's time after a call of plausible length.
 * @param {{ id: string, ts: string, model: string, input_tokens: number, output_tokens: number }} event
 */
export function spanOfTokenEvent(event) {
  const operation = event.output_tokens === 0 ? "embeddings" : "chat";
  const endMs = Date.parse(event.ts);
  const durationMs =
    operation === "chat" ? between(400, 900, event.id, "latency") + event.output_tokens * 12 : between(40, 120, event.id, "latency");
  const provider = providerOf(event.model);
  return {
    traceId: hexId(16, event.id, "trace"),
    spanId: hexId(8, event.id, "span"),
    name: `${operation} ${event.model}`,
    kind: SPAN_KIND_CLIENT,
    startTimeUnixNano: nanos(endMs - durationMs),
    endTimeUnixNano: nanos(endMs),
    attributes: [
      attribute("gen_ai.operation.name", operation),
      ...(provider ? [attribute("gen_ai.provider.name", provider)] : []),
      attribute("gen_ai.request.model", event.model),
      attribute("gen_ai.usage.input_tokens", event.input_tokens),
      ...(operation === "chat" ? [attribute("gen_ai.usage.output_tokens", event.output_tokens)] : []),
    ],
    status: {},
  };
}

/**
 * One export of `events` (token events) from the service `serviceName`, as its SDK's batch
 * span processor would send it.
 * @param {Array<{ id: string, ts: string, model: string, input_tokens: number, output_tokens: number }>} events
 * @param {{ serviceName: string }} options
 */
export function tracesExport(events, { serviceName }) {
  return {
    resourceSpans: [
      {
        resource: { attributes: [attribute("service.name", serviceName), attribute("telemetry.sdk.language", "nodejs")] },
        scopeSpans: [{ scope: { name: "pitwall-demo-simulator" }, spans: events.map(spanOfTokenEvent) }],
      },
    ],
  };
}
