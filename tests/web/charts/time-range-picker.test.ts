import { describe, expect, it } from "vitest";
import TimeRangePicker from "$lib/charts/TimeRangePicker.svelte";
import { type ChartRange, zoomRange } from "$lib/charts/time-range";
import { byTestId, render } from "../helpers/render";

const pressed = () => [...document.querySelectorAll('[aria-pressed="true"]')].map((button) => button.getAttribute("data-range"));

describe("TimeRangePicker", () => {
  it("marks the chosen preset and offers no reset while not zoomed", () => {
    render(TimeRangePicker, { value: "6h", onchange: () => {} });
    expect(pressed()).toEqual(["6h"]);
    expect(byTestId("reset-zoom")).toBeNull();
  });

  it("while zoomed, presses no preset and resets to the one the zoom was made from", () => {
    const chosen: ChartRange[] = [];
    render(TimeRangePicker, { value: zoomRange(0, 3600, "24h"), onchange: (range) => chosen.push(range) });
    expect(pressed()).toEqual([]);
    expect(byTestId("zoom")?.textContent).toContain("Zoomed to");
    (byTestId("reset-zoom") as HTMLButtonElement).click();
    expect(chosen).toEqual(["24h"]);
  });
});
