import type { DashboardState, LiveMessage, MetricValue } from "$contract";
import type { ApiClient } from "$lib/api/client";
import { getHistory } from "$lib/api/hackathons";
import { appendPoint, type Columns, completeBuckets, DEFAULT_STEP, mergeSeries, type Point } from "$lib/charts/series-data";
import type { HistoryWindow } from "$lib/charts/time-range";

/** At most this many metrics get a chart; the rest are left out (the first by name are kept). */
export const MAX_METRIC_CHARTS = 8;

/** The metrics to chart: sorted by name, at most `max`. */
export function chartedMetricNames(metrics: Readonly<Record<string, MetricValue>>, max = MAX_METRIC_CHARTS): string[] {
  return Object.keys(metrics).sort().slice(0, max);
}

/** The history (and anomaly) series of one metric. */
export const metricSeriesName = (name: string) => `metric.${name}`;

type PointsByName = Readonly<Record<string, readonly Point[]>>;

/** The metric values one accepted message carries: a snapshot's and a `metric` delta's whole map. */
function metricsOfMessage(message: LiveMessage, state: DashboardState): Record<string, MetricValue> {
  if (message.type === "snapshot") return state.metrics;
  if (message.type === "metric") return message.data;
  return {};
}

/** Chart data of the dashboard's metrics: stored history (per-minute means) plus the values seen live. */
export class MetricSeries {
  history = $state.raw<PointsByName>({});
  live = $state.raw<PointsByName>({});
  historyError = $state<string | null>(null);
  /** Seconds per history bucket of each metric, which decides where its line has gaps. */
  steps = $state.raw<Readonly<Record<string, number>>>({});
  // The newest request per metric, so an older answer never overwrites a newer one.
  #requests = new Map<string, number>();
  #nextRequest = 0;

  /** Metrics among `names` whose history was never asked for. */
  unrequested(names: readonly string[]): string[] {
    return names.filter((name) => !this.#requests.has(name));
  }

  /** Loads the history of each metric in `names` over the chosen window; a failure leaves its live points alone. */
  async loadHistory(api: ApiClient, id: string, window: HistoryWindow, names: readonly string[]): Promise<void> {
    if (names.length === 0) return;
    const request = ++this.#nextRequest;
    for (const name of names) this.#requests.set(name, request);
    const answers = await Promise.allSettled(names.map((name) => getHistory(api, id, { series: metricSeriesName(name), ...window })));
    const next = { ...this.history };
    const steps = { ...this.steps };
    let problem: string | null = null;
    answers.forEach((answer, index) => {
      const name = names[index]!;
      if (this.#requests.get(name) !== request) return;
      if (answer.status === "fulfilled") {
        steps[name] = answer.value.step_s;
        next[name] = completeBuckets(answer.value.points, answer.value.step_s, Date.parse(window.to));
      } else problem ??= answer.reason instanceof Error ? answer.reason.message : String(answer.reason);
    });
    this.history = next;
    this.steps = steps;
    this.historyError = problem;
  }

  /**
   * Adds each metric's value when it changed: a `metric` delta repeats the unchanged ones, and
   * the map holds the latest value by `ts`, so comparing with the last point is enough.
   */
  addLive(message: LiveMessage, state: DashboardState): void {
    const metrics = Object.values(metricsOfMessage(message, state));
    let next: Record<string, readonly Point[]> | null = null;
    for (const metric of metrics) {
      const points = (next ?? this.live)[metric.name] ?? [];
      const last = points.at(-1);
      if (last && last[0] === metric.ts && last[1] === metric.value) continue;
      next ??= { ...this.live };
      next[metric.name] = appendPoint(points, [metric.ts, metric.value]);
    }
    if (next) this.live = next;
  }

  columns(name: string): Columns {
    return mergeSeries(this.history[name] ?? [], this.live[name] ?? [], this.steps[name] ?? DEFAULT_STEP);
  }
}
