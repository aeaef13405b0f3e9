import { describe, expect, it } from "vitest";
import { HackathonListSchema } from "$contract";
import { ApiError, createApiClient } from "$lib/api/client";
import { getHistory, liveSocketUrl } from "$lib/api/hackathons";

function answering(status: number, body: unknown, seen: Request[] = []): typeof fetch {
  return async (input, init) => {
    seen.push(new Request(new URL(String(input), "http://localhost"), init));
    return new Response(typeof body === "string" ? body : JSON.stringify(body), { status });
  };
}

describe("createApiClient", () => {
  it("sends the bearer token and returns the validated answer", async () => {
    const seen: Request[] = [];
    const api = createApiClient({ token: "admin-1", fetch: answering(200, { hackathons: [] }, seen) });
    await expect(api.get("/api/hackathons", HackathonListSchema)).resolves.toEqual({ hackathons: [] });
    expect(seen[0]?.headers.get("authorization")).toBe("Bearer admin-1");
  });

  it("turns the contract's error envelope into an ApiError that knows auth failures", async () => {
    const body = { error: { code: "unauthorized", message: "bad token", issues: [] } };
    const api = createApiClient({ token: "nope", fetch: answering(401, body) });
    const error = await api.get("/api/hackathons", HackathonListSchema).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({ status: 401, code: "unauthorized", message: "bad token", isAuthFailure: true });
  });

  it("treats a 404 as an auth failure, since other tenants' hackathons answer 404", async () => {
    const api = createApiClient({ token: "viewer-b", fetch: answering(404, "not json") });
    await expect(api.get("/api/hackathons/a/dashboard", HackathonListSchema)).rejects.toMatchObject({
      status: 404,
      isAuthFailure: true,
    });
  });

  it("rejects answers that do not match the contract instead of showing them", async () => {
    const api = createApiClient({ token: "admin-1", fetch: answering(200, { hackathons: "many" }) });
    await expect(api.get("/api/hackathons", HackathonListSchema)).rejects.toMatchObject({
      status: 0,
      code: "invalid_response",
      isAuthFailure: false,
    });
  });

  it("reports an unreachable server as a network error", async () => {
    const failing: typeof fetch = async () => {
      throw new TypeError("fetch failed");
    };
    await expect(createApiClient({ token: "t", fetch: failing }).get("/x", HackathonListSchema)).rejects.toMatchObject({
      code: "network",
      isAuthFailure: false,
    });
  });
});

describe("createApiClient delete", () => {
  function answeringEmpty(status: number, seen: Request[]): typeof fetch {
    return async (input, init) => {
      seen.push(new Request(new URL(String(input), "http://localhost"), init));
      return new Response(null, { status });
    };
  }

  it("sends DELETE with the token and accepts a 204 with no body", async () => {
    const seen: Request[] = [];
    const api = createApiClient({ token: "admin-1", fetch: answeringEmpty(204, seen) });
    await expect(api.delete("/api/hackathons/a/channels/ch_1")).resolves.toBeUndefined();
    expect(seen.map((r) => [r.method, new URL(r.url).pathname, r.headers.get("authorization")])).toEqual([
      ["DELETE", "/api/hackathons/a/channels/ch_1", "Bearer admin-1"],
    ]);
  });

  it("validates a JSON answer when given a schema", async () => {
    const api = createApiClient({ token: "admin-1", fetch: answering(200, { hackathons: [] }) });
    await expect(api.delete("/x", HackathonListSchema)).resolves.toEqual({ hackathons: [] });
    const wrong = createApiClient({ token: "admin-1", fetch: answering(200, { hackathons: "many" }) });
    await expect(wrong.delete("/x", HackathonListSchema)).rejects.toMatchObject({ code: "invalid_response" });
  });

  it("turns a refusal into an ApiError", async () => {
    const body = { error: { code: "unauthorized", message: "Admin token required", issues: [] } };
    const api = createApiClient({ token: "pwv_x", fetch: answering(401, body) });
    await expect(api.delete("/x")).rejects.toMatchObject({ status: 401, code: "unauthorized", message: "Admin token required" });
  });
});

