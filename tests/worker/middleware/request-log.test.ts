import { describe, expect, it } from "vitest";
import { api } from "../../helpers/api";
import { createHackathon } from "../../helpers/hackathons";
import { logsDuring } from "../../helpers/logs";

describe("request correlation ids", () => {
  it("keeps a caller's x-request-id, returns it, and logs the request under it without the query", async () => {
    const created = await createHackathon();
    let response: Response | undefined;
    const logs = await logsDuring(async () => {
      response = await api(`/api/hackathons/${created.hackathon.id}/dashboard?ticket=secret-ticket`, {
        token: created.viewer_token,
        headers: { "x-request-id": "req-123" },
      });
    });
    expect(response!.headers.get("x-request-id")).toBe("req-123");
    const line = logs.find((l) => l.msg === "request" && l.request_id === "req-123");
    expect(line).toMatchObject({ level: "info", method: "GET", path: `/api/hackathons/${created.hackathon.id}/dashboard`, status: 200 });
    expect(JSON.stringify(logs)).not.toContain("secret-ticket");
    expect(JSON.stringify(logs)).not.toContain(created.viewer_token);
  });

  it("makes up an id when the caller's is missing or unfit, also on refusals", async () => {
    const response = await api("/api/hackathons/nope-nope/dashboard", { token: null, headers: { "x-request-id": "bad id; forged=1" } });
    expect(response.status).toBe(401);
    expect(response.headers.get("x-request-id")).toMatch(/^[0-9a-f-]{36}$/);
  });
});
