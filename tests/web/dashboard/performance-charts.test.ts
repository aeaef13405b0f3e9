import { describe, expect, it, vi } from "vitest";
import type { MetricValue } from "$contract";
import { zoomRange } from "$lib/charts/time-range";
import { byTestId, render } from "../helpers/render";
import { makeAnomalyMark, makeDashboardState } from "../fixtures/dashboard-state";

// uPlot needs a real canvas; the chart itself is tested in charts/time-series-chart.
vi.mock("uplot", () => ({
  default: class {
    static pxRatio = 1;
    width = 600;
    setData() {}
    setSize() {}
    destroy() {}
  },
}));

const { default: PerformanceCharts } = await import("$lib/dashboard/PerformanceCharts.svelte");
const { MetricSeries } = await import("$lib/dashboard/metric-series.svelte");

const metric = (name: string, value: number, unit: string | null = null): MetricValue => ({
  name,
  value,
  unit,
  ts: "2026-11-28T10:00:00Z",
});

function seriesWith(state: ReturnType<typeof makeDashboardState>) {
  const series = new MetricSeries();
  series.addLive({ type: "snapshot", seq: 1, state }, state);
  return series;
}

const titles = () => [...document.querySelectorAll("figcaption")].map((caption) => caption.textContent);

describe("PerformanceCharts", () => {
  it("charts each metric by name with its unit in the title, and marks only its own anomalies", () => {
    const state = makeDashboardState({
      metrics: { latency_ms: metric("latency_ms", 5000, "ms"), error_rate: metric("error_rate", 0.02) },
      anomalies: [
        makeAnomalyMark({ series: "metric.latency_ms", ts: "2026-11-28T10:00:00Z", value: 5000, score: 0.97 }),
        makeAnomalyMark({ series: "cost.spend" }),
      ],
    });
    render(PerformanceCharts, { series: seriesWith(state), state });

    expect(titles()).toEqual(["error_rate", "latency_ms (ms)"]);
    const latency = byTestId("chart-metric-latency_ms");
    expect(latency?.querySelector('[role="img"]')?.getAttribute("aria-label")).toBe("latency_ms (ms), 1 anomaly marked");
    expect(latency?.querySelector("[data-testid=anomaly-marks] summary")?.textContent).toBe("1 anomaly");
    expect(latency?.querySelector("[data-testid=anomaly-marks] li")?.textContent).toContain("5,000 ms");
    expect(byTestId("chart-metric-error_rate")?.querySelector("[data-testid=anomaly-marks]")).toBeNull();
  });

  it("charts at most eight metrics and says how many are left out", () => {
    const names = ["m01", "m02", "m03", "m04", "m05", "m06", "m07", "m08", "m09", "m10"];
    const state = makeDashboardState({ metrics: Object.fromEntries(names.map((name) => [name, metric(name, 1)])) });
    render(PerformanceCharts, { series: seriesWith(state), state });
    expect(titles()).toEqual(names.slice(0, 8));
    expect(byTestId("metrics-hidden")?.textContent).toBe("2 more metrics are not charted.");
  });

  it("says when no metric has been reported", () => {
    const state = makeDashboardState();
    render(PerformanceCharts, { series: new MetricSeries(), state });
    expect(byTestId("performance")?.textContent).toContain("No metrics reported yet.");
    expect(document.querySelector("figure")).toBeNull();
  });

  it("offers to reset a zoom, back to the preset it was made from", async () => {
    const state = makeDashboardState({ metrics: { latency_ms: metric("latency_ms", 5, "ms") } });
    const chosen: unknown[] = [];
    render(PerformanceCharts, {
      series: seriesWith(state),
      state,
      range: zoomRange(0, 3600, "6h"),
      onrangechange: (range) => chosen.push(range),
    });
    byTestId("performance")?.querySelector<HTMLButtonElement>("[data-testid=reset-zoom]")?.click();
    expect(chosen).toEqual(["6h"]);
  });
});
