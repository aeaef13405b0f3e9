import { MINUTE_MS } from "../../lib/time";
import { anomalyMinuteScore } from "../anomaly/marks";
import { estimateBurn } from "../figures/burn-rate";
import { burnRateAt, projectedCostAt, spendAt } from "../figures/cost";
import { metricMinuteMean } from "../figures/metrics";
import { burnUpAt } from "../figures/tasks";
import { tokensBetween, totalTokens } from "../figures/tokens";

export type SeriesContext = { startsAt: number; endsAt: number | null };

/** The value a series had at the end of one minute, computed from the object's own tables. */
export function seriesValueAt(sql: SqlStorage, series: string, minute: number, ctx: SeriesContext): number | null {
  const start = minute * 1000;
  const end = start + MINUTE_MS - 1;
  switch (series) {
    case "cost.spend":
      return spendAt(sql, end);
    case "cost.burn_rate":
      return burnRateAt(sql, end, ctx.startsAt);
    case "cost.projected": {
      const burn = estimateBurn(sql, end, ctx.startsAt);
      return projectedCostAt(spendAt(sql, end), burn.rate, burn.measuredTo, ctx.endsAt);
    }
    case "tokens.rate": {
      const { input, output } = tokensBetween(sql, start - 1, end);
      return input + output;
    }
    case "tokens.total": {
      const later = tokensBetween(sql, end, Number.MAX_SAFE_INTEGER);
      return totalTokens(sql).tokens - later.input - later.output;
    }
    case "tasks.percent_complete": {
      const { doneWeight, scopeWeight } = burnUpAt(sql, end);
      return scopeWeight === 0 ? 0 : (doneWeight / scopeWeight) * 100;
    }
    case "tasks.completed":
      return burnUpAt(sql, end).doneWeight;
    case "tasks.total":
      return burnUpAt(sql, end).scopeWeight;
    default:
      if (series.startsWith("anomaly.")) return anomalyMinuteScore(sql, series.slice("anomaly.".length), minute);
      return series.startsWith("metric.") ? metricMinuteMean(sql, series.slice("metric.".length), minute) : null;
  }
}
