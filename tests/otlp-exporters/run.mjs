// The real OpenTelemetry JS exporters (trace SDK with the OTLP proto and http/json exporters,
// metrics SDK with its OTLP exporter) sending to the real Worker, bundled as for a deploy and
// served by Miniflare on loopback. Runs in Node: the exporters send with Node's http.
// Configured as docs/integrations.md tells a team to: OTEL_EXPORTER_OTLP_ENDPOINT and
// OTEL_EXPORTER_OTLP_HEADERS. Run with `node tests/otlp-exporters/run.mjs`; `npm test` runs it.
import { randomBytes } from "node:crypto";
import { fileURLToPath } from "node:url";
import { DiagLogLevel, diag } from "@opentelemetry/api";
import { OTLPMetricExporter } from "@opentelemetry/exporter-metrics-otlp-proto";
import { OTLPTraceExporter as HttpJsonTraceExporter } from "@opentelemetry/exporter-trace-otlp-http";
import { OTLPTraceExporter as ProtoTraceExporter } from "@opentelemetry/exporter-trace-otlp-proto";
import { resourceFromAttributes } from "@opentelemetry/resources";
import { MeterProvider, PeriodicExportingMetricReader } from "@opentelemetry/sdk-metrics";
import { InMemorySpanExporter, SimpleSpanProcessor, TracerProvider } from "@opentelemetry/sdk-trace";
import { descendantPids, startMiniflareHost } from "../../bench/lib/miniflare-host.mjs";
import { ensureWebBuild } from "../../scripts/lib/web-build.mjs";

const CONFIG = fileURLToPath(new URL("../../wrangler.toml", import.meta.url));
const UNTIL_MS = 10_000;
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** The exporters' own warnings (a partial success is logged, not returned), captured for the cases. */
const warnings = [];
diag.setLogger(
  { error: () => {}, warn: (...args) => warnings.push(args.join(" ")), info: () => {}, debug: () => {}, verbose: () => {} },
  DiagLogLevel.WARN,
);

function assert(condition, message) {
  if (!condition) throw new Error(message);
}

/** Finished spans from the trace SDK, as an app instrumented with the GenAI conventions makes them. */
function genAiSpans(calls, service = "team-app") {
  const memory = new InMemorySpanExporter();
  const provider = new TracerProvider({
    resource: resourceFromAttributes({ "service.name": service }),
    spanProcessors: [new SimpleSpanProcessor({ exporter: memory })],
  });
  const tracer = provider.getTracer("pitwall-test");
  for (const attrs of calls) tracer.startSpan(`chat ${attrs["gen_ai.request.model"] ?? ""}`, { attributes: attrs }).end();
  return memory.getFinishedSpans();
}

const chat = (model, input, output) => ({
  "gen_ai.operation.name": "chat",
  "gen_ai.provider.name": "openai",
  "gen_ai.request.model": model,
  "gen_ai.usage.input_tokens": input,
  "gen_ai.usage.output_tokens": output,
});

/** One export through an exporter, answering its ExportResult ({ code: 0 } is success). */
const exportSpans = (exporter, spans) => new Promise((resolve) => exporter.export(spans, resolve));

