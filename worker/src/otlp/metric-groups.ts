import { sha256Hex } from "../lib/crypto";
import type { MetricPoint, PointKind } from "./metrics";

/**
 * The points of one metric name at one time, across its streams (attribute sets, resources),
 * recorded as one metric event: Pitwall keeps one series per name, so the streams are combined
 * (rates add up, levels are averaged by weight: durable/otlp/metric-events.ts). `id` is the
 * event's dedup key, the same for the same points however often an exporter retries them.
 */
export type MetricGroup = {
  id: string;
  name: string;
  unit?: string;
  timeMs: number;
  /** Levels and rates of one name are not mixed: a group holds one or the other. */
  family: "level" | "rate";
  points: Array<{ stream: string; kind: PointKind; value: number; weight: number; startMs: number }>;
};

/** Stream keys are hashed: the object stores one base per cumulative stream, keyed by this. */
const STREAM_HASH_HEX = 32;

export async function groupMetricPoints(points: MetricPoint[]): Promise<MetricGroup[]> {
  const groups = new Map<string, MetricGroup>();
  for (const point of points) {
    const family = point.kind === "level" ? "level" : "rate";
    const key = `${point.name}\u0000${point.timeMs}\u0000${family}`;
    let group = groups.get(key);
    if (!group) {
      group = { id: "", name: point.name, ...(point.unit ? { unit: point.unit } : {}), timeMs: point.timeMs, family, points: [] };
      groups.set(key, group);
    }
    const stream = (await sha256Hex(point.stream)).slice(0, STREAM_HASH_HEX);
    group.points.push({ stream, kind: point.kind, value: point.value, weight: point.weight, startMs: point.startMs });
  }
  for (const [key, group] of groups) {
    const streams = group.points.map((p) => p.stream).sort();
    group.id = `otlp:m:${(await sha256Hex(`${key}\u0000${streams.join(",")}`)).slice(0, 40)}`;
  }
  return [...groups.values()];
}
