import { describe, expect, it } from "vitest";
import { pollGithubIssues } from "../../../worker/src/pollers/github-issues";
import { fakeProvider } from "../../fixtures/fake-providers/client";
import type { FakeIssue } from "../../fixtures/fake-providers/github";
import { pollContext, pollError } from "./poll-context";

const TOKEN = "ghp_testtoken0123456789abcdef";

function issue(number: number, extra: Partial<FakeIssue> = {}): FakeIssue {
  return {
    number,
    title: `Issue ${number}`,
    state: "open",
    labels: [],
    assignee: null,
    body: null,
    updated_at: `2026-11-27T10:0${number % 10}:00Z`,
    ...extra,
  };
}

async function repo(issues: FakeIssue[], extra = {}) {
  const fake = await fakeProvider("github", { issues, pageSize: 2, ...extra });
  const config = { kind: "github-issues" as const, api_base_url: fake.baseUrl, repo: "acme/app", token: TOKEN };
  return { fake, config };
}

describe("pollGithubIssues", () => {
  it("follows Link rel=next across three pages and maps every issue to a task event", async () => {
    const { fake, config } = await repo([1, 2, 3, 4, 5].map((n) => issue(n)));
    const result = await pollGithubIssues(config, pollContext("tasks"));
    expect(result.events.map((e) => e.type === "task" && e.task.id)).toEqual(["#1", "#2", "#3", "#4", "#5"]);
    const requests = await fake.requests();
    expect(requests.map((r) => r.url)).toEqual([
      "/repos/acme/app/issues?state=all&per_page=100",
      "/repos/acme/app/issues?state=all&per_page=100&page=2",
      "/repos/acme/app/issues?state=all&per_page=100&page=3",
    ]);
  });

  it("sends GitHub's Accept, API version, User-Agent and the bearer token", async () => {
    const { fake, config } = await repo([issue(1)]);
    await pollGithubIssues(config, pollContext("tasks"));
    const [request] = await fake.requests();
    expect(request?.headers).toMatchObject({
      accept: "application/vnd.github+json",
      "x-github-api-version": "2022-11-28",
      "user-agent": "pitwall-poller",
      authorization: `Bearer ${TOKEN}`,
    });
  });

  it("sends no Authorization header when no token is configured", async () => {
    const { fake, config } = await repo([issue(1)]);
    await pollGithubIssues({ ...config, token: undefined }, pollContext("tasks"));
    const [request] = await fake.requests();
    expect(request?.headers.authorization).toBeUndefined();
  });

  it("asks GitHub for the configured labels and milestone only", async () => {
    const { fake, config } = await repo([
      issue(1, { labels: [{ name: "hackathon" }, { name: "api" }], milestone: { number: 3 } }),
      issue(2, { labels: [{ name: "hackathon" }], milestone: { number: 3 } }),
      issue(3, { labels: [{ name: "hackathon" }, { name: "api" }], milestone: { number: 4 } }),
    ]);
    const result = await pollGithubIssues({ ...config, labels: ["hackathon", "api"], milestone: "3" }, pollContext("tasks"));
    expect(result.events.map((e) => e.type === "task" && e.task.id)).toEqual(["#1"]);
    const [request] = await fake.requests();
    expect(request?.url).toBe("/repos/acme/app/issues?state=all&per_page=100&labels=hackathon%2Capi&milestone=3");
  });

  it("skips pull requests, which the issues list includes", async () => {
    const { config } = await repo([
      issue(1),
      issue(2, { pull_request: { url: "https://api.github.com/repos/acme/app/pulls/2" } }),
      issue(3),
    ]);
    const result = await pollGithubIssues(config, pollContext("tasks"));
    expect(result.events.map((e) => e.type === "task" && e.task.id)).toEqual(["#1", "#3"]);
  });

  it("reports the completed weight (closed issues) as the truth, current as of now", async () => {
    const { config } = await repo([
      issue(1, { state: "closed", labels: [{ name: "points:3" }] }),
      issue(2, { state: "closed" }),
      issue(3, { labels: [{ name: "points:5" }] }),
    ]);
    const ctx = pollContext("tasks");
    const result = await pollGithubIssues(config, ctx);
    expect(result.truth).toEqual({ value: 4, dataUntil: ctx.now });
  });

  it("revalidates every page with If-None-Match and reuses the cached mapping on 304", async () => {
    const { fake, config } = await repo([1, 2, 3, 4, 5].map((n) => issue(n, { state: n < 3 ? "closed" : "open" })));
    const ctx = pollContext("tasks");
    const first = await pollGithubIssues(config, ctx);
    const second = await pollGithubIssues(config, { ...ctx, now: ctx.now + 60_000 });
    expect(second.events).toEqual(first.events);
    expect(second.truth).toEqual({ value: 2, dataUntil: ctx.now + 60_000 });
    const requests = await fake.requests();
    const etags = requests.slice(3).map((r) => r.headers["if-none-match"]);
    expect(etags).toHaveLength(3);
    expect(etags.every((e) => e?.startsWith('W/"'))).toBe(true);
    expect(requests.slice(3).every((r) => r.headers.authorization === `Bearer ${TOKEN}`)).toBe(true);
  });

  it("picks up a changed page after a run of 304s, with a new event id for the changed issue", async () => {
    const issues = [1, 2, 3].map((n) => issue(n));
    const { fake, config } = await repo(issues);
    const ctx = pollContext("tasks");
    await pollGithubIssues(config, ctx);
    await fake.update({ state: { issues: [issues[0]!, issues[1]!, issue(3, { state: "closed", updated_at: "2026-11-27T11:00:00Z" })] } });
    const result = await pollGithubIssues(config, ctx);
    expect(result.events.map((e) => e.id)).toEqual([
      "gh-issue-1-2026-11-27T10:01:00Z",
      "gh-issue-2-2026-11-27T10:02:00Z",
      "gh-issue-3-2026-11-27T11:00:00Z",
    ]);
    expect(result.truth?.value).toBe(1);
  });

  it("fails with the wait until x-ratelimit-reset when no requests remain", async () => {
    const { fake, config } = await repo([issue(1)]);
    const ctx = pollContext("tasks");
    const reset = Math.floor(ctx.now / 1000) + 120;
    await fake.fail({
      status: 403,
      headers: { "x-ratelimit-remaining": "0", "x-ratelimit-reset": String(reset) },
      body: { message: "API rate limit exceeded" },
    });
    const err = await pollError(pollGithubIssues(config, ctx));
    expect(err.message).toBe("GitHub rate limit exhausted");
    expect(err.retryAfterMs).toBe(reset * 1000 - ctx.now);
  });

  it("stops before the next page when the last response used up the rate limit", async () => {
    const ctx = pollContext("tasks");
    const reset = Math.floor(ctx.now / 1000) + 300;
    const { fake, config } = await repo(
      [1, 2, 3].map((n) => issue(n)),
      { rateLimitRemaining: 0, rateLimitReset: reset },
    );
    const err = await pollError(pollGithubIssues(config, ctx));
    expect(err.retryAfterMs).toBe(reset * 1000 - ctx.now);
    expect(await fake.requests()).toHaveLength(1);
  });

  it("fails with retry-after's delay on a 429", async () => {
    const { fake, config } = await repo([issue(1)]);
    await fake.fail({ status: 429, headers: { "retry-after": "30" }, body: { message: "You have exceeded a secondary rate limit." } });
    const err = await pollError(pollGithubIssues(config, pollContext("tasks")));
    expect(err.message).toBe("GitHub answered HTTP 429 (rate limited)");
    expect(err.retryAfterMs).toBe(30_000);
  });

  it("fails with retry-after's delay on a secondary-limit 403", async () => {
    const { fake, config } = await repo([issue(1)]);
    await fake.fail({ status: 403, headers: { "retry-after": "60" }, body: { message: "You have exceeded a secondary rate limit." } });
    const err = await pollError(pollGithubIssues(config, pollContext("tasks")));
    expect(err.retryAfterMs).toBe(60_000);
  });

  it("rejects a body that is not JSON", async () => {
    const { fake, config } = await repo([issue(1)]);
    await fake.fail({ status: 200, body: "<html>unicorn</html>" });
    const err = await pollError(pollGithubIssues(config, pollContext("tasks")));
    expect(err.message).toBe("GitHub answered 200 with malformed JSON");
  });

  it("rejects a list whose items lack the documented issue fields", async () => {
    const { fake, config } = await repo([issue(1)]);
    await fake.fail({ status: 200, body: [{ number: 1, title: "no updated_at" }] });
    const err = await pollError(pollGithubIssues(config, pollContext("tasks")));
    expect(err.message).toBe("GitHub answered in an unexpected shape (0.updated_at: Invalid input: expected string, received undefined)");
  });

  it("never puts the token in an error message, even when GitHub echoes it", async () => {
    const { fake, config } = await repo([issue(1)]);
    await fake.fail({ status: 401, body: { message: `Bad credentials for ${TOKEN}` } });
    const err = await pollError(pollGithubIssues(config, pollContext("tasks")));
    expect(err.message).toBe("GitHub answered HTTP 401 (credentials refused)");
    expect(err.message).not.toContain(TOKEN);
  });
});
