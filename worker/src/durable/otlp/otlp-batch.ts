import type { InboundEvent } from "../../contract";
import { type OtlpDelivery, outcomeMessage } from "../../otlp/delivery";
import type { ExportOutcome } from "../../otlp/respond";
import { MAX_DISTINCT_NAMES } from "../ingest/caps";
import { metricEventsOf } from "./metric-events";
import { withinNameCaps } from "./name-caps";

/**
 * An OTLP delivery as events to apply, and the answer's partial success. Reads and moves the
 * cumulative bases, so the caller applies the events in the same synchronous step (no await
 * between): bases and events are then stored together or not at all.
 */
export function otlpBatch(sql: SqlStorage, delivery: OtlpDelivery): { events: InboundEvent[]; outcome: ExportOutcome } {
  let rejected = delivery.rejected;
  const reasons = [...delivery.reasons];
  const refuse = (n: number, reason: string) => {
    if (n === 0) return;
    rejected += n;
    if (!reasons.includes(reason)) reasons.push(reason);
  };
  let events: InboundEvent[];
  if (delivery.signal === "traces") {
    const { admitted, refused } = withinNameCaps(sql, delivery.tokenEvents);
    refuse(refused.length, `a new model or service past the cap of ${MAX_DISTINCT_NAMES} per hackathon`);
    events = admitted;
  } else {
    const { events: grouped, outOfRange } = metricEventsOf(sql, delivery.metricGroups);
    refuse(outOfRange, "a value is beyond the metric range");
    const pointsOf = new Map(grouped.map((g) => [g.event.id, g.points]));
    const { admitted, refused } = withinNameCaps(
      sql,
      grouped.map((g) => g.event),
    );
    refuse(
      refused.reduce((n, e) => n + (pointsOf.get(e.id) ?? 1), 0),
      `a new metric name past the cap of ${MAX_DISTINCT_NAMES} per hackathon`,
    );
    events = admitted;
  }
  return { events, outcome: { rejected, message: outcomeMessage(delivery.signal, rejected, delivery.ignored, reasons) } };
}
