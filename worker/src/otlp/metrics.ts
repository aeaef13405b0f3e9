import { attributeMap, nanosToMs } from "./attributes";
import type { OtlpRequest } from "./decode";
import type { KeyValue } from "./gen/opentelemetry/proto/common/v1/common_pb";
import { AggregationTemporality, type Metric } from "./gen/opentelemetry/proto/metrics/v1/metrics_pb";
import { metricName } from "./metric-names";

/**
 * How a point becomes a value (docs/contract.md section 11): `level` is read as it is (gauges,
 * non-monotonic sums, histogram means, averaged by `weight` when several streams share a
 * name and time); `delta` is a count over [start, time], read as a rate per second;
 * `cumulative` is a count since start, read as a rate against the stream's previous point
 * (the object keeps that base: durable/otlp/cumulative-bases.ts).
 */
export type PointKind = "level" | "delta" | "cumulative";

export type MetricPoint = {
  /** The Pitwall metric name (metric-names.ts). */
  name: string;
  unit?: string;
  kind: PointKind;
  /** Identifies the time series: resource, scope, instrument and point attributes (hashed later). */
  stream: string;
  value: number;
  weight: number;
  startMs: number;
  timeMs: number;
};

export type MetricReading = { points: MetricPoint[]; rejected: number; reasons: string[] };

/** OTLP's flag for a point that holds no value (a stale marker): skipped, as the collector does. */
const NO_RECORDED_VALUE = 1;
const MAX_FUTURE_SKEW_MS = 5 * 60_000;

const canonical = (attributes: readonly KeyValue[]) => [...attributeMap(attributes)].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));

type RawPoint = { attributes: KeyValue[]; startTimeUnixNano: bigint; timeUnixNano: bigint; flags: number };
/** What a histogram's point (plain or exponential) is read by: how many measurements, and their sum. */
type CountedPoint = RawPoint & { count: bigint; sum?: number };

/**
 * Metric data points as values to record. Histograms (and exponential histograms and summaries)
 * are summarised as two series: `<name>`, the mean (sum / count) of the point, and
 * `<name>.count`, how many measurements per second, read like a counter of its temporality.
 * A cumulative histogram's mean is its mean since its start. `gen_ai.client.token.usage` is a
 * histogram like any other: it stays a metric series and is never counted as tokens.
 */
export function readMetrics(request: OtlpRequest<"metrics">, now: number): MetricReading {
  const reading: MetricReading = { points: [], rejected: 0, reasons: [] };
  const refuse = (reason: string, n = 1) => {
    reading.rejected += n;
    if (!reading.reasons.includes(reason)) reading.reasons.push(reason);
  };
  for (const resourceMetrics of request.resourceMetrics) {
    const resource = canonical(resourceMetrics.resource?.attributes ?? []);
    for (const scopeMetrics of resourceMetrics.scopeMetrics) {
      const scope = scopeMetrics.scope?.name ?? "";
      for (const metric of scopeMetrics.metrics) {
        const streamOf = (point: RawPoint, part: string) =>
          JSON.stringify([resource, scope, metric.name, canonical(point.attributes), part]);
        const add = (point: RawPoint, name: string | null, kind: PointKind, value: number, weight: number, part: string) => {
          if (!name) return refuse(`metric name ${JSON.stringify(metric.name.slice(0, 80))} cannot be mapped to a Pitwall metric name`);
          const timeMs = nanosToMs(point.timeUnixNano);
          const startMs = nanosToMs(point.startTimeUnixNano);
          if (timeMs <= 0) return refuse("a data point has no time");
          if (timeMs > now + MAX_FUTURE_SKEW_MS) return refuse("a data point is more than 5 minutes in the future");
          if (!Number.isFinite(value)) return refuse("a data point's value is not a finite number");
          // A delta without a start (0, which OTLP allows) has no interval to make a rate of.
          if (kind === "delta" && (point.startTimeUnixNano === 0n || startMs >= timeMs)) {
            return refuse("a delta point has no start before its time");
          }
          reading.points.push({
            name,
            ...(metric.unit ? { unit: metric.unit.slice(0, 32) } : {}),
            kind,
            stream: streamOf(point, part),
            value,
            weight,
            startMs,
            timeMs,
          });
        };
        readMetric(metric, add, refuse);
      }
    }
  }
  return reading;
}

type Add = (point: RawPoint, name: string | null, kind: PointKind, value: number, weight: number, part: string) => void;

function readMetric(metric: Metric, add: Add, refuse: (reason: string, n?: number) => void): void {
  const data = metric.data;
  const base = metricName(metric.name);
  const count = metricName(metric.name, ".count");
  const live = <P extends RawPoint>(points: P[]) => points.filter((p) => (p.flags & NO_RECORDED_VALUE) === 0);
  switch (data.case) {
    case "gauge":
      for (const p of live(data.value.dataPoints)) add(p, base, "level", numberOf(p.value), 1, "");
      return;
    case "sum": {
      const temporality = data.value.aggregationTemporality;
      const points = live(data.value.dataPoints);
      if (!data.value.isMonotonic) {
        for (const p of points) add(p, base, "level", numberOf(p.value), 1, "");
        return;
      }
      const kind = kindOf(temporality);
      if (!kind) {
        refuse("a monotonic sum has no aggregation temporality", points.length);
        return;
      }
      for (const p of points) add(p, base, kind, numberOf(p.value), 1, "");
      return;
    }
    case "histogram":
    case "exponentialHistogram": {
      // Both kinds are read by their count and sum alone; their buckets are not kept.
      const kind = kindOf(data.value.aggregationTemporality);
      const points = live<CountedPoint>(data.value.dataPoints);
      if (!kind) {
        refuse("a histogram has no aggregation temporality", points.length);
        return;
      }
      for (const p of points) histogramPoint(p, Number(p.count), p.sum, kind, base, count, add);
      return;
    }
    case "summary":
      // A summary's count and sum are cumulative by definition.
      for (const p of live(data.value.dataPoints)) histogramPoint(p, Number(p.count), p.sum, "cumulative", base, count, add);
      return;
    default:
      refuse("a metric carries no data");
  }
}

function histogramPoint(
  p: RawPoint,
  count: number,
  sum: number | undefined,
  kind: PointKind,
  base: string | null,
  countName: string | null,
  add: Add,
) {
  if (sum !== undefined && count > 0) add(p, base, "level", sum / count, count, "mean");
  add(p, countName, kind, count, 1, "count");
}

const kindOf = (temporality: AggregationTemporality): PointKind | null =>
  temporality === AggregationTemporality.CUMULATIVE ? "cumulative" : temporality === AggregationTemporality.DELTA ? "delta" : null;

function numberOf(
  value: { case: "asDouble"; value: number } | { case: "asInt"; value: bigint } | { case: undefined; value?: undefined },
): number {
  if (value.case === "asDouble") return value.value;
  if (value.case === "asInt") return Number(value.value);
  return Number.NaN;
}
