import { flushSync, tick } from "svelte";
import { createApiClient, type ApiClient } from "$lib/api/client";

export interface FakeAnswer {
  status: number;
  /** Left out for an empty body (a 204). */
  body?: unknown;
}

export interface SeenRequest {
  method: string;
  path: string;
  /** The query string, with its "?" ("" when there is none). */
  search: string;
  body: unknown;
  authorization: string | null;
}

/** Answers keyed by "METHOD /path"; a function answers from the request body. */
export type FakeRoutes = Record<string, FakeAnswer | ((body: unknown) => FakeAnswer)>;

/**
 * An ApiClient over a fake fetch that answers from `routes` (which a test may change) and records
 * each request in `requests` (which clients for several tokens may share).
 */
export function fakeApi(
  routes: FakeRoutes,
  /** null: no bearer token, as for a person signed in through Access. */
  token: string | null = "admin-token",
  requests: SeenRequest[] = [],
): { api: ApiClient; requests: SeenRequest[]; routes: FakeRoutes } {
  const fetch: typeof globalThis.fetch = async (input, init) => {
    const url = new URL(String(input), "http://localhost");
    const method = init?.method ?? "GET";
    const body: unknown = typeof init?.body === "string" ? JSON.parse(init.body) : undefined;
    const headers = new Headers(init?.headers);
    requests.push({ method, path: url.pathname, search: url.search, body, authorization: headers.get("authorization") });
    const route = routes[`${method} ${url.pathname}`];
    const answer =
      typeof route === "function"
        ? route(body)
        : (route ?? { status: 404, body: { error: { code: "not_found", message: "Not found", issues: [] } } });
    return new Response(answer.body === undefined ? null : JSON.stringify(answer.body), { status: answer.status });
  };
  return { api: createApiClient({ token, fetch }), requests, routes };
}

/** Lets pending fetches, their parsing and the component updates run. */
export async function settle(rounds = 3): Promise<void> {
  for (let i = 0; i < rounds; i++) {
    for (let j = 0; j < 5; j++) await tick();
    await new Promise((resolve) => setTimeout(resolve, 0));
    flushSync();
  }
}

export const unauthorized: FakeAnswer = {
  status: 401,
  body: { error: { code: "unauthorized", message: "Admin token required", issues: [] } },
};
