import { afterEach, describe, expect, it, vi } from "vitest";
import { flushSync, mount, unmount, type ComponentProps } from "svelte";
import type { AlignedData } from "uplot";

const charts = vi.hoisted(() => [] as FakePlot[]);
interface FakePlot {
  data: AlignedData;
  setDataCalls: AlignedData[];
  destroyed: boolean;
}

vi.mock("uplot", () => ({
  default: class {
    width = 600;
    data: AlignedData;
    setDataCalls: AlignedData[] = [];
    destroyed = false;
    constructor(_options: unknown, data: AlignedData) {
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
});
