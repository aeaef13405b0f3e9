import type { DashboardState, LiveMessage } from "$contract";
import type { ApiClient } from "$lib/api/client";
import { getHistory } from "$lib/api/hackathons";
import { appendPoint, type Columns, completeBuckets, DEFAULT_STEP, mergeSeries, type Point } from "$lib/charts/series-data";
import type { HistoryWindow } from "$lib/charts/time-range";
import { CHARTED_SERIES, pointsFromMessage, type ChartedSeries } from "$lib/live/live-points";

type PointsBySeries = Record<ChartedSeries, readonly Point[]>;

function emptySeries(): PointsBySeries {
  return { "cost.spend": [], "tokens.rate": [], "tasks.percent_complete": [], "tasks.completed": [], "tasks.total": [] };
}

/** Chart data of one dashboard: stored history (rollups over the chosen window) plus points from the socket. */
export class DashboardSeries {
  // Raw state: arrays are replaced, never mutated, so deep proxies would only cost time.
  history = $state.raw<PointsBySeries>(emptySeries());
  live = $state.raw<PointsBySeries>(emptySeries());
  historyError = $state<string | null>(null);
  /** Seconds per history bucket: points further apart than a couple of steps have a gap between them. */
  step = $state(DEFAULT_STEP);
  // The newest request, so an answer for a window the viewer already left never lands.
  #request = 0;

  /**
   * Loads every charted series over `window` (all read with one step, as they share the window);
   * a failure leaves the live points alone.
   */
  async loadHistory(api: ApiClient, id: string, window: HistoryWindow): Promise<void> {
    const request = ++this.#request;
    try {
      const answers = await Promise.all(CHARTED_SERIES.map((series) => getHistory(api, id, { series, ...window })));
      if (request !== this.#request) return;
      const next = emptySeries();
      const step = answers[0]?.step_s ?? window.step;
      CHARTED_SERIES.forEach((series, index) => {
        next[series] = completeBuckets(answers[index]?.points ?? [], step, Date.parse(window.to));
      });
      this.history = next;
      this.step = step;
      this.historyError = null;
    } catch (error) {
      if (request === this.#request) this.historyError = error instanceof Error ? error.message : String(error);
    }
  }

  addLive(message: LiveMessage, state: DashboardState): void {
    const points: Partial<Record<ChartedSeries, Point>> = { ...pointsFromMessage(message, state), ...this.#burnUpPoints(message, state) };
    const next = { ...this.live };
    for (const series of CHARTED_SERIES) {
      const point = points[series];
      if (point) next[series] = appendPoint(next[series], point);
    }
    this.live = next;
  }

  columns(series: ChartedSeries): Columns {
    return mergeSeries(this.history[series], this.live[series], this.step);
  }

  /**
   * The socket reports counts and a weight-based percentage, not weights: the live burn-up point
   * keeps the latest known scope weight (from history, else the task count, i.e. weight 1 each)
   * and puts completed at that share of it, until the next history read has the exact figures.
   */
  #burnUpPoints(message: LiveMessage, state: DashboardState): Partial<Record<ChartedSeries, Point>> {
    if (message.type !== "snapshot" && message.type !== "tasks") return {};
    const ts = message.type === "snapshot" ? state.last_updated : message.ts;
    const tasks = message.type === "snapshot" ? state.task_metrics : message.data;
    const knownScope = this.columns("tasks.total").y.at(-1);
    const scope = knownScope ?? tasks.total_tasks;
    return { "tasks.total": [ts, scope], "tasks.completed": [ts, (scope * tasks.percent_complete) / 100] };
  }
}
