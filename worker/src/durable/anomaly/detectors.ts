import { createDetector, restoreDetector } from "../../anomaly";
import type { SourceName } from "../../contract";
import { appendRca } from "../sources/logs";
import type { SeriesPoint } from "./series-points";

type Detector = ReturnType<typeof createDetector>;
export type ScoredPoint = SeriesPoint & { score: number };

/** Metric names are the sender's choice; this many series per hackathon are scored, the rest only stored. */
const MAX_DETECTED_SERIES = 64;

type DetectorRow = { state: string; last_ts: number };

export function sourceOfSeries(series: string): SourceName {
  if (series.startsWith("cost.")) return "cost";
  if (series.startsWith("tokens.")) return "tokens";
  if (series.startsWith("tasks.")) return "tasks";
  return "performance";
}

function logReset(sql: SqlStorage, series: string, now: number, error: unknown): void {
  appendRca(sql, {
    at: now,
    source: sourceOfSeries(series),
    kind: "detector_reset",
    summary: `The anomaly detector of ${series} failed and was re-initialised; monitoring goes on`,
    detail: { series, error: String(error) },
  });
}

/** The series' detector and how far it has read, or a fresh one; corrupt state is reset and logged. */
function loadDetector(sql: SqlStorage, series: string, now: number): { detector: Detector; lastTs: number } | null {
  const row = sql.exec<DetectorRow>("SELECT state, last_ts FROM detectors WHERE series = ?", series).toArray()[0];
  if (!row) {
    const count = sql.exec<{ n: number }>("SELECT COUNT(*) AS n FROM detectors").one().n;
    return count >= MAX_DETECTED_SERIES ? null : { detector: createDetector(), lastTs: -Infinity };
  }
  try {
    return { detector: restoreDetector(JSON.parse(row.state)), lastTs: row.last_ts };
  } catch (error) {
    logReset(sql, series, now, error);
    return { detector: createDetector(), lastTs: -Infinity };
  }
}

function saveDetector(sql: SqlStorage, series: string, detector: Detector, lastTs: number, lastScore: number): void {
  sql.exec(
    `INSERT INTO detectors (series, state, last_ts, last_score) VALUES (?, ?, ?, ?)
     ON CONFLICT (series) DO UPDATE SET state = excluded.state, last_ts = excluded.last_ts, last_score = excluded.last_score`,
    series,
    JSON.stringify(detector.toJSON()),
    lastTs,
    lastScore,
  );
}

function groupBySeries(points: SeriesPoint[]): Map<string, SeriesPoint[]> {
  const groups = new Map<string, SeriesPoint[]>();
  for (const point of points) {
    const group = groups.get(point.series) ?? [];
    group.push(point);
    groups.set(point.series, group);
  }
  return groups;
}

/**
 * Feeds each series' detector its new points in event-time order and returns their scores.
 * Points older than what a detector has read (late back-fill) are not scored: a stream has one order.
 * A detector that throws is replaced by a fresh one and logged; ingestion never depends on it.
 */
export function scorePoints(sql: SqlStorage, points: SeriesPoint[], now: number): ScoredPoint[] {
  const scored: ScoredPoint[] = [];
  for (const [series, group] of groupBySeries(points)) {
    const loaded = loadDetector(sql, series, now);
    if (!loaded) continue;
    let { detector, lastTs } = loaded;
    let lastScore = 0;
    for (const point of group) {
      if (point.ts < lastTs) continue;
      try {
        lastScore = detector.update(point.ts, point.value);
      } catch (error) {
        logReset(sql, series, now, error);
        detector = createDetector();
        lastScore = 0;
      }
      lastTs = point.ts;
      scored.push({ ...point, score: lastScore });
    }
    saveDetector(sql, series, detector, lastTs, lastScore);
  }
  return scored;
}

/** The latest score of a series, 0 before it has one. */
export function latestScore(sql: SqlStorage, series: string): number {
  return sql.exec<{ s: number }>("SELECT last_score AS s FROM detectors WHERE series = ?", series).toArray()[0]?.s ?? 0;
}

/** Where the series' detector has read up to (epoch ms), or null before its first point. */
export function lastScoredAt(sql: SqlStorage, series: string): number | null {
  return sql.exec<{ t: number }>("SELECT last_ts AS t FROM detectors WHERE series = ?", series).toArray()[0]?.t ?? null;
}
