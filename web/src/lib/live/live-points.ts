import type { DashboardState, LiveMessage } from "$contract";
import type { Point } from "$lib/charts/series-data";

/** The history series the dashboard charts, each fed live by one part of the state. */
export const CHARTED_SERIES = ["cost.spend", "tokens.rate", "tasks.percent_complete", "tasks.completed", "tasks.total"] as const;
export type ChartedSeries = (typeof CHARTED_SERIES)[number];

/**
 * The chart points one accepted message adds: its time and the new figure of each series it touched.
 * The burn-up series (`tasks.completed`, `tasks.total`) are weights the state does not carry; see DashboardSeries.
 */
export function pointsFromMessage(message: LiveMessage, state: DashboardState): Partial<Record<ChartedSeries, Point>> {
  switch (message.type) {
    case "snapshot":
      return {
        "cost.spend": [state.last_updated, state.cost_metrics.current_spend],
        "tokens.rate": [state.last_updated, state.token_metrics.current_rate],
        "tasks.percent_complete": [state.last_updated, state.task_metrics.percent_complete],
      };
    case "cost":
      return { "cost.spend": [message.ts, message.data.current_spend] };
    case "tokens":
      return { "tokens.rate": [message.ts, message.data.current_rate] };
    case "tasks":
      return { "tasks.percent_complete": [message.ts, message.data.percent_complete] };
    default:
      return {};
  }
}
