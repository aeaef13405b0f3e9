import type { AnomalyMark } from "$contract";
import { toChartTime } from "./chart-time";

/** One anomaly placed on a chart: x in the chart's time unit, y on the line it belongs to. */
export interface ChartMark {
  x: number;
  y: number;
  ts: string;
  /** The scored figure as the detector saw it (for cost.spend, the spend of one interval). */
  value: number;
  score: number;
}

/** A line as the chart draws it: columnar, gaps as null. */
export interface ChartLine {
  x: ArrayLike<number>;
  y: ArrayLike<number | null | undefined>;
}

/** The contract's alert levels: critical above 0.9 (see docs/contract.md section 8). */
export function isCriticalScore(score: number): boolean {
  return score > 0.9;
}

/**
 * The marks of `series`, each placed at its time on `line`. The mark's own value is not always
 * on the line's scale (cost.spend scores the spend of an interval, the line is the running total),
 * so y comes from the line, interpolated between its points. Without a drawn point there is
 * nothing to place marks on, and none are returned.
 */
export function marksOnLine(marks: readonly AnomalyMark[], series: string, line: ChartLine): ChartMark[] {
  const points = drawnPoints(line);
  const placed: ChartMark[] = [];
  for (const mark of marks) {
    if (mark.series !== series) continue;
    const x = toChartTime(mark.ts);
    const y = Number.isFinite(x) ? valueAt(points, x) : null;
    if (y === null) continue;
    placed.push({ x, y, ts: mark.ts, value: mark.value, score: mark.score });
  }
  return placed.sort((a, b) => a.x - b.x);
}

function drawnPoints(line: ChartLine): [number, number][] {
  const points: [number, number][] = [];
  for (let i = 0; i < line.x.length; i++) {
    const x = line.x[i];
    const y = line.y[i];
    if (x !== undefined && y !== null && y !== undefined) points.push([x, y]);
  }
  return points;
}

// Points are in time order (uPlot needs that); before the first or after the last, the nearest end holds.
function valueAt(points: readonly [number, number][], x: number): number | null {
  let previous: [number, number] | null = null;
  for (const point of points) {
    if (point[0] >= x) {
      if (!previous || point[0] === previous[0]) return point[1];
      const [x0, y0] = previous;
      const [x1, y1] = point;
      return y0 + ((y1 - y0) * (x - x0)) / (x1 - x0);
    }
    previous = point;
  }
  return previous?.[1] ?? null;
}

export function countAnomalies(count: number): string {
  return `${count} ${count === 1 ? "anomaly" : "anomalies"}`;
}
