import type { DashboardState, LiveMessage } from "$contract";
import type { ApiClient } from "$lib/api/client";
import { getHistory } from "$lib/api/hackathons";
import { appendPoint, mergeSeries, type Columns, type Point } from "$lib/charts/series-data";
import { CHARTED_SERIES, pointsFromMessage, type ChartedSeries } from "$lib/live/live-points";

type PointsBySeries = Record<ChartedSeries, readonly Point[]>;

function emptySeries(): PointsBySeries {
  return { "cost.spend": [], "tokens.rate": [], "tasks.percent_complete": [] };
}

/** Chart data of one dashboard: stored history (per-minute rollups) plus points from the socket. */
export class DashboardSeries {
  // Raw state: arrays are replaced, never mutated, so deep proxies would only cost time.
  history = $state.raw<PointsBySeries>(emptySeries());
  live = $state.raw<PointsBySeries>(emptySeries());
  historyError = $state<string | null>(null);

  /** Loads every charted series from `from` to now; a failure leaves the live points alone. */
  async loadHistory(api: ApiClient, id: string, from: string): Promise<void> {
    const to = new Date().toISOString();
    try {
      const answers = await Promise.all(
        CHARTED_SERIES.map((series) => getHistory(api, id, { series, from, to })),
      );
      const next = emptySeries();
      CHARTED_SERIES.forEach((series, index) => {
        next[series] = answers[index]?.points ?? [];
      });
      this.history = next;
      this.historyError = null;
    } catch (error) {
      this.historyError = error instanceof Error ? error.message : String(error);
    }
  }

  addLive(message: LiveMessage, state: DashboardState): void {
    const points = pointsFromMessage(message, state);
    const next = { ...this.live };
    for (const series of CHARTED_SERIES) {
      const point = points[series];
      if (point) next[series] = appendPoint(next[series], point);
    }
    this.live = next;
  }

  columns(series: ChartedSeries): Columns {
    return mergeSeries(this.history[series], this.live[series]);
  }
}
