import type { InboundEvent } from "../contract";
import { priceUsd } from "./model-prices";

/**
 * Token events that carry no `cost` get the price table's (integrations/model-prices.ts), at
 * their own time; the sender's cost, when given, is kept. Other events pass unchanged.
 */
export function priceTokenEvents(events: InboundEvent[]): InboundEvent[] {
  return events.map((event) => {
    if (event.type !== "token" || event.cost !== undefined) return event;
    const cost = priceUsd({
      model: event.model,
      inputTokens: event.input_tokens,
      outputTokens: event.output_tokens,
      at: new Date(event.ts),
    });
    return cost === undefined ? event : { ...event, cost };
  });
}
