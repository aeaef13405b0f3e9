// Storage side of anomaly detection: the scores the pure detector (worker/src/anomaly/) gave,
// kept as chart marks and per-minute history.
import type { AnomalyMark } from "../../contract";
import { DAY_MS, minuteOf, toIso } from "../../lib/time";
import type { ScoredPoint } from "./detectors";

/** Marks are drawn on charts of the last day; a week is kept for late readers. */
const MARK_WINDOW_MS = DAY_MS;
const MARK_RETENTION_MS = 7 * DAY_MS;
const MAX_MARKS = 500;

type MarkRow = { series: string; ts: number; value: number; score: number };

const toMark = (r: MarkRow): AnomalyMark => ({ series: r.series, ts: toIso(r.ts), value: r.value, score: r.score });

/** A mark shows what a reader can check on the chart: for spend, the spend of the scored window, not its rate. */
const markedValue = (point: ScoredPoint) => point.spend?.spend ?? point.value;

/**
 * Keeps each minute's highest score for the `anomaly.<series>` history and a mark for every point
 * above the threshold. Returns the new marks, for the live channel.
 */
export function recordScores(sql: SqlStorage, scored: ScoredPoint[], threshold: number, now: number): AnomalyMark[] {
  for (const { series, minute, score } of minutePeaks(scored)) {
    sql.exec(
      `INSERT INTO anomaly_minutes (series, minute, score) VALUES (?, ?, ?)
       ON CONFLICT (series, minute) DO UPDATE SET score = MAX(score, excluded.score)`,
      series,
      minute,
      score,
    );
  }
  const marks: AnomalyMark[] = [];
  for (const point of scored) {
    if (point.score <= threshold) continue;
    sql.exec(
      "INSERT OR REPLACE INTO anomaly_marks (series, ts, value, score) VALUES (?, ?, ?, ?)",
      point.series,
      point.ts,
      markedValue(point),
      point.score,
    );
    marks.push(toMark({ ...point, value: markedValue(point) }));
  }
  if (marks.length > 0) sql.exec("DELETE FROM anomaly_marks WHERE ts < ?", now - MARK_RETENTION_MS);
  return marks;
}

/** The highest score per series and minute: one write per minute, however busy the batch. */
export function minutePeaks(scored: ScoredPoint[]): Array<{ series: string; minute: number; score: number }> {
  const peaks = new Map<string, { series: string; minute: number; score: number }>();
  for (const point of scored) {
    const minute = minuteOf(point.ts);
    const key = `${minute} ${point.series}`;
    const peak = peaks.get(key);
    if (!peak) peaks.set(key, { series: point.series, minute, score: point.score });
    else peak.score = Math.max(peak.score, point.score);
  }
  return [...peaks.values()];
}

export function readRecentMarks(sql: SqlStorage, now: number): AnomalyMark[] {
  return sql
    .exec<MarkRow>(
      "SELECT series, ts, value, score FROM anomaly_marks WHERE ts >= ? ORDER BY ts DESC LIMIT ?",
      now - MARK_WINDOW_MS,
      MAX_MARKS,
    )
    .toArray()
    .map(toMark);
}

/** The highest score of a series within one minute, for `anomaly.<series>` history. */
export function anomalyMinuteScore(sql: SqlStorage, series: string, minute: number): number | null {
  return (
    sql.exec<{ score: number }>("SELECT score FROM anomaly_minutes WHERE series = ? AND minute = ?", series, minute).toArray()[0]?.score ??
    null
  );
}
