import { describe, expect, it } from "vitest";
import type uPlot from "uplot";
import { type ChartOptionsInput, chartOptions, IDLE_TIME_LABEL } from "$lib/charts/chart-options";
import { NO_DATA } from "$lib/charts/y-column";

function optionsFor(overrides: Partial<ChartOptionsInput> = {}): uPlot.Options {
  return chartOptions({
    width: 600,
    height: 200,
    series: [
      { label: "Spend", colorVar: "--chart-spend" },
      { label: "Projected", colorVar: "--chart-projection", legend: "end" },
      { label: "Done at", colorVar: "--chart-projection", legend: "end-time" },
    ],
    bands: [],
    color: (name) => `color(${name})`,
    formatValue: (value) => `$${value}`,
    formatTime: (seconds) => `t${seconds}`,
    xRange: () => null,
    yMax: 0,
    draw: () => {},
    onzoom: null,
    ...overrides,
  });
}

// x, spend (with a gap), a projection from the last spend to the end.
const data: uPlot.AlignedData = [
  [0, 60, 120, 600, 900],
  [10, null, 30, undefined, undefined],
  [undefined, undefined, 30, undefined, 90],
  [undefined, undefined, 30, undefined, 90],
];
const plot = { data } as unknown as uPlot;

/** The legend text of series `index` with the cursor at `idx` (null: not hovering). */
function legend(options: uPlot.Options, index: number, idx: number | null): string {
  const value = options.series[index]?.value;
  if (typeof value !== "function") throw new Error("no legend value function");
  // uPlot passes null for the raw value while nothing is hovered, though its types say number.
  const raw = (idx === null ? null : (data[index]?.[idx] ?? null)) as number;
  return String(value(plot, raw, index, idx));
}

describe("chartOptions legend", () => {
  const options = optionsFor();

  it("shows each line's latest value while nothing is hovered, never a dash", () => {
    expect(legend(options, 0, null)).toBe(IDLE_TIME_LABEL);
    expect(legend(options, 1, null)).toBe("$30");
  });

  it("shows the hovered value, and says there is no data when the cursor is in a gap", () => {
    expect(legend(options, 0, 0)).toBe("t0");
    expect(legend(options, 1, 0)).toBe("$10");
    expect(legend(options, 1, 1)).toBe(NO_DATA);
  });

  it("shows a projection's value at the end, or the time it gets there, wherever the cursor is", () => {
    expect(legend(options, 2, 0)).toBe("$90");
    expect(legend(options, 3, 0)).toBe("t900");
    expect(legend(options, 3, null)).toBe("t900");
  });
});

describe("chartOptions lines", () => {
  it("breaks lines at gaps and gives a point between gaps a dot of its own", () => {
    const line = optionsFor().series[1];
    expect(line?.spanGaps).toBe(false);
    const filter = line?.points?.filter;
    if (typeof filter !== "function") throw new Error("no point filter");
    const u = {
      data: [
        [0, 60, 120, 180, 240],
        [null, 5, null, 7, 8],
      ],
    } as unknown as uPlot;
    expect(filter(u, 1, false)).toEqual([1]);
    expect(filter(u, 1, true)).toBeNull();
  });

  it("fills a band between two lines in its resolved colour", () => {
    expect(optionsFor({ bands: [{ upper: 3, lower: 2, fillVar: "--chart-band" }] }).bands).toEqual([
      { series: [3, 2], fill: "color(--chart-band)" },
    ]);
  });
});

describe("chartOptions zoom", () => {
  it("reports a drag across the plot as a window and clears the selection", () => {
    const windows: [number, number][] = [];
    const options = optionsFor({ onzoom: (from, to) => windows.push([from, to]) });
    expect(options.cursor?.drag).toMatchObject({ x: true, setScale: false });
    const selections: unknown[] = [];
    const u = {
      select: { left: 100, width: 200, top: 0, height: 150 },
      posToVal: (px: number) => px * 10,
      setSelect: (select: unknown) => selections.push(select),
    } as unknown as uPlot;
    for (const hook of [options.hooks?.setSelect ?? []].flat()) hook?.(u);
    expect(windows).toEqual([[1000, 3000]]);
    expect(selections).toEqual([{ left: 0, top: 0, width: 0, height: 0 }]);
  });

  it("does not drag without a zoom handler", () => {
    expect(optionsFor().cursor?.drag?.x).toBe(false);
  });
});
