import { describe, expect, it } from "vitest";
import type { ComponentProps } from "svelte";
import { byTestId, render } from "../helpers/render";
import ConnectionBanner from "$lib/dashboard/ConnectionBanner.svelte";
import HeadlineFigures from "$lib/dashboard/HeadlineFigures.svelte";
import { makeDashboardState } from "../fixtures/dashboard-state";

const renderFigures = (props: ComponentProps<typeof HeadlineFigures>) => render(HeadlineFigures, props);

const renderBanner = (props: ComponentProps<typeof ConnectionBanner>) => render(ConnectionBanner, props);

const fresh = { cost: false, tasks: false, tokens: false, performance: false };

describe("HeadlineFigures", () => {
  it("shows the headline figures in the hackathon's currency", () => {
    renderFigures({ state: makeDashboardState({ currency: "EUR" }), stale: fresh });
    expect(byTestId("current-spend")?.textContent).toContain("€");
    expect(byTestId("current-spend")?.textContent).toContain("120");
    expect(byTestId("percent-complete")?.textContent).toContain("30");
    expect(byTestId("flood-flag")?.textContent).toBe("Normal");
    expect(document.querySelectorAll("[data-stale=true]")).toHaveLength(0);
  });

  it("marks the figures of stale sources and only those", () => {
    renderFigures({ state: makeDashboardState(), stale: { ...fresh, cost: true } });
    const spend = byTestId("current-spend")?.closest(".figure");
    expect(spend?.getAttribute("data-stale")).toBe("true");
    expect(spend?.textContent).toContain("stale");
    expect(byTestId("percent-complete")?.closest(".figure")?.getAttribute("data-stale")).toBe("false");
  });

  it("shows Google's own budget verdict beside Pitwall's once a notification has come, and nothing before", () => {
    renderFigures({ state: makeDashboardState(), stale: fresh });
    expect(byTestId("provider-budget")).toBeNull();
    const provider_budget = {
      source: "gcp-billing" as const,
      display_name: "Hack budget",
      budget_amount: 500,
      alert_threshold_exceeded: 0.5,
      forecast_threshold_exceeded: 1,
      updated_at: "2026-11-28T10:00:00.000Z",
    };
    renderFigures({ state: makeDashboardState({ provider_budget }), stale: fresh });
    const figure = byTestId("provider-budget")?.closest(".figure");
    expect(byTestId("provider-budget")?.textContent).toBe("50% crossed");
    expect(figure?.textContent).toContain("Hack budget");
    expect(figure?.textContent).toContain("forecast 100%");
  });
});

describe("ConnectionBanner", () => {
  it("says when the figures date from and that it is reconnecting", () => {
    const asOf = new Date("2026-11-28T10:05:09Z");
    renderBanner({ status: "reconnecting", asOf, serverStale: false });
    const banner = byTestId("connection-status");
    expect(banner?.getAttribute("role")).toBe("status");
    expect(banner?.getAttribute("data-status")).toBe("reconnecting");
    expect(banner?.textContent).toMatch(/Disconnected — data as of .+, reconnecting…/);
    expect(banner?.textContent).toContain(asOf.toLocaleTimeString(undefined, { timeStyle: "medium" }));
  });

  it("says live when the socket is open, and warns about degraded sources", () => {
    renderBanner({ status: "open", asOf: new Date(), serverStale: true });
    expect(byTestId("connection-status")?.textContent).toMatch(/Live — some sources are degraded/);
  });
});
