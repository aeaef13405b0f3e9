import { describe, expect, it } from "vitest";
import { tabSummary } from "$lib/tabs/tab-summary";
import { makeAlert, makeDashboardState } from "../fixtures/dashboard-state";

describe("tabSummary", () => {
  it("counts open alerts that are not silenced and names the worst severity", () => {
    const state = makeDashboardState({
      alerts: [
        makeAlert({ id: "a1", severity: "warning" }),
        makeAlert({ id: "a2", severity: "critical", silenced_by: "silence-1" }),
        makeAlert({ id: "a3", severity: "info" }),
      ],
    });
    const summary = tabSummary(state, "open");
    expect(summary).toMatchObject({ alerts: 2, worst: "warning", live: true });
    expect(summary?.detail).toBe(`2 open alerts, ${Math.round(state.task_metrics.percent_complete)}% complete`);
  });

  it("says when the figures may be behind, and knows nothing before the first state", () => {
    const summary = tabSummary(makeDashboardState({ alerts: [makeAlert({ severity: "critical" })] }), "reconnecting");
    expect(summary).toMatchObject({ alerts: 1, worst: "critical", live: false });
    expect(summary?.detail).toContain("not live");
    expect(tabSummary(null, "open")).toBeNull();
  });
});
