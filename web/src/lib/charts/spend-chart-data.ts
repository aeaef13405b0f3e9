import type { AlignedData } from "uplot";
import { toChartTime } from "./chart-time";
import type { Columns } from "./series-data";

/** Where spend is heading: from now and the current spend to the projected cost at the end, with its uncertainty band. */
export interface SpendProjection {
  /** Unix seconds. */
  now: number;
  currentSpend: number;
  endsAt: string;
  projectedCost: number;
  /** The band's edges at the end (outlook.projected_cost_low and _high). */
  low: number;
  high: number;
}

export interface SpendChartInput {
  spend: Columns;
  budget: number;
  /** Null when the hackathon has no end. */
  projection: SpendProjection | null;
  /** Budget fractions at which warning and critical alerts fire, drawn as flat lines. */
  thresholds?: { warning: number; critical: number } | null;
}

/** Indices of the band's edges in the columns below, for the chart's fill between them. */
export const SPEND_BAND = { high: 5, low: 4 } as const;

type Column = (number | null | undefined)[];

/**
 * Columns [time, spend, budget, projection, band low, band high]: the budget is a flat line over
 * the whole range; the projection and both band edges run from (now, current spend) to the end,
 * and hold no other point (undefined, which the chart spans). With thresholds, two more flat
 * columns follow: [..., warning level, critical level].
 */
export function spendChartData({ spend, budget, projection, thresholds = null }: SpendChartInput): AlignedData {
  const x = [...spend.x];
  const spendColumn: Column = [...spend.y];
  const lines: [Column, Column, Column] = [x.map(() => undefined), x.map(() => undefined), x.map(() => undefined)];
  const addTime = (t: number) => {
    x.push(t);
    for (const column of [spendColumn, ...lines]) column.push(undefined);
    return x.length - 1;
  };
  const lastTime = x.at(-1) ?? -Infinity;
  const start = projection ? Math.max(projection.now, lastTime) : NaN;
  const end = projection ? toChartTime(projection.endsAt) : NaN;
  if (projection && end > start) {
    const startIndex = start === lastTime ? x.length - 1 : addTime(start);
    const endIndex = addTime(end);
    const [projected, low, high] = lines;
    const { currentSpend, projectedCost } = projection;
    for (const line of lines) line[startIndex] = currentSpend;
    projected[endIndex] = projectedCost;
    // The band always holds the line it is drawn around.
    low[endIndex] = Math.min(projection.low, projectedCost);
    high[endIndex] = Math.max(projection.high, projectedCost);
  }
  const flat = (value: number) => x.map(() => value);
  const base: AlignedData = [x, spendColumn, flat(budget), ...lines];
  return thresholds ? [...base, flat(budget * thresholds.warning), flat(budget * thresholds.critical)] : base;
}