/** Exporters configured the documented way: the env vars are read when an exporter is made. */
function withEnv(vars, make) {
  const saved = Object.fromEntries(Object.keys(vars).map((k) => [k, process.env[k]]));
  Object.assign(process.env, vars);
  try {
    return make();
  } finally {
    for (const [k, v] of Object.entries(saved)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  }
}

function otelEnv(url, id, token, protocol, compression = "none") {
  return {
    OTEL_EXPORTER_OTLP_ENDPOINT: `${url}/otlp/${id}`,
    OTEL_EXPORTER_OTLP_HEADERS: `Authorization=Bearer%20${token}`,
    OTEL_EXPORTER_OTLP_PROTOCOL: protocol,
    OTEL_EXPORTER_OTLP_COMPRESSION: compression,
  };
}

async function main() {
  const adminToken = `otlp-${randomBytes(16).toString("hex")}`;
  await ensureWebBuild({ log: () => {} });
  console.log("Starting the Worker (Miniflare)…");
  const host = await startMiniflareHost({ configFile: CONFIG, secrets: { ADMIN_TOKEN: adminToken, ALLOW_LOOPBACK_OUTBOUND: "1" } });
  const url = host.url;
  const adminHeaders = { authorization: `Bearer ${adminToken}`, "content-type": "application/json" };
  async function createHackathon() {
    const id = `otlp-${randomBytes(4).toString("hex")}`;
    const now = Date.now();
    const response = await fetch(`${url}/api/hackathons`, {
      method: "POST",
      headers: adminHeaders,
      body: JSON.stringify({
        id,
        name: "OTLP",
        budget: { amount: 100 },
        starts_at: new Date(now - 3_600_000).toISOString(),
        ends_at: new Date(now + 3_600_000).toISOString(),
      }),
    });
    assert(response.status === 201, `create answered ${response.status}`);
    return response.json();
  }
  const dashboard = async (h) =>
    (await fetch(`${url}/api/hackathons/${h.hackathon.id}/dashboard`, { headers: { authorization: `Bearer ${h.viewer_token}` } })).json();
  async function until(read, ok, what) {
    const deadline = Date.now() + UNTIL_MS;
    let value = await read();
    while (!ok(value) && Date.now() < deadline) {
      await sleep(100);
      value = await read();
    }
    assert(ok(value), `${what}; last seen ${JSON.stringify(value).slice(0, 300)}`);
    return value;
  }

  const cases = {
    "spans sent with the proto exporter arrive as token events, priced, on the dashboard": async () => {
      const h = await createHackathon();
      const exporter = withEnv(otelEnv(url, h.hackathon.id, h.ingest_token, "http/protobuf"), () => new ProtoTraceExporter());
      const result = await exportSpans(exporter, genAiSpans([chat("gpt-4o", 1000, 200), chat("gpt-4o-mini", 300, 100)]));
      assert(result.code === 0, `export failed: ${result.error}`);
      const state = await dashboard(h);
      assert(state.token_metrics.total_consumed === 1600, `total_consumed ${state.token_metrics.total_consumed}`);
      assert(state.token_metrics.cost_per_token > 0, "the known models were not priced");
      await exporter.shutdown();
    },
    "the http/json exporter with gzip works, and a retried export counts once": async () => {
      const h = await createHackathon();
      const exporter = withEnv(otelEnv(url, h.hackathon.id, h.ingest_token, "http/json", "gzip"), () => new HttpJsonTraceExporter());
      const spans = genAiSpans([chat("claude-3-5-sonnet-20241022", 50, 50)]);
      for (let i = 0; i < 3; i++) assert((await exportSpans(exporter, spans)).code === 0, "an export failed");
      const state = await dashboard(h);
      assert(state.token_metrics.total_consumed === 100, `counted ${state.token_metrics.total_consumed} tokens, not 100 once`);
      await exporter.shutdown();
    },
    "a wrong token is refused 401 and nothing is stored": async () => {
      const h = await createHackathon();
      const exporter = withEnv(otelEnv(url, h.hackathon.id, "not-the-token", "http/protobuf"), () => new ProtoTraceExporter());
      const result = await exportSpans(exporter, genAiSpans([chat("gpt-4o", 10, 10)]));
      assert(
        result.code !== 0 && /401/.test(String(result.error?.code ?? result.error)),
        `expected a 401 failure, got ${result.code} ${result.error}`,
      );
      const state = await dashboard(h);
      assert(state.token_metrics.total_consumed === 0, "a refused export stored tokens");
      await exporter.shutdown();
    },
    "a body that is not OTLP is answered 400 with a google.rpc.Status": async () => {
      const h = await createHackathon();
      const response = await fetch(`${url}/otlp/${h.hackathon.id}/v1/traces`, {
        method: "POST",
        headers: { authorization: `Bearer ${h.ingest_token}`, "content-type": "application/json" },
        body: '{"resourceSpans": "not a list"}',
      });
      const body = await response.json();
      assert(
        response.status === 400 && body.code === 3 && typeof body.message === "string",
        `got ${response.status} ${JSON.stringify(body)}`,
      );
    },
    "a partly bad export is a success whose partial_success names the rejected count; an unknown model stays unpriced": async () => {
      const h = await createHackathon();
      const exporter = withEnv(otelEnv(url, h.hackathon.id, h.ingest_token, "http/protobuf"), () => new ProtoTraceExporter());
      warnings.length = 0;
      const spans = genAiSpans([chat("team-finetune-7b", 40, 60), { "gen_ai.usage.input_tokens": 5, "gen_ai.usage.output_tokens": 5 }]);
      const result = await exportSpans(exporter, spans);
      assert(result.code === 0, `export failed: ${result.error}`);
      const partial = warnings.find((w) => w.includes("Partial Success"));
      assert(partial && /"rejectedSpans":"?1"?/.test(partial), `no partial success naming 1 rejected span: ${warnings.join(" | ")}`);
      const state = await dashboard(h);
      assert(state.token_metrics.total_consumed === 100, `total_consumed ${state.token_metrics.total_consumed}`);
      // Unpriced, never $0: no call could be priced, so there is no cost per token (contract section 7).
      assert(
        state.token_metrics.cost_per_token === null && state.token_metrics.priced_share === 0,
        `an unknown model was priced: ${state.token_metrics.cost_per_token} (priced share ${state.token_metrics.priced_share})`,
      );
      await exporter.shutdown();
    },
    "the metrics SDK's OTLP exporter delivers a gauge and a counter, read as a rate": async () => {
      const h = await createHackathon();
      const exporter = withEnv(otelEnv(url, h.hackathon.id, h.ingest_token, "http/protobuf"), () => new OTLPMetricExporter());
      const reader = new PeriodicExportingMetricReader({ exporter, exportIntervalMillis: 3_600_000 });
      const provider = new MeterProvider({ resource: resourceFromAttributes({ "service.name": "team-app" }), readers: [reader] });
      const meter = provider.getMeter("pitwall-test");
      const requests = meter.createCounter("app.requests");
      let queue = 7;
      meter.createObservableGauge("app.queue_depth").addCallback((result) => result.observe(queue));
      requests.add(10);
      await reader.forceFlush(); // sets the counter's base
      await sleep(50);
      requests.add(5);
      queue = 9;
      await reader.forceFlush();
      const state = await until(
        () => dashboard(h),
        (s) => s.metrics?.["app.requests"] && s.metrics?.["app.queue_depth"]?.value === 9,
        "the metrics did not arrive",
      );
      assert(state.metrics["app.requests"].value > 0, `the counter's rate is ${state.metrics["app.requests"].value}`);
      await provider.shutdown();
    },
  };

  let passed = 0;
  let failed = 0;
  try {
    for (const [name, run] of Object.entries(cases)) {
      try {
        await run();
        passed += 1;
        console.log(`  ✓ ${name}`);
      } catch (error) {
        failed += 1;
        console.log(`  ✗ ${name}\n    ${String(error?.stack ?? error)}`);
      }
    }
  } finally {
    await host.stop();
    for (const pid of descendantPids(process.pid, "workerd")) process.kill(pid, "SIGKILL");
  }
  return { passed, failed };
}

const started = Date.now();
const { passed, failed } = await main();
console.log(`\n${passed} passed, ${failed} failed (${((Date.now() - started) / 1000).toFixed(1)} s)`);
process.exit(failed > 0 ? 1 : 0);
