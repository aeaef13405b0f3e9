// OTLP trace exports as an instrumented app's SDK sends them: GenAI spans made by the real trace
// SDK, serialized by the serializers the OTLP exporters use (`http/protobuf` and `http/json`),
// posted to POST /otlp/:id/v1/traces with the ingest token. Bodies are made before the timed run
// (each with fresh span ids), so the senders spend no CPU making spans while they are measured:
// the server and the load generator share the same two cores.
import { JsonTraceSerializer, ProtobufTraceSerializer } from "@opentelemetry/otlp-transformer";
import { resourceFromAttributes } from "@opentelemetry/resources";
import { InMemorySpanExporter, SimpleSpanProcessor, TracerProvider } from "@opentelemetry/sdk-trace";
import { runLoad } from "./load.mjs";
import { summarize, tally } from "./stats.mjs";

/** The batch span processor's default `maxExportBatchSize`: what one export of a busy app holds. */
export const SPANS_PER_EXPORT = 512;
export const TOKENS_PER_SPAN = 1200;
const MODELS = ["claude-sonnet-4", "gpt-4.1-mini", "gemini-2.5-flash"];

export const ENCODINGS = {
  protobuf: { contentType: "application/x-protobuf", serializer: ProtobufTraceSerializer },
  json: { contentType: "application/json", serializer: JsonTraceSerializer },
};

/** Makes `count` export bodies of `spansPerExport` GenAI spans each, in `encoding`. */
export function makeExportBodies({ count, encoding, spansPerExport = SPANS_PER_EXPORT }) {
  const memory = new InMemorySpanExporter();
  const provider = new TracerProvider({
    resource: resourceFromAttributes({ "service.name": "bench-agents" }),
    spanProcessors: [new SimpleSpanProcessor({ exporter: memory })],
  });
  const tracer = provider.getTracer("pitwall-bench");
  const { serializer } = ENCODINGS[encoding];
  const bodies = [];
  for (let n = 0; n < count; n++) {
    for (let k = 0; k < spansPerExport; k++) {
      const model = MODELS[k % MODELS.length];
      tracer
        .startSpan(`chat ${model}`, {
          kind: 2, // CLIENT in @opentelemetry/api's SpanKind
          attributes: {
            "gen_ai.operation.name": "chat",
            "gen_ai.request.model": model,
            "gen_ai.usage.input_tokens": 1000,
            "gen_ai.usage.output_tokens": TOKENS_PER_SPAN - 1000,
          },
        })
        .end();
    }
    const body = serializer.serializeRequest(memory.getFinishedSpans());
    if (!body) throw new Error("the OTLP serializer returned nothing");
    bodies.push(body);
    memory.reset();
  }
  return bodies;
}

/** The spans an answer refused: `partialSuccess.rejectedSpans`, in the answer's encoding. */
function rejectedSpans(encoding, bytes) {
  if (bytes.length === 0) return 0;
  const answer = ENCODINGS[encoding].serializer.deserializeResponse(bytes);
  return Number(answer.partialSuccess?.rejectedSpans ?? 0);
}

/**
 * `concurrency` senders posting the pre-made `bodies` (each once) until `durationMs` is over or
 * their share of the bodies is sent; `bodies` is consumed, so later slices send fresh spans.
 */
export async function otlpExportsLoad({ url, hackathonId, ingestToken, bodies, encoding, concurrency = 8, durationMs = 10_000 }) {
  const endpoint = `${url}/otlp/${encodeURIComponent(hackathonId)}/v1/traces`;
  const headers = { "content-type": ENCODINGS[encoding].contentType, authorization: `Bearer ${ingestToken}` };
  const share = Math.floor(bodies.length / concurrency);
  if (share === 0) throw new Error(`no ${encoding} export bodies left: raise BENCH_OTLP_EXPORTS`);
  const task = async () => {
    // The serializers return plain ArrayBuffer-backed arrays; typed as ArrayBufferLike, which fetch refuses.
    const body = /** @type {Uint8Array<ArrayBuffer>} */ (bodies.pop());
    const response = await fetch(endpoint, { method: "POST", headers, body });
    const bytes = new Uint8Array(await response.arrayBuffer());
    const ok = response.status >= 200 && response.status < 300;
    return { status: response.status, spans: SPANS_PER_EXPORT, rejected: ok ? rejectedSpans(encoding, bytes) : 0 };
  };
  const run = await runLoad({ concurrency, durationMs, maxIterations: share, task });
  // Every sender sent its whole share before the time was up: the figure is still right, but the slice was shorter.
  return { ...run, ranOut: run.results.length + run.errors.length >= share * concurrency };
}

/** One report over the slices of an OTLP load: spans/s stored per hackathon, latency per export. */
export function otlpReport(name, runs) {
  const results = runs.flatMap((run) => run.results);
  const ok = results.filter((r) => r.status >= 200 && r.status < 300);
  const accepted = ok.reduce((sum, r) => sum + r.spans - r.rejected, 0);
  const seconds = runs.reduce((sum, run) => sum + run.elapsedMs, 0) / 1000;
  return {
    name,
    requests: results.length,
    statuses: tally(results.map((r) => r.status)),
    network_errors: runs.flatMap((run) => run.errors).length,
    rejected_spans: ok.reduce((sum, r) => sum + r.rejected, 0),
    ran_out_of_bodies: runs.some((run) => run.ranOut),
    accepted_spans: accepted,
    spans_per_s: accepted / seconds,
    latency: summarize(runs.flatMap((run) => run.latencies)),
  };
}
