import { afterEach, describe, expect, it, vi } from "vitest";
import { OVERVIEW_REFRESH_MS, OverviewSession } from "$lib/overview/overview-session.svelte";
import { makeSummary } from "../fixtures/hackathon-summary";
import { type FakeRoutes, fakeApi, type SeenRequest, unauthorized } from "../helpers/fake-api";

const ADMIN_KEY = "pitwall.token.admin";
const LIST = "GET /api/hackathons";
const ME = "GET /api/me";
const NOBODY = { by: null, email: null, role: null };

function setup(stored: Record<string, string> = {}) {
  const items = new Map(Object.entries(stored));
  const storage = {
    getItem: (key: string) => items.get(key) ?? null,
    setItem: (key: string, value: string) => void items.set(key, value),
    removeItem: (key: string) => void items.delete(key),
  } as Storage;
  const routes: FakeRoutes = {
    [LIST]: { status: 200, body: { hackathons: [makeSummary("jam-one")] } },
    [ME]: { status: 200, body: NOBODY },
  };
  const requests: SeenRequest[] = [];
  const overview = new OverviewSession({
    storage,
    makeApi: (token) => fakeApi(routes, token, requests).api,
  });
  return { overview, routes, requests, items };
}

afterEach(() => vi.useRealTimers());

describe("OverviewSession", () => {
  it("reads the list with the token now and again every few seconds, until stopped", async () => {
    vi.useFakeTimers();
    const { overview, requests } = setup();
    const stop = overview.start("admin-token");
    await vi.waitFor(() => expect(overview.hackathons?.map((h) => h.id)).toEqual(["jam-one"]));
    expect(overview.fetchedAt).toBeInstanceOf(Date);
    expect(requests.map((r) => r.authorization)).toEqual(["Bearer admin-token"]);

    await vi.advanceTimersByTimeAsync(OVERVIEW_REFRESH_MS);
    expect(requests).toHaveLength(2);
    stop();
    await vi.advanceTimersByTimeAsync(3 * OVERVIEW_REFRESH_MS);
    expect(requests).toHaveLength(2);
  });

  it("reads nothing without a token and without a signed-in person, and asks for a token", async () => {
    vi.useFakeTimers();
    const { overview, requests } = setup();
    expect(overview.checking).toBe(true);
    const stop = overview.start(null);
    await vi.advanceTimersByTimeAsync(2 * OVERVIEW_REFRESH_MS);
    expect(requests.map((r) => `${r.method} ${r.path}`)).toEqual([ME]);
    expect(overview.token).toBeNull();
    expect(overview.person).toBeNull();
    expect(overview.checking).toBe(false);
    expect(overview.signedIn).toBe(false);
    stop();
  });

  it("reads the list without a token as the person signed in through Access, now and every few seconds", async () => {
    vi.useFakeTimers();
    const { overview, routes, requests } = setup();
    const ada = { by: "ada@example.com", email: "ada@example.com", role: null };
    routes[ME] = { status: 200, body: ada };
    const stop = overview.start(null);
    await vi.waitFor(() => expect(overview.hackathons?.map((h) => h.id)).toEqual(["jam-one"]));
    expect(overview.person).toEqual(ada);
    expect(overview.signedIn).toBe(true);
    expect(overview.mayCreate).toBe(false);
    expect(requests.map((r) => [`${r.method} ${r.path}`, r.authorization])).toEqual([
      [ME, null],
      [LIST, null],
    ]);
    await vi.advanceTimersByTimeAsync(OVERVIEW_REFRESH_MS);
    expect(requests.map((r) => `${r.method} ${r.path}`)).toEqual([ME, LIST, LIST]);
    stop();
  });

  it("asks for a token once the person's Access session no longer opens the list", async () => {
    const { overview, routes } = setup();
    routes[ME] = { status: 200, body: { by: "ada@example.com", email: "ada@example.com", role: "admin" } };
    overview.start(null)();
    await vi.waitFor(() => expect(overview.hackathons).not.toBeNull());
    expect(overview.mayCreate).toBe(true);
    routes[LIST] = unauthorized;
    await overview.refresh();
    expect(overview.person).toBeNull();
    expect(overview.signedIn).toBe(false);
    expect(overview.hackathons).toBeNull();
    expect(overview.refused).toBe(false);
  });

  it("forgets a refused token and drops the list", async () => {
    const { overview, routes, items } = setup({ [ADMIN_KEY]: "admin-token" });
    overview.start("admin-token")();
    await vi.waitFor(() => expect(overview.hackathons).not.toBeNull());
    routes[LIST] = unauthorized;
    await overview.refresh();
    expect(overview.refused).toBe(true);
    expect(overview.token).toBeNull();
    expect(overview.hackathons).toBeNull();
    expect(items.has(ADMIN_KEY)).toBe(false);
  });

  it("keeps the last list through a failed read and reports the problem until a read succeeds", async () => {
    const { overview, routes } = setup();
    overview.start("admin-token")();
    await vi.waitFor(() => expect(overview.hackathons).not.toBeNull());
    const fetchedAt = overview.fetchedAt;
    routes[LIST] = { status: 500, body: { error: { code: "internal", message: "Try again", issues: [] } } };
    await overview.refresh();
    expect(overview.problem).toBe("Try again");
    expect(overview.hackathons?.map((h) => h.id)).toEqual(["jam-one"]);
    expect(overview.fetchedAt).toBe(fetchedAt);
    expect(overview.token).toBe("admin-token");

    routes[LIST] = { status: 200, body: { hackathons: [] } };
    await overview.refresh();
    expect(overview.problem).toBeNull();
    expect(overview.hackathons).toEqual([]);
  });

  it("keeps a typed token and forgets it on sign-out", async () => {
    const { overview, routes, items, requests } = setup();
    routes[LIST] = unauthorized;
    overview.start("old-token")();
    await vi.waitFor(() => expect(overview.refused).toBe(true));

    routes[LIST] = { status: 200, body: { hackathons: [makeSummary("jam-one")] } };
    overview.useToken("typed-token");
    expect(items.get(ADMIN_KEY)).toBe("typed-token");
    expect(overview.refused).toBe(false);
    await vi.waitFor(() => expect(overview.hackathons).not.toBeNull());
    expect(requests.at(-1)?.authorization).toBe("Bearer typed-token");

    overview.signOut();
    expect(overview.token).toBeNull();
    expect(overview.hackathons).toBeNull();
    expect(items.has(ADMIN_KEY)).toBe(false);
  });
});
