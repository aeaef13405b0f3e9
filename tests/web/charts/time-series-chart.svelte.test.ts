import { afterEach, describe, expect, it, vi } from "vitest";
import { flushSync, mount, unmount, type ComponentProps } from "svelte";
import type { AlignedData } from "uplot";
import { render } from "../helpers/render";

const charts = vi.hoisted(() => [] as FakePlot[]);
interface FakePlot {
  options: { hooks?: { draw?: ((u: unknown) => void)[] } };
  data: AlignedData;
  setDataCalls: AlignedData[];
  destroyed: boolean;
}

vi.mock("uplot", () => ({
  default: class {
    width = 600;
    options: FakePlot["options"];
    data: AlignedData;
    setDataCalls: AlignedData[] = [];
    destroyed = false;
    static pxRatio = 1;
    constructor(options: FakePlot["options"], data: AlignedData) {
      this.options = options;
      this.data = data;
      charts.push(this);
    }
    setData(data: AlignedData) {
      this.setDataCalls.push(data);
    }
    setSize() {}
    destroy() {
      this.destroyed = true;
    }
  },
}));

const { default: TimeSeriesChart } = await import("$lib/charts/TimeSeriesChart.svelte");
const { formatDateTime } = await import("$lib/format/format");

type Props = ComponentProps<typeof TimeSeriesChart>;
const nextFrame = () => new Promise((resolve) => requestAnimationFrame(() => resolve(undefined)));

afterEach(() => {
  charts.length = 0;
  document.body.innerHTML = "";
});

