import { describe, expect, it } from "vitest";
import AlertItem from "$lib/dashboard/AlertItem.svelte";
import { actionTarget } from "$lib/dashboard/action-links";
import { makeAlert } from "../fixtures/dashboard-state";
import { render } from "../helpers/render";

describe("actionTarget", () => {
  it("points the spend actions at spend by service and the model caps at tokens by model", () => {
    expect(actionTarget("Review the top services by spend")).toBe("#spend-by-service");
    expect(actionTarget("Check the spike in the billed services")).toBe("#spend-by-service");
    expect(actionTarget("Check the spike in service Vertex AI (SKU abc)")).toBe("#spend-by-service");
    expect(actionTarget("Cap model gpt-4o: set a per-minute token limit for it")).toBe("#token-models");
    expect(actionTarget("Cap the busiest model: set a per-minute token limit")).toBe("#token-models");
  });

  it("leaves actions the dashboard has no panel for as text", () => {
    expect(actionTarget("Shut down idle resources")).toBeNull();
    expect(actionTarget("Warn the teams spending fastest")).toBeNull();
  });
});

describe("AlertItem actions", () => {
  it("links an action to the panel where it is carried out, and leaves the others as text", () => {
    const alert = makeAlert({ recommended_actions: ["Review the top services by spend", "Shut down idle resources"] });
    render(AlertItem, { alert });
    const items = [...document.querySelectorAll('[aria-label="Recommended actions"] li')];
    expect(items[0]?.querySelector("a")?.getAttribute("href")).toBe("#spend-by-service");
    expect(items[0]?.textContent).toBe("Review the top services by spend");
    expect(items[1]?.querySelector("a")).toBeNull();
  });
});
