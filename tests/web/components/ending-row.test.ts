import { describe, expect, it } from "vitest";
import { EndingRow } from "$lib/components/ending-row.svelte";

describe("EndingRow", () => {
  it("names the row while its end request runs, and no row once it is done", async () => {
    const ending = new EndingRow();
    let during: string | null = null;
    const failure = await ending.end("sil_1", async () => {
      during = ending.id;
    });
    expect(during).toBe("sil_1");
    expect(ending.id).toBeNull();
    expect(failure).toBeNull();
  });

  it("answers why the request failed, and frees the list for the next end", async () => {
    const ending = new EndingRow();
    const failure = await ending.end("mw_2", async () => {
      throw new Error("Admin token required");
    });
    expect(failure).toBe("Admin token required");
    expect(ending.id).toBeNull();
  });
});
