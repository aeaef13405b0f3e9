import { describe, expect, it, vi } from "vitest";
import { byTestId, render } from "../helpers/render";
import TabBar from "$lib/tabs/TabBar.svelte";

describe("TabBar", () => {
  it("shows the overview first, then each tab, marking the active one", () => {
    render(TabBar, {
      tabs: [
        { id: "jam-a", name: "Jam A" },
        { id: "jam-b", name: null },
      ],
      activeId: "jam-b",
      onclose: () => {},
    });
    const links = [...document.querySelectorAll("nav a")];
    expect(links.map((a) => a.textContent)).toEqual(["Overview", "Jam A", "jam-b"]);
    expect(links.map((a) => a.getAttribute("aria-current"))).toEqual([null, null, "page"]);
    expect(links[1]?.getAttribute("href")).toBe("/h/jam-a");
  });

  it("closes a tab with a labelled button", () => {
    const onclose = vi.fn();
    render(TabBar, { tabs: [{ id: "jam-a", name: "Jam A" }], activeId: null, onclose });
    expect(byTestId("tab-overview")?.getAttribute("aria-current")).toBe("page");
    const close = document.querySelector<HTMLButtonElement>('button[aria-label="Close tab Jam A"]');
    close?.click();
    expect(onclose).toHaveBeenCalledWith("jam-a");
  });

  it("shows a background tab's live alert count and whether it is live, never on the active tab", () => {
    const summary = (id: string) =>
      id === "jam-a"
        ? { alerts: 2, worst: "critical" as const, live: false, detail: "2 open alerts, 40% complete (not live: reconnecting)" }
        : { alerts: 0, worst: null, live: true, detail: "0 open alerts, 10% complete" };
    render(TabBar, {
      tabs: [
        { id: "jam-a", name: "Jam A" },
        { id: "jam-b", name: "Jam B" },
      ],
      activeId: "jam-b",
      onclose: () => {},
      summary,
    });
    const badge = byTestId("tab-live-jam-a");
    expect(badge?.getAttribute("data-alerts")).toBe("2");
    expect(badge?.getAttribute("data-worst")).toBe("critical");
    expect(badge?.getAttribute("data-live")).toBe("false");
    expect(badge?.textContent).toContain("2 open alerts");
    expect(byTestId("tab-live-jam-b")).toBeNull();
  });
});
