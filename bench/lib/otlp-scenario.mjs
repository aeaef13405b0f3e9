// OTLP ingest beside signed webhooks (`npm run bench -- --otlp`, or BENCH_OTLP=1): the product
// alone, one fresh hackathon per load, 8 concurrent senders each. OTLP exports of 512 GenAI spans
// (the batch span processor's default) as http/protobuf and as http/json, next to signed batches
// of 100 mixed events (the figure of the compared bench) and of 512 token events (the same calls
// as one OTLP export, signed). Loads take turns in short slices, the order reversed every slice,
// so drift from other work on the machine hits all of them alike.
import { createApiClient } from "../../scripts/lib/api-client.mjs";
import { tokenEvent } from "./events.mjs";
import { batchesLoad, ingestReport } from "./ingest.mjs";
import { makeExportBodies, otlpExportsLoad, otlpReport, SPANS_PER_EXPORT, TOKENS_PER_SPAN } from "./otlp-exports.mjs";
import { createBenchHackathon } from "./scenarios.mjs";
import { formatTable, ms, perSecond } from "./table.mjs";

const SENDERS = 8;
const ENCODINGS = /** @type {const} */ (["protobuf", "json"]);

/** Runs every load once per slice: A B C D, then D C B A, and so on. */
async function takeTurns(slices, loads) {
  for (let i = 0; i < slices; i++) {
    for (const load of i % 2 === 0 ? loads : [...loads].reverse()) await load(i);
  }
}

/** Spans the hackathon holds, from its token total (every bench span reports TOKENS_PER_SPAN tokens). */
async function storedSpans(host, hackathonId) {
  const dashboard = await createApiClient({ url: host.url, token: host.adminToken }).getDashboard(hackathonId);
  return dashboard.token_metrics.total_consumed / TOKENS_PER_SPAN;
}

/**
 * @param {{ url: string, adminToken: string }} host
 * @param {{ seconds: number, slices: number, exports: number, suffix: string, log: (line: string) => void }} options
 *   exports: export bodies made ahead per encoding (each sends once); a load that runs out ends its slice early
 */
export async function otlpScenario(host, { seconds, slices, exports, suffix, log }) {
  const target = (kind) => createBenchHackathon(host, `bench-${kind}-${suffix}`);
  const targets = {
    protobuf: await target("otlp-proto"),
    json: await target("otlp-json"),
    signed100: await target("signed-100"),
    signed512: await target("signed-512"),
  };
  log(`  making ${exports} exports of ${SPANS_PER_EXPORT} spans per encoding with the trace SDK, before the clock starts`);
  const bodies = Object.fromEntries(ENCODINGS.map((encoding) => [encoding, makeExportBodies({ count: exports, encoding })]));
  const sliceMs = (seconds * 1000) / slices;
  /** @type {Record<string, any[]>} */
  const runs = { protobuf: [], json: [], signed100: [], signed512: [] };
  const otlp = (encoding) => async () =>
    runs[encoding].push(
      await otlpExportsLoad({ ...targets[encoding], bodies: bodies[encoding], encoding, concurrency: SENDERS, durationMs: sliceMs }),
    );
  const signed = (name, batchSize, event) => async (i) =>
    runs[name].push(
      await batchesLoad({ ...targets[name], concurrency: SENDERS, batchSize, durationMs: sliceMs, label: `${name}-${i}`, event }),
    );
  log(
    `  OTLP exports (protobuf, json) and signed batches (100 mixed, 512 token), ${SENDERS} senders, ${seconds} s each, in ${slices} slices`,
  );
  await takeTurns(slices, [otlp("protobuf"), otlp("json"), signed("signed100", 100), signed("signed512", 512, tokenEvent)]);

  const figures = {
    signed100: ingestReport(`signed batches of 100 mixed events, ${SENDERS} senders`, runs.signed100, 100),
    signed512: ingestReport(`signed batches of 512 token events, ${SENDERS} senders`, runs.signed512, 512),
  };
  for (const encoding of ENCODINGS) {
    const report = otlpReport(`OTLP ${encoding}, exports of ${SPANS_PER_EXPORT} spans, ${SENDERS} senders`, runs[encoding]);
    figures[encoding] = { ...report, stored_spans: await storedSpans(host, targets[encoding].hackathonId) };
  }
  return figures;
}

/** Rows: items stored per second on one hackathon, and the latency of one request. */
export function formatOtlpTable(figures) {
  const row = (label, perS, latency, notes) => [label, perSecond(perS), ms(latency.p50), ms(latency.p99), notes];
  const otlpRow = (encoding) => {
    const f = figures[encoding];
    const notes = [
      `${f.stored_spans.toLocaleString("en-US")} of ${f.accepted_spans.toLocaleString("en-US")} accepted spans on the dashboard`,
    ];
    if (f.rejected_spans) notes.push(`${f.rejected_spans} rejected`);
    if (f.ran_out_of_bodies) notes.push("ran out of export bodies: raise BENCH_OTLP_EXPORTS");
    const statuses = Object.entries(f.statuses).filter(([status]) => status !== "200");
    if (statuses.length) notes.push(`statuses ${JSON.stringify(Object.fromEntries(statuses))}`);
    return row(
      `OTLP http/${encoding === "json" ? "json" : "protobuf"} spans/s (512 per export)`,
      f.spans_per_s,
      f.latency,
      notes.join("; "),
    );
  };
  const signedRow = (name, label) => {
    const f = figures[name];
    const statuses = Object.entries(f.statuses).filter(([status]) => status !== "200");
    return row(label, f.events_per_s, f.latency, statuses.length ? `statuses ${JSON.stringify(Object.fromEntries(statuses))}` : "");
  };
  return formatTable(
    ["per hackathon, 8 senders", "items/s", "p50", "p99", "notes"],
    [
      otlpRow("protobuf"),
      otlpRow("json"),
      signedRow("signed512", "signed events/s (512 token events per batch)"),
      signedRow("signed100", "signed events/s (100 mixed per batch)"),
    ],
  );
}
