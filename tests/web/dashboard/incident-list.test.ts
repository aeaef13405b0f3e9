import { describe, expect, it } from "vitest";
import IncidentList from "$lib/dashboard/IncidentList.svelte";
import { formatDateTime, formatFraction } from "$lib/format/format";
import { byTestId, render } from "../helpers/render";
import { makeIncident } from "../fixtures/dashboard-state";

const text = (element: Element | null | undefined) => element?.textContent?.replace(/\s+/g, " ").trim();

describe("IncidentList", () => {
  it("shows an open incident's root cause, confidence as a percentage, member series and times", () => {
    render(IncidentList, { incidents: [makeIncident()], stale: false });
    const item = byTestId("incident-incident-1");
    expect(text(item?.querySelector("[data-testid=incident-root-cause]"))).toBe("Token flood on gpt-large driving a cost spike");
    expect(text(item?.querySelector("[data-testid=incident-confidence]"))).toBe(`${formatFraction(0.82)} confidence`);
    expect(formatFraction(0.82)).toMatch(/82/);
    expect(text(item?.querySelector("[data-testid=incident-series]"))).toBe("tokens.rate, cost.spend");
    expect(item?.querySelector(".root")?.textContent).toBe("tokens.rate");
    expect(text(item?.querySelector(".times"))).toBe(
      `opened ${formatDateTime("2026-11-28T10:06:00Z")} · updated ${formatDateTime("2026-11-28T10:08:00Z")} · 2 alerts`,
    );
    expect(text(byTestId("open-incident-count"))).toBe("1");
  });

  it("lists open incidents apart from the recently resolved ones", () => {
    const resolved = makeIncident({
      id: "old",
      status: "resolved",
      root_cause: "Latency spike on the API",
      resolved_at: "2026-11-28T09:30:00Z",
      alert_ids: ["alert-9"],
    });
    render(IncidentList, { incidents: [makeIncident(), resolved], stale: false });
    expect(byTestId("open-incidents")?.querySelectorAll("li.incident")).toHaveLength(1);
    const resolvedList = byTestId("resolved-incidents");
    expect(resolvedList?.querySelectorAll("li.incident")).toHaveLength(1);
    expect(resolvedList?.textContent).toContain("Latency spike on the API");
    expect(text(resolvedList?.querySelector(".times"))).toContain(`resolved ${formatDateTime("2026-11-28T09:30:00Z")} · 1 alert`);
  });

  it("says when there is nothing to show, and when nothing is open", () => {
    render(IncidentList, { incidents: [], stale: false });
    expect(byTestId("incidents")?.textContent).toContain("No incidents in the last day.");
    render(IncidentList, { incidents: [makeIncident({ status: "resolved", resolved_at: "2026-11-28T10:30:00Z" })], stale: true });
    expect(byTestId("incidents")?.textContent).toContain("No open incidents.");
    expect(byTestId("incidents")?.getAttribute("data-stale")).toBe("true");
    expect(text(byTestId("open-incident-count"))).toBe("0");
  });
});
