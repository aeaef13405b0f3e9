// The periodic event streams of the demo: cost, token usage and two performance metrics.
// Each stream has fixed time slots; the event of a slot (id, ts, values) depends only on
// the slot, so back-fill and live sending agree and restarts do not double count.
import { between, pick, unit } from "./random.mjs";

const MODELS = [
  // name, provider (the GenAI conventions' name), USD per million input tokens, per million output tokens, share of traffic
  { name: "claude-sonnet-4", provider: "anthropic", input: 3, output: 15, share: 0.35 },
  { name: "gpt-4.1-mini", provider: "openai", input: 0.4, output: 1.6, share: 0.3 },
  { name: "gemini-2.5-flash", provider: "gcp.gemini", input: 0.3, output: 2.5, share: 0.25 },
  { name: "text-embedding-3-small", provider: "openai", input: 0.02, output: 0, share: 0.1 },
];
const SERVICES = ["workers-ai", "vertex-ai", "cloud-run", "bigquery", "r2"];

/**
 * The teams' services that make the token calls. The simulator sends `team-agents`' calls as an
 * OpenTelemetry SDK would (GenAI spans over OTLP), the others as signed webhook events.
 */
export const OTLP_TOKEN_SERVICE = "team-agents";
const TOKEN_SERVICES = [
  { name: "team-chatbot", share: 0.6 },
  { name: OTLP_TOKEN_SERVICE, share: 0.4 },
];

/** The provider of one of the simulated models (undefined for any other name). */
export const providerOf = (model) => MODELS.find((m) => m.name === model)?.provider;

const INCIDENT_BUCKET_MS = 20 * 60_000;
const INCIDENT_LENGTH_MS = 75_000;

/**
 * About every other 20-minute bucket holds a 75 s incident: one model floods tokens,
 * spend jumps 10-20x, latency and error rate climb. Returns it if `at` falls inside one.
 */
export function incidentAt(seed, at) {
  const bucket = Math.floor(at / INCIDENT_BUCKET_MS);
  if (unit(seed, "incident", bucket) >= 0.5) return null;
  const start = bucket * INCIDENT_BUCKET_MS + unit(seed, "incident-offset", bucket) * (INCIDENT_BUCKET_MS - INCIDENT_LENGTH_MS);
  if (at < start || at >= start + INCIDENT_LENGTH_MS) return null;
  return {
    model: MODELS[Math.floor(unit(seed, "incident-model", bucket) * 3)].name,
    factor: between(10, 20, seed, "incident-factor", bucket),
  };
}

function pickModel(seed, slot) {
  let u = unit(seed, "model", slot);
  for (const model of MODELS) {
    if (u < model.share) return model;
    u -= model.share;
  }
  return MODELS[0];
}

const round = (value, digits) => Number(value.toFixed(digits));

const STREAMS = [
  {
    name: "cost",
    periodMs: 2_000,
    event(seed, slot, ts) {
      const incident = incidentAt(seed, ts);
      let amount = between(0.004, 0.016, seed, "cost", slot);
      if (incident) amount *= incident.factor;
      else if (unit(seed, "cost-spike", slot) < 1 / 450) amount *= between(10, 20, seed, "cost-spike-size", slot);
      return { type: "cost", amount: round(amount, 5), service: pick(SERVICES, seed, "service", slot) };
    },
  },
  {
    name: "token",
    periodMs: 3_000,
    event(seed, slot, ts) {
      const incident = incidentAt(seed, ts);
      // An incident's model is one of MODELS, so the look-up always finds it.
      const model = /** @type {(typeof MODELS)[number]} */ (
        incident && unit(seed, "flood", slot) < 0.8 ? MODELS.find((m) => m.name === incident.model) : pickModel(seed, slot)
      );
      const boost = incident?.model === model.name ? incident.factor : 1;
      const inputTokens = Math.round(between(600, 4_000, seed, "in", slot) * boost);
      const outputTokens = model.output === 0 ? 0 : Math.round(between(120, 900, seed, "out", slot) * boost);
      const cost = (inputTokens * model.input + outputTokens * model.output) / 1e6;
      const service = unit(seed, "token-service", slot) < TOKEN_SERVICES[0].share ? TOKEN_SERVICES[0].name : TOKEN_SERVICES[1].name;
      return { type: "token", model: model.name, input_tokens: inputTokens, output_tokens: outputTokens, cost: round(cost, 6), service };
    },
  },
  {
    name: "metric-latency",
    periodMs: 5_000,
    event(seed, slot, ts) {
      const daily = 1 + 0.25 * Math.sin((ts / 3_600_000) * ((2 * Math.PI) / 24));
      let value = between(110, 240, seed, "latency", slot) * daily;
      if (incidentAt(seed, ts)) value *= between(3, 5, seed, "latency-spike", slot);
      return { type: "metric", name: "latency_ms", value: round(value, 1), unit: "ms" };
    },
  },
  {
    name: "metric-errors",
    periodMs: 5_000,
    event(seed, slot, ts) {
      const value = incidentAt(seed, ts) ? between(0.06, 0.15, seed, "errors-spike", slot) : between(0.001, 0.012, seed, "errors", slot);
      return { type: "metric", name: "error_rate", value: round(value, 4), unit: "ratio" };
    },
  },
];

/**
 * The events of every stream (or only the streams named in `only`) with ts in [from, to),
 * sorted by ts. Times are epoch ms.
 * @param {string} seed
 * @param {number} from
 * @param {number} to
 * @param {string[] | null} [only]
 */
export function streamEventsBetween(seed, from, to, only = null) {
  const events = [];
  for (const stream of STREAMS) {
    if (only && !only.includes(stream.name)) continue;
    const first = Math.floor(from / stream.periodMs) - 1;
    const last = Math.floor(to / stream.periodMs);
    for (let slot = first; slot <= last; slot++) {
      const ts = slot * stream.periodMs + Math.floor(unit(seed, stream.name, "jitter", slot) * stream.periodMs * 0.8);
      if (ts < from || ts >= to) continue;
      events.push({
        id: `sim-${stream.name}-${slot}`,
        ts: new Date(ts).toISOString(),
        ...stream.event(seed, slot, ts),
      });
    }
  }
  return events.sort((a, b) => (a.ts < b.ts ? -1 : a.ts > b.ts ? 1 : 0));
}

/** The sum of the cost stream's amounts with ts in [from, to): what the demo's billing provider knows. */
export function costBetween(seed, from, to) {
  let total = 0;
  if (!(to > from)) return total;
  for (const event of streamEventsBetween(seed, from, to, ["cost"])) total += /** @type {{ amount: number }} */ (event).amount;
  return total;
}
