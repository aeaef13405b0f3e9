import { describe, expect, it } from "vitest";
import ServiceBreakdown from "$lib/dashboard/ServiceBreakdown.svelte";
import { byTestId, render } from "../helpers/render";

const fresh = { cost: false, tokens: false };
const rowsOf = (testid: string) => [...(byTestId(testid)?.querySelectorAll("tbody tr") ?? [])].map((tr) => tr.textContent);

describe("ServiceBreakdown", () => {
  it("lists spend by service with each one's share, under the anchor the budget alert links to", () => {
    const spend = [
      { service: "Vertex AI", spend: 75 },
      { service: "(unattributed)", spend: 25 },
    ];
    render(ServiceBreakdown, { spend, tokens: [], currency: "EUR", stale: fresh });
    expect(document.getElementById("spend-by-service")?.getAttribute("data-testid")).toBe("spend-by-service");
    expect(rowsOf("spend-by-service-table")).toEqual(["Vertex AI€75.0075%", "(unattributed)€25.0025%"]);
    expect(byTestId("tokens-by-service")?.textContent).toContain("No service has sent tokens in the last hour");
  });

  it("lists tokens by service with their cost, unpriced when none of it could be priced", () => {
    const tokens = [
      { service: "team-7-chatbot", tokens: 12000, cost: 0.5 },
      { service: "team-2-agent", tokens: 800, cost: null },
    ];
    render(ServiceBreakdown, { spend: [], tokens, currency: "USD", stale: { cost: false, tokens: true } });
    expect(rowsOf("tokens-by-service-table")).toEqual(["team-7-chatbot12,000$0.50", "team-2-agent800unpriced"]);
    expect(byTestId("spend-by-service")?.textContent).toContain("No spend has been reported yet");
    expect(byTestId("tokens-by-service")?.classList.contains("stale-section")).toBe(true);
    expect(byTestId("spend-by-service")?.classList.contains("stale-section")).toBe(false);
  });
});
