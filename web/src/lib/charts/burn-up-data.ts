import type { AlignedData } from "uplot";
import { toChartTime } from "./chart-time";
import type { Columns } from "./series-data";
import { lastValueIndex } from "./y-column";

export interface BurnUpInput {
  completed: Columns;
  /** The scope: the weight of every task that existed at each time. */
  scope: Columns;
  /** When the work is estimated to be done at the current velocity; null when it is not (velocity 0). */
  estimatedCompletion: string | null;
}

type Column = (number | null | undefined)[];

/**
 * Columns [time, completed, scope, projection] on the union of both series' times. A series with
 * no point at a time holds undefined there (the chart spans it) and keeps its own gaps (null); the
 * projection runs from the latest completed figure to the current scope at the estimated completion.
 */
export function burnUpChartData({ completed, scope, estimatedCompletion }: BurnUpInput): AlignedData {
  const x = [...new Set([...completed.x, ...scope.x])].sort((a, b) => a - b);
  const column = (series: Columns): Column => {
    const byTime = new Map(series.x.map((t, i) => [t, series.y[i] ?? null]));
    return x.map((t) => (byTime.has(t) ? byTime.get(t) : undefined));
  };
  const completedColumn = column(completed);
  const scopeColumn = column(scope);
  const projection: Column = x.map(() => undefined);
  const completedIndex = lastValueIndex(completed.y);
  const scopeIndex = lastValueIndex(scope.y);
  const end = estimatedCompletion ? toChartTime(estimatedCompletion) : NaN;
  if (completedIndex !== null && scopeIndex !== null && end > (x.at(-1) ?? Infinity)) {
    const lastScope = scope.y[scopeIndex] ?? null;
    projection[x.indexOf(completed.x[completedIndex] ?? NaN)] = completed.y[completedIndex];
    x.push(end);
    completedColumn.push(undefined);
    scopeColumn.push(lastScope);
    projection.push(lastScope);
  }
  return [x, completedColumn, scopeColumn, projection];
}
