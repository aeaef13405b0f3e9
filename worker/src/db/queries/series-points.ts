import { sql } from "drizzle-orm";
import type { Db } from "../client";
import { seriesPoints } from "../schema";

export type SeriesPointRow = { series: string; minute: number; value: number };

/** 25 rows x 4 columns stays within D1's 100 bound parameters per statement. */
const ROWS_PER_STATEMENT = 25;

export function upsertSeriesPointsStatements(db: Db, hackathonId: string, rows: SeriesPointRow[]) {
  const statements = [];
  for (let i = 0; i < rows.length; i += ROWS_PER_STATEMENT) {
    const chunk = rows.slice(i, i + ROWS_PER_STATEMENT).map((r) => ({ hackathonId, ...r }));
    statements.push(
      db
        .insert(seriesPoints)
        .values(chunk)
        .onConflictDoUpdate({
          target: [seriesPoints.hackathonId, seriesPoints.series, seriesPoints.minute],
          set: { value: sql`excluded.value` },
        }),
    );
  }
  return statements;
}

/** Level series keep the bucket's last value; rate series average over it; scores keep their peak. */
export type BucketAggregate = "last" | "mean" | "max";

export async function readSeriesBuckets(
  db: Db,
  q: { hackathonId: string; series: string; fromMinute: number; toMinute: number; stepS: number; aggregate: BucketAggregate },
): Promise<[number, number][]> {
  // Bound numbers arrive as REAL; the cast keeps this an integer division, i.e. a bucket.
  const step = sql`CAST(${q.stepS} AS INTEGER)`;
  const bucket = sql`(${seriesPoints.minute} / ${step}) * ${step}`;
  // SQLite returns the bare column `value` from the row holding MAX(minute): the bucket's last point.
  const value = { last: sql`${seriesPoints.value}`, mean: sql`AVG(${seriesPoints.value})`, max: sql`MAX(${seriesPoints.value})` }[
    q.aggregate
  ];
  const rows = await db.all<{ bucket: number; value: number }>(sql`
    SELECT ${bucket} AS bucket, ${value} AS value, MAX(${seriesPoints.minute}) AS last_minute
    FROM ${seriesPoints}
    WHERE ${seriesPoints.hackathonId} = ${q.hackathonId} AND ${seriesPoints.series} = ${q.series}
      AND ${seriesPoints.minute} >= ${q.fromMinute} AND ${seriesPoints.minute} <= ${q.toMinute}
    GROUP BY bucket ORDER BY bucket`);
  return rows.map((r) => [r.bucket, r.value]);
}
