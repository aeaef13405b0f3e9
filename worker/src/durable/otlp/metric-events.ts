import { MAX_METRIC_MAGNITUDE, type MetricEvent } from "../../contract";
import type { MetricGroup } from "../../otlp/metric-groups";
import { rateSinceBase } from "./cumulative-bases";

/**
 * Each group's value (otlp/metric-groups.ts): levels are averaged by weight, rates (deltas over
 * their interval, cumulative points against their stream's base) add up across streams. A
 * group whose points all only set a base records nothing yet. Runs in the ingest's
 * synchronous step, so bases move together with the events they produced.
 */
export function metricEventsOf(sql: SqlStorage, groups: MetricGroup[]): { events: MetricEvent[]; outOfRange: number } {
  const events: MetricEvent[] = [];
  let outOfRange = 0;
  for (const group of groups) {
    const value = group.family === "level" ? weightedMean(group) : rateSum(sql, group);
    if (value === null) continue;
    if (!Number.isFinite(value) || Math.abs(value) > MAX_METRIC_MAGNITUDE) {
      outOfRange += group.points.length;
      continue;
    }
    const event: MetricEvent = {
      id: group.id,
      type: "metric",
      ts: new Date(group.timeMs).toISOString(),
      name: group.name,
      value,
      ...(group.unit === undefined ? {} : { unit: (group.family === "rate" ? `${group.unit}/s` : group.unit).slice(0, 32) }),
    };
    events.push(event);
  }
  return { events, outOfRange };
}

function weightedMean(group: MetricGroup): number | null {
  let sum = 0;
  let weight = 0;
  for (const p of group.points) {
    sum += p.value * p.weight;
    weight += p.weight;
  }
  return weight > 0 ? sum / weight : null;
}

function rateSum(sql: SqlStorage, group: MetricGroup): number | null {
  let total: number | null = null;
  for (const p of group.points) {
    const rate =
      p.kind === "delta"
        ? p.value / ((group.timeMs - p.startMs) / 1000)
        : rateSinceBase(sql, p.stream, { startMs: p.startMs, timeMs: group.timeMs, value: p.value });
    if (rate !== null) total = (total ?? 0) + rate;
  }
  return total;
}
