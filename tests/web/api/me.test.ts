import { describe, expect, it } from "vitest";
import { createApiClient } from "$lib/api/client";
import { getMe } from "$lib/api/me";

describe("who am I", () => {
  it("asks /api/me about the hackathon with the page's token and validates the answer", async () => {
    const seen: Array<{ url: string; authorization: string | null }> = [];
    const fetch: typeof globalThis.fetch = async (input, init) => {
      seen.push({ url: String(input), authorization: new Headers(init?.headers).get("authorization") });
      return new Response(JSON.stringify({ by: "operator token", email: null, role: "operator" }), { status: 200 });
    };
    const api = createApiClient({ token: "pwo_abc", fetch });
    await expect(getMe(api, "spring-jam")).resolves.toEqual({ by: "operator token", email: null, role: "operator" });
    expect(seen).toEqual([{ url: "/api/me?hackathon=spring-jam", authorization: "Bearer pwo_abc" }]);
  });
});
