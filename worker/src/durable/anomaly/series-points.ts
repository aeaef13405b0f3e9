// Storage side of anomaly detection: turns stored events into the series points the pure
// detector (worker/src/anomaly/) scores.
import type { InboundEvent } from "../../contract";
import { costIncrementOf } from "../figures/cost";
import { type SpendRate, spendRatesAt } from "./spend-rate";
import { TEST_METRIC_NAME } from "../ingest/test-event";

/** What an alert can say about where a point came from (service, model, metric). */
export type PointContext = { service?: string; sku?: string; model?: string; metric?: string; unit?: string };

export const SPEND_SERIES = "cost.spend";

/**
 * One value of a detected series: `cost.spend` (the sender's spend rate, currency per hour,
 * with the spend and window behind it in `spend`), `tokens.rate`, `metric.<name>`.
 * `catchUp`: the figure arrived through a poll, catching up on what was missed: the detector
 * reads past it, neither learning from it nor scoring it (docs/anomaly.md).
 * `highSideOnly`: a fall is not unusual for this series (spend, token rate): it scores 0.
 */
export type SeriesPoint = {
  series: string;
  ts: number;
  value: number;
  context: PointContext;
  spend?: SpendRate;
  catchUp?: boolean;
  highSideOnly?: boolean;
};

function costContext(event: Extract<InboundEvent, { type: "cost" }>): PointContext {
  const context: PointContext = {};
  if (event.service) context.service = event.service;
  if (event.sku) context.sku = event.sku;
  return context;
}

type CostAt = { point: SeriesPoint; eventId: string; added: number | null };
type Accepted = { event: InboundEvent; ts: number; own: boolean };
type AcceptedCost = { event: Extract<InboundEvent, { type: "cost" }>; ts: number };

const addedBy = (sql: SqlStorage, eventId: string, ts: number) => costIncrementOf(sql, eventId, ts) ?? 0;

/**
 * One point per time the sender reported spend: the rate there covers every report stamped
 * then, so a batch stamped in one second is one point, its context the event that added the
 * most. Cost figures a poll or a reconciliation brought are no point at all: they are not the
 * sender's reports, and spend-rate.ts leaves them out of every window.
 */
function costPoints(sql: SqlStorage, costs: AcceptedCost[]): SeriesPoint[] {
  const rates = spendRatesAt(
    sql,
    costs.map((c) => c.ts),
  );
  const byTs = new Map<number, CostAt>();
  for (const { event, ts } of costs) {
    const known = byTs.get(ts);
    if (known) {
      known.added ??= addedBy(sql, known.eventId, ts);
      const added = addedBy(sql, event.id, ts);
      if (added > known.added) Object.assign(known, { eventId: event.id, added, point: { ...known.point, context: costContext(event) } });
      continue;
    }
    const rate = rates.get(ts);
    if (!rate) continue;
    const point = { series: SPEND_SERIES, ts, value: rate.perHour, context: costContext(event), spend: rate, highSideOnly: true };
    byTs.set(ts, { point, eventId: event.id, added: null });
  }
  return [...byTs.values()].map((c) => c.point);
}

function metricPoint(event: Extract<InboundEvent, { type: "metric" }>, ts: number, own: boolean): SeriesPoint {
  return {
    series: `metric.${event.name}`,
    ts,
    value: event.value,
    context: { metric: event.name, ...(event.unit ? { unit: event.unit } : {}) },
    catchUp: !own,
  };
}

/**
 * The points that newly accepted events add to the detected series, in event-time order.
 * Polled and reconciled cost figures add none; token calls are scored as a per-minute rate when each
 * minute closes (token-minutes.ts); tasks have no numeric series.
 */
export function seriesPointsOf(sql: SqlStorage, accepted: ReadonlyArray<Accepted>): SeriesPoint[] {
  const costs: AcceptedCost[] = [];
  const points: SeriesPoint[] = [];
  for (const { event, ts, own } of accepted) {
    if (event.type === "cost" && own) costs.push({ event, ts });
    // The console's test event is a probe of the path, not a reading: it takes no detector slot.
    else if (event.type === "metric" && event.name !== TEST_METRIC_NAME) points.push(metricPoint(event, ts, own));
  }
  return [...points, ...costPoints(sql, costs)].sort((a, b) => a.ts - b.ts);
}
