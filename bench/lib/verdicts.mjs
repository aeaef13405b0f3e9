// The targets, checked against one run's figures. Ratios are product / floor in the same
// run, so a noisy machine cancels out.
import { formatTable, ms, perSecond } from "./table.mjs";

const ratio = (product, floor) => (Number.isFinite(product) && Number.isFinite(floor) && floor > 0 ? product / floor : NaN);
const verdict = (ok) => (ok === null ? "" : ok ? "PASS" : "MISS");
const x = (value) => (Number.isFinite(value) ? `${value.toFixed(2)}x` : "-");

/** Rows [measure, product, floor, ratio, target, verdict] comparing product and floor under one hosting. */
export function comparedRows({ product, floor }) {
  const rows = [];
  const add = (measure, p, f, format, target, atLeast) => {
    const r = ratio(p, f);
    const ok = target === null ? null : atLeast ? r >= target : r <= target;
    rows.push({
      measure,
      product: format(p),
      floor: format(f),
      ratio: x(r),
      target: target === null ? "" : `${atLeast ? ">=" : "<="} ${target}x`,
      verdict: verdict(ok),
      ok,
    });
  };
  add("single events/s (32 senders)", product.singles.events_per_s, floor.singles.events_per_s, perSecond, 0.6, true);
  add("  single p99", product.singles.latency.p99, floor.singles.latency.p99, ms, null);
  add("batch events/s (100 per request, 8 senders)", product.batches.events_per_s, floor.batches.events_per_s, perSecond, 0.8, true);
  add("  batch p99", product.batches.latency.p99, floor.batches.latency.p99, ms, null);
  add(
    `fan-out p50 (${product.fanout.subscribers} / ${floor.fanout.subscribers} sockets)`,
    product.fanout.latency.p50,
    floor.fanout.latency.p50,
    ms,
    null,
  );
  add("fan-out p99", product.fanout.latency.p99, floor.fanout.latency.p99, ms, 1.5, false);
  add("  fan-out missed deliveries", product.fanout.missed, floor.fanout.missed, String, null);
  add("dashboard GET p50 (100 readers + events)", product.dashboard.latency.p50, floor.dashboard.latency.p50, ms, null);
  add("dashboard GET p99", product.dashboard.latency.p99, floor.dashboard.latency.p99, ms, 1.5, false);
  return rows;
}

const coresUsed = ({ cores_used: c }) => (c ? `${c.workerd.toFixed(2)} + ${c.bench.toFixed(2)}` : "-");

/** Rows for the product-only scale checks (10,000 subscribers, a week of history). */
export function scaleRows({ crowd, history, crowdTarget }) {
  const rows = [];
  if (crowd) {
    const grew = crowd.ingest_crowded.latency.p99 / crowd.ingest_alone_p99;
    rows.push(
      {
        measure: `live subscribers held (RSS ${(crowd.bytes_per_connection / 1024).toFixed(1)} KB each)`,
        product: String(crowd.subscribers),
        target: `${crowdTarget}`,
        verdict: verdict(crowd.subscribers >= crowdTarget && !Object.keys(crowd.closed_during_test).length),
        ok: crowd.subscribers >= crowdTarget,
      },
      {
        measure: `ingest p99 at ${crowd.ingest_alone.rate}/s: none, all subscribers, none`,
        product: `${ms(crowd.ingest_alone.latency.p99)}, ${ms(crowd.ingest_crowded.latency.p99)}, ${ms(crowd.ingest_after.latency.p99)}`,
        ratio: x(grew),
        target: "<= 1.5x",
        verdict: verdict(grew <= 1.5),
        ok: grew <= 1.5,
      },
      {
        measure: "  cores busy meanwhile, workerd + bench clients",
        product: [crowd.ingest_alone, crowd.ingest_crowded, crowd.ingest_after].map(coresUsed).join(", "),
        target: "",
        verdict: "",
      },
      {
        measure: "frames per subscriber (min gap, frames/s, messages/s)",
        product: `${ms(crowd.frames.min_frame_gap_ms)}, ${crowd.frames.frames_per_s.toFixed(1)}/s, ${crowd.frames.messages_per_subscriber_s.toFixed(1)}/s`,
        target: "gap >= 100 ms",
        verdict: verdict(crowd.frames.min_frame_gap_ms >= 100),
        ok: crowd.frames.min_frame_gap_ms >= 100,
      },
    );
  }
  if (history) {
    rows.push({
      measure: `history: 7 days per-minute (${history.points_per_read} points), p50 ${ms(history.latency.p50)}`,
      product: `p99 ${ms(history.latency.p99)}`,
      target: "< 50 ms",
      verdict: verdict(history.latency.p99 < 50),
      ok: history.latency.p99 < 50,
    });
  }
  return rows;
}

export function formatVerdictTable(rows) {
  return formatTable(
    ["measure", "product", "floor", "ratio", "target", ""],
    rows.map((r) => [r.measure, r.product ?? "", r.floor ?? "", r.ratio ?? "", r.target ?? "", r.verdict ?? ""]),
  );
}
