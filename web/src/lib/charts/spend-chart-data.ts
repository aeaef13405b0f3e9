import type { AlignedData } from "uplot";
import { toChartTime } from "./chart-time";
import type { Columns } from "./series-data";

export interface SpendChartInput {
  spend: Columns;
  budget: number;
  /** The hackathon's end and the spend projected for it; null when the hackathon has no end. */
  projection: { endsAt: string; projectedCost: number } | null;
  /** Budget fractions at which warning and critical alerts fire, drawn as flat lines. */
  thresholds?: { warning: number; critical: number } | null;
}

/**
 * Columns [time, spend, budget, projection]: the budget is a flat line over the whole range and
 * the projection runs from the latest spend to the projected cost at ends_at; with thresholds,
 * two more flat columns follow: [..., warning level, critical level].
 */
export function spendChartData({ spend, budget, projection, thresholds = null }: SpendChartInput): AlignedData {
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
  const flat = (value: number) => x.map(() => value);
  const base: AlignedData = [x, spendColumn, flat(budget), projectionColumn];
  return thresholds ? [...base, flat(budget * thresholds.warning), flat(budget * thresholds.critical)] : base;
}
