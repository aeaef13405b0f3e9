import { describe, expect, it, vi } from "vitest";
import { byTestId, render } from "../helpers/render";
import TabBar from "$lib/tabs/TabBar.svelte";

describe("TabBar", () => {
  it("shows the overview first, then each tab, marking the active one", () => {
    render(TabBar, { tabs: [{ id: "jam-a", name: "Jam A" }, { id: "jam-b", name: null }], activeId: "jam-b", onclose: () => {} });
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
});
