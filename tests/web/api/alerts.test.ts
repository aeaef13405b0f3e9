import { describe, expect, it } from "vitest";
import { acknowledgeAlert, resolveAlert } from "$lib/api/alerts";
import { createApiClient } from "$lib/api/client";
import { makeAlert } from "../fixtures/dashboard-state";

function answering(status: number, body: unknown, seen: Request[] = []): typeof fetch {
  return async (input, init) => {
    seen.push(new Request(new URL(String(input), "http://localhost"), init));
    return new Response(JSON.stringify(body), { status });
  };
}

describe("acknowledgeAlert and resolveAlert", () => {
  it("POST to the alert's ack route with the token and return the changed alert", async () => {
    const seen: Request[] = [];
    const acknowledged = makeAlert({ id: "al/1", status: "acknowledged", acknowledged_at: "2026-11-28T10:07:00Z" });
    const api = createApiClient({ token: "viewer-1", fetch: answering(200, { alert: acknowledged }, seen) });
    await expect(acknowledgeAlert(api, "spring-jam", "al/1")).resolves.toEqual(acknowledged);
    expect(seen[0]?.method).toBe("POST");
    expect(new URL(seen[0]!.url).pathname).toBe("/api/hackathons/spring-jam/alerts/al%2F1/ack");
    expect(seen[0]?.headers.get("authorization")).toBe("Bearer viewer-1");
  });

  it("POST to the resolve route", async () => {
    const seen: Request[] = [];
    const resolved = makeAlert({
      status: "resolved",
      resolved: true,
      resolved_by: "operator token",
      resolution_time: "2026-11-28T10:09:00Z",
    });
    const api = createApiClient({ token: "t", fetch: answering(200, { alert: resolved }, seen) });
    await expect(resolveAlert(api, "spring-jam", "alert-1")).resolves.toMatchObject({ status: "resolved", resolved_by: "operator token" });
    expect(new URL(seen[0]!.url).pathname).toBe("/api/hackathons/spring-jam/alerts/alert-1/resolve");
  });

  it("turns a 409 for an already resolved alert into an ApiError with the server's message", async () => {
    const body = { error: { code: "conflict", message: "alert is already resolved", issues: [] } };
    const api = createApiClient({ token: "t", fetch: answering(409, body) });
    await expect(acknowledgeAlert(api, "spring-jam", "alert-1")).rejects.toMatchObject({
      status: 409,
      code: "conflict",
      message: "alert is already resolved",
    });
  });
});
