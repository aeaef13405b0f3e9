// Event generators for the bench: small valid events with unique ids.
const MODELS = ["claude-sonnet-4", "gpt-4.1-mini", "gemini-2.5-flash"];

export function costEvent(id, amount = 0.001) {
  return { id, type: "cost", ts: new Date().toISOString(), amount };
}

/** A mix of cost, token and metric events, as a busy project would send (stamped now unless `ts` is given). */
export function mixedEvent(id, n, ts = new Date().toISOString()) {
  switch (n % 3) {
    case 0:
      return { id, type: "cost", ts, amount: 0.001 };
    case 1:
      return { id, type: "token", ts, model: MODELS[n % MODELS.length], input_tokens: 1200, output_tokens: 300, cost: 0.002 };
    default:
      return { id, type: "metric", ts, name: "latency_ms", value: 100 + (n % 50), unit: "ms" };
  }
}

/** A token event, as one LLM call reports it (the like-for-like signed counterpart of an OTLP GenAI span). */
export function tokenEvent(id, n, ts = new Date().toISOString()) {
  return { id, type: "token", ts, model: MODELS[n % MODELS.length], input_tokens: 1000, output_tokens: 200 };
}
