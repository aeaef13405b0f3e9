import type { InboundEvent, MetricEvent } from "../../contract";
import { type OtlpDelivery, outcomeMessage } from "../../otlp/delivery";
import type { MetricGroup } from "../../otlp/metric-groups";
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
    // Caps first: a metric refused at its name cap must not move (or evict) any stream's base.
    const { admitted } = withinNameCaps(sql, delivery.metricGroups.map(capProbe));
    const admittedIds = new Set(admitted.map((probe) => probe.id));
    const refusedPoints = delivery.metricGroups.filter((g) => !admittedIds.has(g.id)).reduce((n, g) => n + g.points.length, 0);
    refuse(refusedPoints, `a new metric name past the cap of ${MAX_DISTINCT_NAMES} per hackathon`);
    const { events: metrics, outOfRange } = metricEventsOf(
      sql,
      delivery.metricGroups.filter((g) => admittedIds.has(g.id)),
    );
    refuse(outOfRange, "a value is beyond the metric range");
    events = metrics;
  }
  return { events, outcome: { rejected, message: outcomeMessage(delivery.signal, rejected, delivery.ignored, reasons) } };
}

/** A group as the metric event it may become, for the name caps only (its value is not read). */
function capProbe(group: MetricGroup): MetricEvent {
  return { id: group.id, type: "metric", ts: new Date(group.timeMs).toISOString(), name: group.name, value: 0 };
}
