import type { AlignedData } from "uplot";
import { toChartTime } from "./chart-time";
import type { Columns } from "./series-data";

export interface SpendChartInput {
  spend: Columns;
  budget: number;
  /** The hackathon's end and the spend projected for it; null when the hackathon has no end. */
  projection: { endsAt: string; projectedCost: number } | null;
}

/**
 * Columns [time, spend, budget, projection]: the budget is a flat line over the whole range and
 * the projection runs from the latest spend to the projected cost at ends_at.
 */
export function spendChartData({ spend, budget, projection }: SpendChartInput): AlignedData {
  const x = [...spend.x];
  const spendColumn: (number | null)[] = [...spend.y];
  const projectionColumn: (number | null)[] = spend.y.map(() => null);
  const lastIndex = x.length - 1;
  const end = projection ? toChartTime(projection.endsAt) : NaN;
  if (projection && lastIndex >= 0 && end > (x[lastIndex] ?? Infinity)) {
    projectionColumn[lastIndex] = spend.y[lastIndex] ?? null;
    x.push(end);
    spendColumn.push(null);
    projectionColumn.push(projection.projectedCost);
  }
  return [x, spendColumn, x.map(() => budget), projectionColumn];
}
