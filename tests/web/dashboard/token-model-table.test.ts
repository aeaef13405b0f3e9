import { describe, expect, it } from "vitest";
import { flushSync } from "svelte";
import TokenModelTable from "$lib/dashboard/TokenModelTable.svelte";
import { nameSegments, tokenModelRows } from "$lib/dashboard/token-table";
import { byTestId, render } from "../helpers/render";

const models = [
  { model: "gpt-4o-mini-2024-07-18", current_rate: 900, last_hour: 40_000, cost_last_hour: 1 },
  { model: "accounts/fireworks/models/llama-v3p1-70b", current_rate: 2000, last_hour: 80_000, cost_last_hour: null },
  { model: "claude-3-5-sonnet", current_rate: 300, last_hour: 10_000, cost_last_hour: 3 },
];

const table = () => byTestId("token-models");
const modelOrder = () => [...(table()?.querySelectorAll("tbody th") ?? [])].map((th) => th.textContent);
const header = (testid: string) => byTestId(testid)?.closest("th");

describe("tokenModelRows", () => {
  it("gives each priced model its share of the priced cost and its cost per 1K tokens, and none to an unpriced one", () => {
    const [mini, llama, sonnet] = tokenModelRows(models);
    expect(mini).toMatchObject({ cost: 1, share: 0.25, per1k: 0.025 });
    expect(llama).toMatchObject({ cost: null, share: null, per1k: null });
    expect(sonnet).toMatchObject({ cost: 3, share: 0.75, per1k: 0.3 });
  });

  it("gives no cost per 1K to a model without tokens in the last hour, and a 0 share when nothing cost anything", () => {
    const [idle] = tokenModelRows([{ model: "m", current_rate: 0, last_hour: 0, cost_last_hour: 0 }]);
    expect(idle).toMatchObject({ share: 0, per1k: null });
  });
});

describe("nameSegments", () => {
  it("cuts a model name after its separators only", () => {
    expect(nameSegments("claude-3-5-sonnet")).toEqual(["claude-", "3-", "5-", "sonnet"]);
    expect(nameSegments("accounts/fireworks/models/llama-v3p1")).toEqual(["accounts/", "fireworks/", "models/", "llama-", "v3p1"]);
    expect(nameSegments("o1")).toEqual(["o1"]);
  });
});

describe("TokenModelTable", () => {
  it("shows the costliest model first, says unpriced for a cost the price table cannot give, and keeps the full name in a title", () => {
    render(TokenModelTable, { models, currency: "USD" });
    expect(modelOrder()).toEqual(["claude-3-5-sonnet", "gpt-4o-mini-2024-07-18", "accounts/fireworks/models/llama-v3p1-70b"]);
    const rows = [...(table()?.querySelectorAll("tbody tr") ?? [])];
    expect(rows[0]?.textContent).toContain("$3.00");
    expect(rows[0]?.textContent).toContain("75%");
    expect(rows[0]?.textContent).toContain("$0.30");
    expect(rows[2]?.textContent).toContain("unpriced");
    expect(rows[2]?.textContent).not.toContain("$");
    const name = rows[2]?.querySelector(".name");
    expect(name?.getAttribute("title")).toBe("accounts/fireworks/models/llama-v3p1-70b");
    expect(name?.querySelectorAll("wbr")).toHaveLength(6);
    expect(header("sort-cost")?.getAttribute("aria-sort")).toBe("descending");
    expect(header("sort-model")?.getAttribute("aria-sort")).toBe("none");
  });

  it("sorts by a column from its header button, flipping on a second press", () => {
    render(TokenModelTable, { models, currency: "USD" });
    const sortBy = (testid: string) => {
      (byTestId(testid) as HTMLButtonElement).click();
      flushSync();
    };
    sortBy("sort-lastHour");
    expect(modelOrder()[0]).toBe("accounts/fireworks/models/llama-v3p1-70b");
    expect(header("sort-lastHour")?.getAttribute("aria-sort")).toBe("descending");
    expect(header("sort-cost")?.getAttribute("aria-sort")).toBe("none");
    sortBy("sort-lastHour");
    expect(modelOrder()[0]).toBe("claude-3-5-sonnet");
    expect(header("sort-lastHour")?.getAttribute("aria-sort")).toBe("ascending");
    sortBy("sort-model");
    expect(modelOrder()).toEqual(["accounts/fireworks/models/llama-v3p1-70b", "claude-3-5-sonnet", "gpt-4o-mini-2024-07-18"]);
    // The sort controls are buttons, so the keyboard reaches and presses them.
    expect(byTestId("sort-model")?.tagName).toBe("BUTTON");
  });
});