describe("TimeSeriesChart", () => {
  it("creates one chart on mount, redraws once per frame however often the data changes, and destroys it on unmount", async () => {
    const props: Props = $state({
      label: "Spend",
      series: [{ label: "Spend", colorVar: "--chart-spend" }],
      data: [[1], [10]],
    });
    const component = mount(TimeSeriesChart, { target: document.body, props });
    flushSync();
    expect(charts).toHaveLength(1);
    expect(charts[0]?.data).toEqual([[1], [10]]);
    expect(document.querySelector('[role="img"]')?.getAttribute("aria-label")).toBe("Spend");
    await nextFrame();
    await nextFrame();
    const before = charts[0]!.setDataCalls.length;

    for (let i = 2; i <= 50; i++) {
      props.data = [[...Array(i).keys()], [...Array(i).keys()]];
      flushSync();
    }
    await nextFrame();
    await nextFrame();

    expect(charts).toHaveLength(1);
    expect(charts[0]!.setDataCalls.length - before).toBe(1);
    expect(charts[0]!.setDataCalls.at(-1)?.[0]).toHaveLength(50);

    unmount(component);
    expect(charts[0]!.destroyed).toBe(true);
  });

  it("builds a new chart only when its set of lines changes, such as threshold lines arriving", async () => {
    const props: Props = $state({
      label: "Spend",
      series: [{ label: "Spend", colorVar: "--chart-spend" }],
      data: [[1], [10]],
    });
    const component = mount(TimeSeriesChart, { target: document.body, props });
    flushSync();
    props.series = [...props.series, { label: "Warning", colorVar: "--warn" }];
    props.data = [[1], [10], [8]];
    flushSync();
    await nextFrame();
    await nextFrame();
    expect(charts).toHaveLength(2);
    expect(charts[0]!.destroyed).toBe(true);
    expect(charts[1]!.data).toEqual([[1], [10], [8]]);
    props.data = [
      [1, 2],
      [10, 11],
      [8, 8],
    ];
    flushSync();
    await nextFrame();
    await nextFrame();
    expect(charts).toHaveLength(2);
    expect(charts[1]!.setDataCalls.at(-1)?.[0]).toEqual([1, 2]);
    unmount(component);
  });

  it("draws the anomaly marks as dots on the plot and lists them for screen readers", () => {
    const marks = [
      { x: 60, y: 5, ts: "2026-11-28T10:01:00Z", value: 4, score: 0.95 },
      { x: 120, y: 7, ts: "2026-11-28T10:02:00Z", value: 6, score: 0.8 },
    ];
    render(TimeSeriesChart, {
      label: "Token rate",
      series: [{ label: "Tokens/min", colorVar: "--chart-tokens" }],
      data: [
        [60, 120],
        [5, 7],
      ],
      formatValue: (value: number) => `${value} t/min`,
      marks,
    });

    const arcs: [number, number][] = [];
    const ctx = {
      save() {},
      restore() {},
      beginPath() {},
      rect() {},
      clip() {},
      fill() {},
      stroke() {},
      arc: (x: number, y: number) => arcs.push([x, y]),
    };
    // Canvas pixels: x doubled, y negated, so the test sees that each mark goes through its own scale.
    const valToPos = (value: number, scale: string) => (scale === "x" ? value * 2 : -value);
    const draw = charts[0]?.options.hooks?.draw?.[0];
    draw?.({ ctx, bbox: { left: 0, top: 0, width: 600, height: 220 }, valToPos });
    expect(arcs).toEqual([
      [120, -5],
      [240, -7],
    ]);

    expect(document.querySelector('[role="img"]')?.getAttribute("aria-label")).toBe("Token rate, 2 anomalies marked");
    const list = document.querySelector("[data-testid=anomaly-marks]");
    expect(list?.querySelector("summary")?.textContent).toBe("2 anomalies");
    const items = [...(list?.querySelectorAll("li") ?? [])].map((li) => li.textContent?.replace(/\s+/g, " ").trim());
    expect(items).toEqual([
      `${formatDateTime("2026-11-28T10:02:00Z")}: 6 t/min, score 0.8`,
      `${formatDateTime("2026-11-28T10:01:00Z")}: 4 t/min, score 0.95`,
    ]);
    expect(list?.querySelectorAll("li.critical")).toHaveLength(1);
  });

  it("has no anomaly list when there is nothing to mark", () => {
    render(TimeSeriesChart, { label: "Spend", series: [{ label: "Spend", colorVar: "--chart-spend" }], data: [[1], [10]] });
    expect(document.querySelector("[data-testid=anomaly-marks]")).toBeNull();
  });

  it("names the gaps in the data in its accessible label", () => {
    render(TimeSeriesChart, {
      label: "Token rate",
      series: [{ label: "Tokens/min", colorVar: "--chart-tokens" }],
      data: [
        [0, 60, 120, 600, 660, 720, 1200],
        [5, 6, null, 7, 8, null, 9],
      ],
    });
    expect(document.querySelector('[role="img"]')?.getAttribute("aria-label")).toBe("Token rate, 2 gaps in the data");
  });

  it("draws the end marker as a line across the plot and labels it at its time", async () => {
    render(TimeSeriesChart, {
      label: "Spend",
      series: [{ label: "Spend", colorVar: "--chart-spend" }],
      data: [[0], [10]],
      xMarkers: [{ key: "end", x: 900, label: "End Sun 18:00" }],
    });
    const strokes: number[] = [];
    const ctx = {
      save() {},
      restore() {},
      beginPath() {},
      setLineDash() {},
      moveTo: (x: number) => strokes.push(x),
      lineTo() {},
      stroke() {},
    };
    const valToPos = (value: number) => value / 2;
    const draw = charts[0]?.options.hooks?.draw?.[0];
    draw?.({ ctx, bbox: { left: 40, top: 8, width: 500, height: 200 }, scales: { x: { min: 0, max: 1000 } }, valToPos });
    flushSync();
    expect(strokes).toEqual([450]);
    const label = document.querySelector<HTMLElement>("[data-testid=x-marker-end]");
    expect(label?.textContent).toBe("End Sun 18:00");
    expect(label?.style.left).toBe("490px");
  });
});
