import { describe, expect, it } from "vitest";
import { GapsResponseSchema } from "$contract";
import { createApiClient } from "$lib/api/client";
import { getGaps } from "$lib/api/gaps";
import CriticalPathPanel from "$lib/dashboard/CriticalPathPanel.svelte";
import TokenModelTable from "$lib/dashboard/TokenModelTable.svelte";
import { byTestId, render } from "../helpers/render";

const gaps = GapsResponseSchema.parse({
  critical_path: { task_ids: ["c", "d", "e"], hours: 8.5 },
  gaps: [
    { task_id: "c", title: "Database", status: "blocked", impact_hours: 8.5, blocked_by: ["b"], recommended_action: 'Finish "B" first' },
  ],
  cycles: [["x", "y"]],
  unknown_dependencies: [],
});

describe("CriticalPathPanel", () => {
  it("shows the path's hours and length, each blocked task with its impact and action, and cycles", () => {
    render(CriticalPathPanel, { gaps, error: null });
    expect(byTestId("critical-path-summary")?.textContent).toMatch(/8\.5 h of work in\s+3\s+tasks/);
    const gap = byTestId("critical-path-gaps")?.textContent ?? "";
    expect(gap).toContain("Database");
    expect(gap).toContain("holds up 8.5 h");
    expect(gap).toContain("Waits on b");
    expect(gap).toContain('Finish "B" first');
    expect(byTestId("critical-path-cycles")?.textContent).toContain("x → y → x");
  });

  it("compares the path with the time left: a warning when it is longer, a plain note when it fits", () => {
    render(CriticalPathPanel, { gaps, error: null, hoursLeft: 6 });
    const verdict = byTestId("critical-path-vs-end");
    expect(verdict?.getAttribute("data-fits")).toBe("false");
    expect(verdict?.classList.contains("bad")).toBe(true);
    expect(verdict?.textContent).toContain("Longer than the 6 h left");
    render(CriticalPathPanel, { gaps, error: null, hoursLeft: 21.6 });
    expect(byTestId("critical-path-vs-end")?.getAttribute("data-fits")).toBe("true");
    expect(byTestId("critical-path-vs-end")?.textContent).toContain("Fits in the 21.6 h left");
    render(CriticalPathPanel, { gaps, error: null, hoursLeft: 0 });
    expect(byTestId("critical-path-vs-end")?.textContent).toContain("The end has passed with 8.5 h of the path still to do");
    render(CriticalPathPanel, { gaps, error: null, hoursLeft: null });
    expect(byTestId("critical-path-vs-end")).toBeNull();
  });

  it("says when nothing is left and when the read failed", () => {
    render(CriticalPathPanel, { gaps: { ...gaps, critical_path: { task_ids: [], hours: 0 }, gaps: [], cycles: [] }, error: "offline" });
    expect(byTestId("critical-path")?.textContent).toContain("Nothing left on the critical path");
    expect(byTestId("critical-path")?.textContent).toContain("Could not read the critical path (offline)");
  });

  it("reads /gaps through the contract and rejects an answer that does not fit it", async () => {
    const ok: typeof fetch = async () => new Response(JSON.stringify(gaps));
    expect((await getGaps(createApiClient({ token: "t", fetch: ok }), "jam")).critical_path.hours).toBe(8.5);
    const bad: typeof fetch = async () => new Response(JSON.stringify({ critical_path: {} }));
    await expect(getGaps(createApiClient({ token: "t", fetch: bad }), "jam")).rejects.toThrow(/Unexpected answer/);
  });
});

describe("TokenModelTable", () => {
  it("lists each model's rate, last hour and cost in the hackathon's currency", () => {
    render(TokenModelTable, {
      models: [{ model: "claude-x", current_rate: 1200, last_hour: 54000, cost_last_hour: 3.5 }],
      currency: "EUR",
    });
    const row = document.querySelector('[data-testid="token-models"] tbody tr')?.textContent ?? "";
    expect(row).toContain("claude-x");
    expect(row).toContain("1,200");
    expect(row).toContain("54,000");
    expect(row).toContain("€3.50");
  });

  it("says so when no model reported tokens", () => {
    render(TokenModelTable, { models: [], currency: "USD" });
    expect(byTestId("token-models")?.textContent).toContain("No model has reported tokens");
  });
});
