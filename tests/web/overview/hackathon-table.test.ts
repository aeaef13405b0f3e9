import { describe, expect, it } from "vitest";
import { flushSync } from "svelte";
import { render } from "../helpers/render";
import type { HackathonSummary } from "$contract";
import HackathonTable from "$lib/overview/HackathonTable.svelte";
import { makeSummary } from "../fixtures/hackathon-summary";

const renderTable = (hackathons: HackathonSummary[], stale = false) => render(HackathonTable, { hackathons, stale });

describe("HackathonTable", () => {
  it("shows one row per hackathon with its figures, linking to its dashboard", () => {
    renderTable([makeSummary("jam-one"), makeSummary("jam-two", { open_alerts: { info: 0, warning: 0, critical: 0 } })]);
    const row = document.querySelector('[data-testid="hackathon-row-jam-one"]');
    expect(row?.querySelector("a")?.getAttribute("href")).toBe("/h/jam-one");
    const text = row?.textContent ?? "";
    expect(text).toContain("£1,700.00");
    expect(text).toContain("85%");
    expect(text).toContain("2 critical");
    expect(text).toContain("tokens: degraded");
    const quiet = document.querySelector('[data-testid="hackathon-row-jam-two"] [data-testid="open-alerts"]');
    expect(quiet?.textContent?.trim()).toBe("none");
  });

  it("colours the budget column once the warning threshold is crossed", () => {
    renderTable([makeSummary("jam-one"), makeSummary("jam-low", { budget_used: 0.1 })]);
    const used = (id: string) => document.querySelector(`[data-testid="hackathon-row-${id}"] td.num:nth-of-type(3)`);
    expect(used("jam-one")?.classList.contains("warn")).toBe(true);
    expect(used("jam-one")?.classList.contains("bad")).toBe(false);
    expect(used("jam-low")?.classList.contains("warn")).toBe(false);
  });

  it("marks the whole table stale when the last refresh failed", () => {
    renderTable([makeSummary("jam-one")], true);
    expect(document.querySelector('[data-testid="hackathon-table"]')?.getAttribute("data-stale")).toBe("true");
  });

  const rowIds = () =>
    [...document.querySelectorAll("tbody tr[data-testid]")].map((row) => row.getAttribute("data-testid")?.replace("hackathon-row-", ""));
  const header = (key: string) => document.querySelector<HTMLButtonElement>(`[data-testid="sort-${key}"]`);

  it("sorts by a column header, flipping direction on a second click, and says so with aria-sort", () => {
    renderTable([
      makeSummary("b-jam", { current_spend: 10 }),
      makeSummary("a-jam", { current_spend: 30 }),
      makeSummary("c-jam", { current_spend: 20 }),
    ]);
    expect(rowIds()).toEqual(["a-jam", "b-jam", "c-jam"]);
    expect(header("name")?.closest("th")?.getAttribute("aria-sort")).toBe("ascending");
    header("spend")?.click();
    flushSync();
    expect(rowIds()).toEqual(["a-jam", "c-jam", "b-jam"]);
    expect(header("spend")?.closest("th")?.getAttribute("aria-sort")).toBe("descending");
    expect(header("name")?.closest("th")?.hasAttribute("aria-sort")).toBe(false);
    header("spend")?.click();
    flushSync();
    expect(rowIds()).toEqual(["b-jam", "c-jam", "a-jam"]);
    expect(header("spend")?.closest("th")?.getAttribute("aria-sort")).toBe("ascending");
  });

  it("filters the rows by status", () => {
    renderTable([makeSummary("live-jam"), makeSummary("done-jam", {}, "completed")]);
    const select = document.querySelector<HTMLSelectElement>('[data-testid="status-filter"]');
    if (!select) throw new Error("no status filter");
    const choose = (status: string) => {
      for (const option of select.options) option.selected = option.value === status;
      select.dispatchEvent(new Event("change", { bubbles: true }));
    };
    choose("completed");
    flushSync();
    expect(rowIds()).toEqual(["done-jam"]);
    choose("paused");
    flushSync();
    expect(rowIds()).toEqual([]);
    expect(document.querySelector("tbody")?.textContent).toContain("No paused hackathons");
  });
});
