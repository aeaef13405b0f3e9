import { describe, expect, it } from "vitest";
import { githubHeaders, nextLink, rateLimitWaitMs } from "../../../../worker/src/integrations/github/rest";

const NOW = Date.parse("2026-11-27T12:00:00Z");

describe("nextLink", () => {
  it("finds rel=next among GitHub's first/prev/next/last links", () => {
    const page = (n: number) => `<https://api.github.com/repositories/1/issues?page=${n}>`;
    const header = `${page(1)}; rel="prev", ${page(3)}; rel="next", ${page(9)}; rel="last"`;
    expect(nextLink(header)).toBe("https://api.github.com/repositories/1/issues?page=3");
  });

  it("is null on the last page or without a Link header", () => {
    expect(nextLink('<https://api.github.com/x?page=1>; rel="first", <https://api.github.com/x?page=2>; rel="prev"')).toBeNull();
    expect(nextLink(null)).toBeNull();
  });
});

describe("rateLimitWaitMs", () => {
  it("waits until x-ratelimit-reset once no requests remain", () => {
    const headers = new Headers({ "x-ratelimit-remaining": "0", "x-ratelimit-reset": String(NOW / 1000 + 90) });
    expect(rateLimitWaitMs(headers, NOW)).toBe(90_000);
  });

  it("does not wait while requests remain", () => {
    expect(rateLimitWaitMs(new Headers({ "x-ratelimit-remaining": "1", "x-ratelimit-reset": "1" }), NOW)).toBeUndefined();
  });

  it("waits a minute when the reset time is missing, as GitHub advises", () => {
    expect(rateLimitWaitMs(new Headers({ "x-ratelimit-remaining": "0" }), NOW)).toBe(60_000);
  });
});

describe("githubHeaders", () => {
  it("sends the token as a bearer only when configured", () => {
    expect(githubHeaders(undefined)).not.toHaveProperty("Authorization");
    expect(githubHeaders("ghp_x")).toMatchObject({ Authorization: "Bearer ghp_x" });
  });
});
