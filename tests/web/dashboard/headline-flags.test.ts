import { describe, expect, it } from "vitest";
import HeadlineFigures from "$lib/dashboard/HeadlineFigures.svelte";
import { makeDashboardState } from "../fixtures/dashboard-state";
import { byTestId, render } from "../helpers/render";

const fresh = { cost: false, tasks: false, tokens: false, performance: false };
const base = makeDashboardState();
const figureOf = (testid: string) => byTestId(testid)?.closest(".figure");

describe("HeadlineFigures flags", () => {
  it("warns when the work is projected to finish after the end, and says by how much", () => {
    const tasks = { ...base.task_metrics, estimated_completion: "2026-11-29T14:00:00Z" };
    render(HeadlineFigures, { state: makeDashboardState({ task_metrics: tasks }), stale: fresh });
    expect(figureOf("eta")?.classList.contains("tone-warn")).toBe(true);
    expect(figureOf("eta")?.textContent).toContain("6 h after the end");
  });

  it("leaves an estimate before the end plain, saying how far before it", () => {
    render(HeadlineFigures, { state: base, stale: fresh });
    expect(figureOf("eta")?.classList.contains("tone-normal")).toBe(true);
    expect(figureOf("eta")?.textContent).toContain("6 h before the end");
  });

  it("colours a negative budget remaining and says by how much it is over", () => {
    const cost = { ...base.cost_metrics, current_spend: 1250, budget_remaining: -250 };
    render(HeadlineFigures, { state: makeDashboardState({ cost_metrics: cost }), stale: fresh });
    expect(figureOf("budget-remaining")?.classList.contains("tone-bad")).toBe(true);
    expect(figureOf("budget-remaining")?.textContent).toContain("over budget by $250.00");
  });

  it("says unpriced for a cost per token nothing could price, and how much of the tokens were priced", () => {
    const tokens = { ...base.token_metrics, cost_per_token: null, priced_share: 0 };
    render(HeadlineFigures, { state: makeDashboardState({ token_metrics: tokens }), stale: fresh });
    expect(byTestId("cost-per-token")?.textContent).toBe("unpriced");
    expect(figureOf("cost-per-token")?.textContent).toContain("0% of tokens priced");
    render(HeadlineFigures, { state: makeDashboardState({ token_metrics: { ...base.token_metrics, priced_share: 0.8 } }), stale: fresh });
    expect(figureOf("cost-per-token")?.textContent).toContain("80% of tokens priced");
  });
});
