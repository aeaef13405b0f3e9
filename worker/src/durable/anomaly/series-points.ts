// Storage side of anomaly detection: turns stored events into the series points the pure
// detector (worker/src/anomaly/) scores.
import type { InboundEvent } from "../../contract";
import { costIncrementOf } from "../figures/cost";

/** What an alert can say about where a point came from (service, model, metric). */
export type PointContext = { service?: string; sku?: string; model?: string; metric?: string; unit?: string };

/** One value of a detected series: `cost.spend` (spend per cost interval), `tokens.rate`, `metric.<name>`. */
export type SeriesPoint = { series: string; ts: number; value: number; context: PointContext };

/** Reconciliation moves a figure to the provider's truth; that step is a correction, not spend behaviour. */
const isCorrection = (event: InboundEvent) => event.id.startsWith("reconcile-");

function pointOf(sql: SqlStorage, event: InboundEvent, ts: number): SeriesPoint | null {
  switch (event.type) {
    case "cost": {
      if (isCorrection(event)) return null;
      const value = costIncrementOf(sql, event.id, ts);
      if (value === null) return null;
      const context: PointContext = {};
      if (event.service) context.service = event.service;
      if (event.sku) context.sku = event.sku;
      return { series: "cost.spend", ts, value, context };
    }
    case "metric":
      return {
        series: `metric.${event.name}`,
        ts,
        value: event.value,
        context: { metric: event.name, ...(event.unit ? { unit: event.unit } : {}) },
      };
    default:
      // Token calls are scored as a per-minute rate when each minute closes; tasks have no numeric series.
      return null;
  }
}

/** The points that newly accepted events add to the detected series, in event-time order. */
export function seriesPointsOf(sql: SqlStorage, accepted: ReadonlyArray<{ event: InboundEvent; ts: number }>): SeriesPoint[] {
  const points: SeriesPoint[] = [];
  for (const { event, ts } of accepted) {
    const point = pointOf(sql, event, ts);
    if (point) points.push(point);
  }
  return points.sort((a, b) => a.ts - b.ts);
}
