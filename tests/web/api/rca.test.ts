import { afterEach, describe, expect, it, vi } from "vitest";
import { createApiClient } from "$lib/api/client";
import { RcaResponseSchema as RcaAnswerSchema } from "$contract";
import { debounce, getRca, modeSince } from "$lib/api/rca";
import { makeRcaAnswer } from "../fixtures/rca";

function answering(status: number, body: unknown, seen: Request[] = []): typeof fetch {
  return async (input, init) => {
    seen.push(new Request(new URL(String(input), "http://localhost"), init));
    return new Response(JSON.stringify(body), { status });
  };
}

afterEach(() => {
  vi.useRealTimers();
});

describe("getRca", () => {
  it("asks /rca with the bearer token and returns the parsed log and transitions", async () => {
    const seen: Request[] = [];
    const body = makeRcaAnswer();
    const api = createApiClient({ token: "viewer-1", fetch: answering(200, body, seen) });
    await expect(getRca(api, "spring jam")).resolves.toEqual(body);
    expect(new URL(seen[0]!.url).pathname).toBe("/api/hackathons/spring%20jam/rca");
    expect(seen[0]?.headers.get("authorization")).toBe("Bearer viewer-1");
  });

  it("accepts an empty log and any JSON detail", () => {
    expect(RcaAnswerSchema.parse({ entries: [], transitions: [] })).toEqual({ entries: [], transitions: [] });
    const entry = { ...makeRcaAnswer().entries[0]!, detail: null };
    expect(RcaAnswerSchema.safeParse({ entries: [entry], transitions: [] }).success).toBe(true);
  });

  it.each([
    ["a missing list", { entries: [] }],
    ["an unknown kind", { entries: [{ ...makeRcaAnswer().entries[0], kind: "guess" }], transitions: [] }],
    ["an unknown source", { entries: [{ ...makeRcaAnswer().entries[0], source: "weather" }], transitions: [] }],
    ["an unknown mode", { entries: [], transitions: [{ ...makeRcaAnswer().transitions[0], to: "offline" }] }],
    ["a numeric id", { entries: [{ ...makeRcaAnswer().entries[0], id: 3 }], transitions: [] }],
  ])("rejects an answer with %s instead of showing it", async (_label, body) => {
    const api = createApiClient({ token: "t", fetch: answering(200, body) });
    await expect(getRca(api, "spring-jam")).rejects.toMatchObject({ status: 0, code: "invalid_response" });
  });
});

describe("modeSince", () => {
  const { transitions } = makeRcaAnswer();

  it("finds the newest transition of the source into the mode", () => {
    expect(modeSince(transitions, "cost", "degraded")).toBe("2026-11-28T10:05:00Z");
    expect(modeSince(transitions, "tasks", "event")).toBe("2026-11-28T10:03:00Z");
  });

  it("is null when no transition explains the mode", () => {
    expect(modeSince(transitions, "tokens", "polling")).toBeNull();
    expect(modeSince([], "cost", "event")).toBeNull();
  });
});

describe("debounce", () => {
  it("runs once after a burst has been quiet for the delay, and not after cancel", () => {
    vi.useFakeTimers();
    const fn = vi.fn();
    const reload = debounce(fn, 1000);
    reload.call();
    vi.advanceTimersByTime(600);
    reload.call();
    vi.advanceTimersByTime(600);
    expect(fn).not.toHaveBeenCalled();
    vi.advanceTimersByTime(400);
    expect(fn).toHaveBeenCalledTimes(1);
    reload.call();
    reload.cancel();
    vi.advanceTimersByTime(5000);
    expect(fn).toHaveBeenCalledTimes(1);
  });
});
