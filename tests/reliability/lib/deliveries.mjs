// Deliveries for the crash test: signed requests (one event, or a batch) whose events carry
// whole-number amounts and token counts, so sums are exact and every figure can be checked
// against the requests that were (or were not) stored.
import { createWebhookSender } from "../../../scripts/lib/webhook-client.mjs";

const MODELS = ["claude-sonnet-4", "gpt-4.1-mini"];

function eventFor(id, n) {
  const ts = new Date().toISOString();
  if (n % 2 === 0) return { id, type: "cost", ts, amount: 1 + (n % 7) };
  return { id, type: "token", ts, model: MODELS[n % MODELS.length], input_tokens: 100 + (n % 13), output_tokens: 20 + (n % 5) };
}

/** What a set of events adds to the dashboard figures this test reads. */
export function figuresOf(events) {
  let spend = 0;
  let tokens = 0;
  for (const event of events) {
    if (event.type === "cost") spend += event.amount;
    else tokens += event.input_tokens + event.output_tokens;
  }
  return { spend, tokens };
}

/** The n-th request of one sender: every third is a batch of 5 to 24 events. */
export function makeDelivery(sender, n) {
  const prefix = `crash-${sender}-${n}`;
  if (n % 3 !== 2) return { id: prefix, events: [eventFor(`${prefix}`, n)], batch: false };
  const size = 5 + ((sender * 7 + n) % 20);
  const events = Array.from({ length: size }, (_, k) => eventFor(`${prefix}-${k}`, n + k));
  return { id: prefix, events, batch: true };
}

/**
 * Sends one delivery and says how it went: "ok" (2xx, with its body), "error" (an answer
 * that is not 2xx) or "none" (no answer: the connection failed or was cut).
 */
export async function deliver(target, delivery, timeoutMs = 20_000) {
  const send = createWebhookSender(target);
  const payload = delivery.batch ? { events: delivery.events } : delivery.events[0];
  try {
    const { status, body } = await send(payload, { msgId: `msg_${delivery.id}`, timeoutMs });
    return { outcome: status >= 200 && status < 300 ? "ok" : "error", status, body };
  } catch (error) {
    return { outcome: "none", status: null, body: null, reason: error.cause?.code ?? error.name };
  }
}

/** A non-2xx answer the Worker itself gave (docs/contract.md section 5), rather than a dying proxy. */
export function isContractError(result) {
  return result.outcome === "error" && typeof result.body?.error?.code === "string";
}
