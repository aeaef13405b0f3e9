#!/usr/bin/env node
// Demo replay recall: the demo simulator's streams (scripts/lib/simulator/streams.mjs)
// fed through one detector per series, as the hackathon's object feeds them, and for each
// series the share of the simulator's 75-second incidents during which some point scored
// above the default alert threshold (thresholds.anomaly = 0.8), plus the alerting points
// outside incidents (the cost stream also has lone planted spikes, counted apart: a window
// holding one).
//
// usage (from the project root): node bench/anomaly/demo-replay.mjs [detector.ts ...]
// Several detector modules (e.g. a copy of the previous version) are compared side by side.
import { incidentAt, streamEventsBetween } from "../../scripts/lib/simulator/streams.mjs";
import { loadCreateDetector } from "./run-corpus.mjs";

const SEED = "demo-hackathon";
const FROM = Date.parse("2026-11-28T00:00:00Z");
const DAYS = 2;
const THRESHOLD = 0.8; // docs/contract.md section 1: thresholds.anomaly defaults to 0.80
const MINUTE = 60_000;

/** Series the object scores on their high side only (durable/anomaly/series-points.ts): a fall is not news. */
const HIGH_SIDE_ONLY = new Set(["cost.spend", "tokens.rate"]);
/** durable/anomaly/spend-rate.ts: a spend rate is measured over at least 30 s (SPAN_MS=<ms> to try another). */
const MIN_RATE_SPAN_MS = Number(process.env.SPAN_MS ?? 30_000);

/**
 * cost.spend as the object scores it: at each cost event, the spend since the last event at
 * least MIN_RATE_SPAN_MS earlier, per hour. A window holding a planted lone spike carries its time.
 */
function spendRates(costs) {
  const rates = [];
  let start = 0;
  let spend = 0;
  for (let i = 1; i < costs.length; i++) {
    const [ts] = costs[i];
    while (costs[start + 1][0] <= ts - MIN_RATE_SPAN_MS) start++;
    spend = 0;
    let planted = false;
    for (let j = start + 1; j <= i; j++) {
      spend += costs[j][1];
      if (costs[j][3]) planted = costs[j][0];
    }
    rates.push([ts, (spend / (ts - costs[start][0])) * 3_600_000, costs[i][2], planted]);
  }
  return rates;
}

/** The replay's points per series: [ts, value, inIncident, plantedSpike]. */
function seriesPoints() {
  const series = { "cost.spend": [], "metric.latency_ms": [], "metric.error_rate": [], "tokens.rate": [] };
  const costs = [];
  const minutes = new Map();
  for (let day = 0; day < DAYS; day++) {
    for (const e of streamEventsBetween(SEED, FROM + day * 1440 * MINUTE, FROM + (day + 1) * 1440 * MINUTE)) {
      const ts = Date.parse(e.ts);
      const inIncident = incidentAt(SEED, ts) !== null;
      if (e.type === "cost") costs.push([ts, e.amount, inIncident, !inIncident && e.amount > 0.03]);
      else if (e.type === "metric") series[`metric.${e.name}`].push([ts, e.value, inIncident, false]);
      else {
        const minute = Math.floor(ts / MINUTE) * MINUTE;
        const m = minutes.get(minute) ?? { tokens: 0, incident: false };
        m.tokens += e.input_tokens + e.output_tokens;
        m.incident ||= inIncident;
        minutes.set(minute, m);
      }
    }
  }
  for (const [minute, m] of [...minutes].sort((a, b) => a[0] - b[0]))
    series["tokens.rate"].push([minute + MINUTE, m.tokens, m.incident, false]);
  series["cost.spend"] = spendRates(costs);
  return series;
}

/** Incidents (by start time) of the replay, for recall. */
function incidents() {
  const starts = [];
  for (let t = FROM; t < FROM + DAYS * 1440 * MINUTE; t += 1000) {
    if (incidentAt(SEED, t) && !incidentAt(SEED, t - 1000)) starts.push(t);
  }
  return starts;
}

const modules = process.argv.slice(2);
if (modules.length === 0) modules.push("worker/src/anomaly/index.ts");
const points = seriesPoints();
const starts = incidents();
console.log(`demo replay: seed ${SEED}, ${DAYS} days, ${starts.length} incidents, alert when score > ${THRESHOLD}`);
console.log(`${"series".padEnd(20)} ${modules.map((m) => m.padEnd(44)).join(" ")}`);
const creates = [];
for (const m of modules) creates.push(await loadCreateDetector(m));
for (const [name, pts] of Object.entries(points)) {
  const cells = creates.map((create) => {
    const det = create();
    const caught = new Set();
    let falseAlerts = 0;
    const spikes = new Set();
    const spikesCaught = new Set();
    for (const [ts, value, _inIncident, planted] of pts) {
      const score = det.update(ts, value, HIGH_SIDE_ONLY.has(name));
      if (planted) spikes.add(planted);
      if (score <= THRESHOLD) continue;
      // tokens.rate points close their minute, and a spend rate's window still holds an
      // incident's spend for a while after it, so an incident counts that much longer.
      const lag = name === "tokens.rate" ? 2 * MINUTE : name === "cost.spend" ? MIN_RATE_SPAN_MS : 0;
      const start = starts.find((s) => ts >= s - 1000 && ts < s + 75_000 + lag);
      if (start !== undefined) caught.add(start);
      else if (planted) spikesCaught.add(planted);
      else falseAlerts++;
    }
    const recall = `${caught.size}/${starts.length} (${((100 * caught.size) / starts.length).toFixed(0)}%)`;
    const extra = name === "cost.spend" ? `, lone spikes ${spikesCaught.size}/${spikes.size}` : "";
    return `recall ${recall}, other alerts ${falseAlerts}${extra}`.padEnd(44);
  });
  console.log(`${name.padEnd(20)} ${cells.join(" ")}`);
}