describe("hackathon routes", () => {
  it("asks for history with the series and range as query parameters", async () => {
    const seen: Request[] = [];
    const body = { series: "cost.spend", step_s: 60, points: [["2026-11-28T10:00:00Z", 5]] };
    const api = createApiClient({ token: "t", fetch: answering(200, body, seen) });
    const history = await getHistory(api, "spring-jam", {
      series: "cost.spend",
      from: "2026-11-28T08:00:00Z",
      to: "2026-11-28T10:00:00Z",
    });
    expect(history.points).toEqual([["2026-11-28T10:00:00Z", 5]]);
    const url = new URL(seen[0]!.url);
    expect(url.pathname).toBe("/api/hackathons/spring-jam/history");
    expect(Object.fromEntries(url.searchParams)).toEqual({
      series: "cost.spend",
      from: "2026-11-28T08:00:00Z",
      to: "2026-11-28T10:00:00Z",
    });
  });

  it("builds the live socket URL on the page's origin with ws or wss", () => {
    expect(liveSocketUrl({ origin: "http://127.0.0.1:8799", id: "jam-1", ticket: "t/1", since: null })).toBe(
      "ws://127.0.0.1:8799/api/hackathons/jam-1/live?ticket=t%2F1",
    );
    expect(liveSocketUrl({ origin: "https://p.example", id: "jam-1", ticket: "t", since: 42 })).toBe(
      "wss://p.example/api/hackathons/jam-1/live?ticket=t&since=42",
    );
  });
});

describe("createApiClient writes and people", () => {
  it("says X-Pitwall-Request: 1 on every write and on no read (the CSRF header a cookie-signed write needs)", async () => {
    const seen: Request[] = [];
    const api = createApiClient({ token: "admin-1", fetch: answering(200, { hackathons: [] }, seen) });
    await api.get("/x", HackathonListSchema);
    await api.post("/x", HackathonListSchema);
    await api.patch("/x", HackathonListSchema, { name: "y" });
    await api.delete("/x");
    expect(seen.map((r) => [r.method, r.headers.get("x-pitwall-request")])).toEqual([
      ["GET", null],
      ["POST", "1"],
      ["PATCH", "1"],
      ["DELETE", "1"],
    ]);
    expect(seen[2]?.headers.get("content-type")).toBe("application/json");
    expect(await seen[2]?.text()).toBe('{"name":"y"}');
  });

  it("sends no Authorization without a token, so a signed-in person acts by the Access cookie", async () => {
    const seen: Request[] = [];
    const api = createApiClient({ token: null, fetch: answering(200, { hackathons: [] }, seen) });
    await api.post("/x", HackathonListSchema, {});
    expect(seen[0]?.headers.get("authorization")).toBeNull();
    expect(seen[0]?.headers.get("x-pitwall-request")).toBe("1");
  });

  it("keeps the error envelope's field issues on the ApiError", async () => {
    const body = {
      error: { code: "validation_failed", message: "Invalid body", issues: [{ path: "budget.amount", message: "too small" }] },
    };
    const api = createApiClient({ token: "t", fetch: answering(400, body) });
    await expect(api.patch("/x", HackathonListSchema, {})).rejects.toMatchObject({
      status: 400,
      code: "validation_failed",
      issues: [{ path: "budget.amount", message: "too small" }],
    });
  });

  it("reads a text answer as it is (a CSV export), asking for its type", async () => {
    const seen: Request[] = [];
    const api = createApiClient({ token: "t", fetch: answering(200, "ts,value\r\n", seen) });
    await expect(api.getText("/x.csv", "text/csv")).resolves.toBe("ts,value\r\n");
    expect(seen[0]?.headers.get("accept")).toBe("text/csv");
  });
});
