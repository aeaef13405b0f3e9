import type { HistoryQuery, HistoryResponse } from "../../contract";
import type { Db } from "../../db/client";
import { readSeriesBuckets, type BucketAggregate } from "../../db/queries/series-points";
import { validationFailed } from "../../errors";
import { DAY_MS, minuteOf, toIso } from "../../lib/time";

/** A chart never needs more points than this; longer ranges get a coarser step. */
const MAX_POINTS = 2000;
const DEFAULT_RANGE_MS = DAY_MS;

/** Series whose per-minute value is a level (keep the bucket's last); the rest are rates (average). */
const LEVEL_SERIES = new Set(["cost.spend", "cost.projected", "tokens.total", "tasks.percent_complete", "tasks.completed", "tasks.total"]);

function stepFor(rangeS: number, requested: number | undefined): number {
  const minimum = Math.max(60, Math.ceil(rangeS / MAX_POINTS / 60) * 60);
  return Math.max(minimum, Math.ceil((requested ?? 60) / 60) * 60);
}

/** Levels keep their last value, anomaly scores their peak (a spike must not average away), rates their mean. */
function aggregateOf(series: string): BucketAggregate {
  if (LEVEL_SERIES.has(series)) return "last";
  return series.startsWith("anomaly.") ? "max" : "mean";
}

export async function readHistory({
  db,
  hackathonId,
  query,
  now,
}: {
  db: Db;
  hackathonId: string;
  query: HistoryQuery;
  now: number;
}): Promise<HistoryResponse> {
  const to = query.to ? Date.parse(query.to) : now;
  const from = query.from ? Date.parse(query.from) : to - DEFAULT_RANGE_MS;
  if (from > to) throw validationFailed([{ path: "from", message: "must not be after to" }]);
  const stepS = stepFor((to - from) / 1000, query.step);
  const aggregate = aggregateOf(query.series);
  const buckets = await readSeriesBuckets(db, {
    hackathonId,
    series: query.series,
    fromMinute: minuteOf(from),
    toMinute: minuteOf(to),
    stepS,
    aggregate,
  });
  return { series: query.series, step_s: stepS, points: buckets.map(([bucket, value]) => [toIso(bucket * 1000), value]) };
}
