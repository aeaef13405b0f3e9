import { describe, expect, it } from "vitest";
import OutlookPanel from "$lib/dashboard/OutlookPanel.svelte";
import { makeDashboardState, makeOutlook } from "../fixtures/dashboard-state";
import { byTestId, render } from "../helpers/render";

const fresh = { cost: false, tasks: false, tokens: false, performance: false };
const now = new Date("2026-11-28T10:00:00Z");

describe("OutlookPanel", () => {
  it("answers both questions in words, each line toned by its answer, under one verdict named in words", () => {
    const state = makeDashboardState({ outlook: makeOutlook({ verdict: "over_budget", finishes_before_end: true }) });
    render(OutlookPanel, { state, stale: fresh, now });
    expect(byTestId("outlook")?.getAttribute("data-verdict")).toBe("over_budget");
    expect(byTestId("outlook-verdict")?.textContent?.trim()).toMatch(/^!\s+Over budget$/);
    expect(byTestId("outlook-money")?.textContent).toMatch(/^Money runs out at .+ — 7\.3 h before the end — projected over by \$380\.00$/);
    expect(byTestId("outlook-money")?.getAttribute("data-tone")).toBe("bad");
    expect(byTestId("outlook-work")?.textContent).toMatch(/^Work done at .+ — 6 h before the end; critical path 12 h, 22 h left$/);
    expect(byTestId("outlook-work")?.getAttribute("data-tone")).toBe("good");
    expect(byTestId("outlook-band")?.textContent).toBe("Likely spend by the end: $1,200.00 to $1,560.00");
  });

  it("marks a line stale while its source is, and only that line", () => {
    render(OutlookPanel, { state: makeDashboardState(), stale: { ...fresh, tasks: true }, now });
    expect(byTestId("outlook-work")?.textContent).toContain("stale");
    expect(byTestId("outlook-work")?.classList.contains("stale")).toBe(true);
    expect(byTestId("outlook-money")?.textContent).not.toContain("stale");
  });

  it("says Unknown, in words, when neither question can be answered", () => {
    const outlook = makeOutlook({
      ends_at: null,
      hours_left: null,
      budget_exhausted_at: null,
      runs_out_before_end: null,
      projected_overrun: 0,
      work_complete_at: null,
      finishes_before_end: null,
      critical_path_hours: 0,
      verdict: "unknown",
    });
    const base = makeDashboardState();
    const state = makeDashboardState({
      ends_at: null,
      outlook,
      task_metrics: { ...base.task_metrics, total_tasks: 0, completed_tasks: 0 },
    });
    render(OutlookPanel, { state, stale: fresh, now });
    expect(byTestId("outlook-verdict")?.textContent?.trim()).toMatch(/^\?\s+Unknown$/);
    expect(byTestId("outlook-money")?.textContent).toContain("Nothing is being spent now");
    expect(byTestId("outlook-work")?.textContent).toBe("No tasks on the board yet: nothing to project");
    expect(byTestId("outlook-band")).toBeNull();
  });
});
