// Storage side of anomaly detection: the pure detector (worker/src/anomaly/) kept per series
// in the object's SQLite, loaded, fed points and saved back.
import { createDetector, restoreDetector } from "../../anomaly";
import type { SourceName } from "../../contract";
import { appendRca } from "../sources/logs";
import type { SeriesPoint } from "./series-points";

type Detector = ReturnType<typeof createDetector>;
/**
 * `seen`: how many points the series' detector had read before this one. `usual`: the level
 * the detector measured a high-side-only point against (null for other series).
 */
export type ScoredPoint = SeriesPoint & { score: number; seen: number; usual: number | null };

/** Metric names are the sender's choice; this many series per hackathon are scored, the rest only stored. */
const MAX_DETECTED_SERIES = 64;

/** `lastScore`: the score of the latest point scored (catch-up points leave it as it was). */
type Loaded = { detector: Detector; lastTs: number; points: number; lastScore: number };

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
const fresh = (): Loaded => ({ detector: createDetector(), lastTs: -Infinity, points: 0, lastScore: 0 });

/**
 * Each series' detector as this object last saved it, so that a point does not re-parse ~3 KB
 * of state. It is used only while the stored row still says the same (time, points and size of
 * the state): a rolled-back transaction, or state changed underneath, reads the row again.
 */
const saved = new WeakMap<SqlStorage, Map<string, { loaded: Loaded; size: number }>>();

function savedOf(sql: SqlStorage): Map<string, { loaded: Loaded; size: number }> {
  let map = saved.get(sql);
  if (!map) {
    map = new Map();
    saved.set(sql, map);
  }
  return map;
}

type DetectorHead = { last_ts: number; last_score: number; points: number; size: number };

function loadDetector(sql: SqlStorage, series: string, now: number): Loaded | null {
  const head = sql
    .exec<DetectorHead>("SELECT last_ts, last_score, points, length(state) AS size FROM detectors WHERE series = ?", series)
    .toArray()[0];
  if (!head) {
    const count = sql.exec<{ n: number }>("SELECT COUNT(*) AS n FROM detectors").one().n;
    return count >= MAX_DETECTED_SERIES ? null : fresh();
  }
  const kept = savedOf(sql).get(series);
  if (kept && kept.loaded.lastTs === head.last_ts && kept.loaded.points === head.points && kept.size === head.size) {
    return kept.loaded;
  }
  savedOf(sql).delete(series);
  try {
    const state = sql.exec<{ state: string }>("SELECT state FROM detectors WHERE series = ?", series).one().state;
    return { detector: restoreDetector(JSON.parse(state)), lastTs: head.last_ts, points: head.points, lastScore: head.last_score };
  } catch (error) {
    logReset(sql, series, now, error);
    return fresh();
  }
}

function saveDetector(sql: SqlStorage, series: string, loaded: Loaded): void {
  const state = JSON.stringify(loaded.detector.toJSON());
  sql.exec(
    `INSERT INTO detectors (series, state, last_ts, last_score, points) VALUES (?, ?, ?, ?, ?)
     ON CONFLICT (series) DO UPDATE SET state = excluded.state, last_ts = excluded.last_ts,
       last_score = excluded.last_score, points = excluded.points`,
    series,
    state,
    loaded.lastTs,
    loaded.lastScore,
    loaded.points,
  );
  savedOf(sql).set(series, { loaded, size: state.length });
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
 * A high-side-only point (spend, token rate) is news only above the level the detector
 * expected (the detector scores a fall 0 itself) and above zero: a fall, or a zero, is never
 * unusual spend. It still teaches.
 */
const scoreOf = (point: SeriesPoint, raw: number) => (point.highSideOnly && !(point.value > 0) ? 0 : raw);

/**
 * Feeds each series' detector its new points in event-time order and returns their scores.
 * Catch-up points (polls) are read past but neither learned nor scored: a spike the detector
 * learned without alerting would shield the sender's own spike after it (one event, damped),
 * so what a poll brings stays out of the model. Points older than what a detector has read
 * (late back-fill) are not scored: a stream has one order. A detector that throws is replaced
 * by a fresh one and logged; ingestion never depends on it.
 */
export function scorePoints(sql: SqlStorage, points: SeriesPoint[], now: number): ScoredPoint[] {
  const scored: ScoredPoint[] = [];
  for (const [series, group] of groupBySeries(points)) {
    let loaded = loadDetector(sql, series, now);
    if (!loaded) continue;
    for (const point of group) {
      if (point.ts < loaded.lastTs) continue;
      if (point.catchUp) {
        loaded.lastTs = point.ts;
        continue;
      }
      const seen = loaded.points;
      let usual = Number.NaN;
      let raw = 0;
      try {
        usual = loaded.detector.level();
        raw = loaded.detector.update(point.ts, point.value, point.highSideOnly);
      } catch (error) {
        logReset(sql, series, now, error);
        loaded = fresh();
      }
      loaded.lastTs = point.ts;
      loaded.points += 1;
      loaded.lastScore = scoreOf(point, raw);
      const level = point.highSideOnly && Number.isFinite(usual) ? usual : null;
      scored.push({ ...point, score: loaded.lastScore, seen, usual: level });
    }
    saveDetector(sql, series, loaded);
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
