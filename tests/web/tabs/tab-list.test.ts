import { beforeEach, describe, expect, it } from "vitest";
import { closeTab, openTab, restoreTabs, saveTabs, tabAfterClosing, TABS_STORAGE_KEY } from "$lib/tabs/tab-list";
import { OpenTabs } from "$lib/tabs/open-tabs.svelte";

beforeEach(() => localStorage.clear());

describe("tab list", () => {
  it("opens a hackathon at the end and never twice", () => {
    let tabs = openTab([], "jam-a");
    tabs = openTab(tabs, "jam-b");
    tabs = openTab(tabs, "jam-a");
    expect(tabs.map((t) => t.id)).toEqual(["jam-a", "jam-b"]);
  });

  it("names an open tab when its name becomes known, keeping its place", () => {
    const tabs = openTab(openTab(openTab([], "jam-a"), "jam-b"), "jam-a", "Jam A");
    expect(tabs).toEqual([
      { id: "jam-a", name: "Jam A" },
      { id: "jam-b", name: null },
    ]);
  });

  it("closes a tab and picks the neighbour to show next", () => {
    const tabs = ["a", "b", "c"].reduce((list, id) => openTab(list, id), [] as ReturnType<typeof openTab>);
    expect(closeTab(tabs, "b").map((t) => t.id)).toEqual(["a", "c"]);
    expect(tabAfterClosing(tabs, "b")).toBe("c");
    expect(tabAfterClosing(tabs, "c")).toBe("b");
    expect(tabAfterClosing([{ id: "a", name: null }], "a")).toBeNull();
  });

  it("restores what was saved and survives malformed or duplicated storage", () => {
    saveTabs(localStorage, [
      { id: "jam-a", name: "Jam A" },
      { id: "jam-b", name: null },
    ]);
    expect(restoreTabs(localStorage)).toEqual([
      { id: "jam-a", name: "Jam A" },
      { id: "jam-b", name: null },
    ]);
    localStorage.setItem(TABS_STORAGE_KEY, JSON.stringify([{ id: "x" }, { id: "x", name: "X" }, 7, { id: "" }, null]));
    expect(restoreTabs(localStorage)).toEqual([{ id: "x", name: null }]);
    localStorage.setItem(TABS_STORAGE_KEY, "{not json");
    expect(restoreTabs(localStorage)).toEqual([]);
  });
});

describe("OpenTabs", () => {
  it("persists every change so a reload restores the same tabs", () => {
    const tabs = new OpenTabs(localStorage);
    tabs.open("jam-a");
    tabs.open("jam-b");
    tabs.rename("jam-b", "Jam B");
    expect(new OpenTabs(localStorage).list).toEqual([
      { id: "jam-a", name: null },
      { id: "jam-b", name: "Jam B" },
    ]);
    expect(tabs.close("jam-a")).toBe("jam-b");
    expect(new OpenTabs(localStorage).list.map((t) => t.id)).toEqual(["jam-b"]);
  });

  it("keeps working when storage refuses writes", () => {
    const broken = {
      getItem: () => null,
      setItem: () => {
        throw new Error("quota");
      },
    } as unknown as Storage;
    const tabs = new OpenTabs(broken);
    tabs.open("jam-a");
    expect(tabs.list.map((t) => t.id)).toEqual(["jam-a"]);
  });
});
