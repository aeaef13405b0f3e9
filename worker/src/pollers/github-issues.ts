import { z } from "zod";
import type { GithubIssuesPollSchema, TaskEvent } from "../contract";
import { GithubIssueSchema, issueToTaskEvent } from "../integrations/github/issue-to-task";
import { GITHUB_API, githubHeaders, nextLink, rateLimitWaitMs } from "../integrations/github/rest";
import { failFor, PollError, readJson, send, type ProviderCall } from "../outbound/provider-call";
import type { PollAdapter } from "./types";

type GithubIssuesPoll = z.infer<typeof GithubIssuesPollSchema>;

/** What a page looked like last time, so a 304 can stand in for it. */
type CachedPage = { etag: string; next: string | null; events: TaskEvent[] };
type PageCache = Record<string, CachedPage>;

const CACHE_KEY = "github-issues:pages";
// 50 pages of 100 is 5,000 issues: beyond that a poll is not a sensible fallback.
const MAX_PAGES = 50;

function firstPageUrl(config: GithubIssuesPoll): string {
  const url = new URL(`${`${config.api_base_url ?? GITHUB_API}`.replace(/\/$/, "")}/repos/${config.repo}/issues`);
  url.searchParams.set("state", "all");
  url.searchParams.set("per_page", "100");
  if (config.labels?.length) url.searchParams.set("labels", config.labels.join(","));
  if (config.milestone) url.searchParams.set("milestone", config.milestone);
  return url.toString();
}

async function fetchPage(call: ProviderCall, url: string, token: string | undefined, cached: CachedPage | undefined) {
  const headers = githubHeaders(token);
  if (cached) headers["If-None-Match"] = cached.etag;
  const res = await send(call, url, { headers });
  if (res.status === 304 && cached) return { page: cached, res };

  const wait = rateLimitWaitMs(res.headers, call.now);
  if (!res.ok && wait !== undefined) throw new PollError("GitHub rate limit exhausted", wait);
  if (!res.ok) return failFor(call, res);

  const issues = await readJson(call, res, z.array(GithubIssueSchema));
  const events = issues.filter((issue) => issue.pull_request === undefined).map(issueToTaskEvent);
  const page = { etag: res.headers.get("etag") ?? "", next: nextLink(res.headers.get("link")), events };
  return { page, res };
}

/** Completed weight: the headline figure of the tasks source. */
function completedWeight(events: TaskEvent[]): number {
  return events.reduce((sum, e) => (e.task.status === "done" ? sum + e.task.weight : sum), 0);
}

/** Every issue of the repository (filtered as configured) as task events, page by page with ETags. */
export const pollGithubIssues: PollAdapter<GithubIssuesPoll> = async (config, ctx) => {
  const call: ProviderCall = { provider: "GitHub", fetch: ctx.fetch, now: ctx.now, secrets: [config.token] };
  const previous = ctx.cache.get<PageCache>(CACHE_KEY) ?? {};
  const seen: PageCache = {};
  const events: TaskEvent[] = [];
  const first = firstPageUrl(config);
  const origin = new URL(first).origin;

  let url: string | null = first;
  for (let pages = 0; url !== null; pages++) {
    if (pages === MAX_PAGES) throw new PollError(`GitHub listed more than ${MAX_PAGES} pages of issues`);
    // The token must only ever go to the configured API, whatever a Link header says.
    if (new URL(url).origin !== origin) throw new PollError("GitHub's next page points to another host");
    const { page, res } = await fetchPage(call, url, config.token, previous[url]);
    if (page.etag) seen[url] = page;
    events.push(...page.events);
    url = page.next;
    const wait = rateLimitWaitMs(res.headers, ctx.now);
    if (url !== null && wait !== undefined) throw new PollError("GitHub rate limit exhausted", wait);
  }

  // Only the pages of this poll are kept, so a shrinking list or a changed filter leaves nothing behind.
  ctx.cache.set(CACHE_KEY, seen);
  return { events, truth: { value: completedWeight(events), dataUntil: ctx.now } };
};
