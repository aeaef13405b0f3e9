import type { AlignedData } from "uplot";
import { toChartTime } from "./chart-time";
import type { Columns } from "./series-data";

export interface BurnUpInput {
  completed: Columns;
  /** The scope: the weight of every task that existed at each time. */
  scope: Columns;
  /** When the work is estimated to be done at the current velocity; null when it is not (velocity 0). */
  estimatedCompletion: string | null;
}

/**
 * Columns [time, completed, scope, projection] on the union of both series' times (a series
 * without a value at a time gets null, drawn across); the projection runs from the latest
 * completed figure to the current scope at the estimated completion.
 */
export function burnUpChartData({ completed, scope, estimatedCompletion }: BurnUpInput): AlignedData {
  const x = [...new Set([...completed.x, ...scope.x])].sort((a, b) => a - b);
  const column = (series: Columns) => {
    const byTime = new Map(series.x.map((t, i) => [t, series.y[i] ?? null]));
    return x.map((t) => byTime.get(t) ?? null);
  };
  const completedColumn = column(completed);
  const scopeColumn = column(scope);
  const projection: (number | null)[] = x.map(() => null);
  const lastCompleted = completed.y.at(-1);
  const lastScope = scope.y.at(-1);
  const lastTime = completed.x.at(-1);
  const end = estimatedCompletion ? toChartTime(estimatedCompletion) : NaN;
  if (lastCompleted !== undefined && lastScope !== undefined && lastTime !== undefined && end > (x.at(-1) ?? Infinity)) {
    projection[x.indexOf(lastTime)] = lastCompleted;
    x.push(end);
    completedColumn.push(null);
    scopeColumn.push(lastScope);
    projection.push(lastScope);
  }
  return [x, completedColumn, scopeColumn, projection];
}
