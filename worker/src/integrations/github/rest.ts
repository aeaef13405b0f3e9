export const GITHUB_API = "https://api.github.com";

/** Headers GitHub's REST API asks every client to send; the token only when configured. */
export function githubHeaders(token: string | undefined): Record<string, string> {
  return {
    Accept: "application/vnd.github+json",
    "X-GitHub-Api-Version": "2022-11-28",
    "User-Agent": "pitwall-poller",
    ...(token ? { Authorization: `Bearer ${token}` } : {}),
  };
}

/** The `rel="next"` URL of a `Link` header, or null on the last page. */
export function nextLink(header: string | null): string | null {
  if (!header) return null;
  for (const part of header.split(",")) {
    const match = /<([^>]+)>\s*;\s*rel="?([^";]+)"?/.exec(part.trim());
    if (match?.[2]?.split(/\s+/).includes("next")) return match[1] ?? null;
  }
  return null;
}

/**
 * How long until the primary rate limit resets, when GitHub says none is left;
 * undefined while requests remain.
 */
export function rateLimitWaitMs(headers: Headers, now: number): number | undefined {
  if (headers.get("x-ratelimit-remaining") !== "0") return undefined;
  const reset = Number(headers.get("x-ratelimit-reset"));
  // Without a usable reset time, GitHub's docs say to wait at least a minute.
  if (!Number.isFinite(reset) || reset <= 0) return 60_000;
  return Math.max(0, reset * 1000 - now);
}
