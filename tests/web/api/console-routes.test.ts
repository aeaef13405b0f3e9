import { describe, expect, it } from "vitest";
import { getAudit, sendTestEvent } from "$lib/api/audit";
import { getAlertsCsv, getHistoryCsv, getRcaCsv } from "$lib/api/exports";
import { archiveHackathon, createHackathon, rotateCredentials, updateHackathon } from "$lib/api/hackathon-admin";
import { getMe } from "$lib/api/me";
import { createSilence, endSilence, listSilences } from "$lib/api/silences";
import { fakeApi } from "../helpers/fake-api";
import { makeCredentials, makeHackathon } from "../fixtures/hackathon";

const BASE = "/api/hackathons/spring-jam";
const silence = {
  id: "silence-1",
  matchers: { type: "budget" },
  starts_at: "2026-11-28T10:00:00Z",
  ends_at: "2026-11-28T11:00:00Z",
  reason: "known",
  created_by: "admin token",
  by: "admin token",
  created_at: "2026-11-28T10:00:00Z",
  status: "active",
  ended_by: null,
};

describe("the console's routes", () => {
  it("creates, updates, archives and rotates a hackathon where the API serves them", async () => {
    const { api, requests } = fakeApi({
      "POST /api/hackathons": { status: 201, body: makeCredentials() },
      [`PATCH ${BASE}`]: { status: 200, body: makeHackathon({ name: "Renamed" }) },
      [`DELETE ${BASE}`]: { status: 200, body: makeHackathon({ status: "archived" }) },
      [`POST ${BASE}/rotate`]: { status: 200, body: makeCredentials() },
    });
    const input = { id: "spring-jam", name: "Spring Jam", budget: { amount: 5 }, starts_at: "2026-11-28T08:00:00Z" };
    expect((await createHackathon(api, input)).webhook_secret).toMatch(/^whsec_/);
    expect((await updateHackathon(api, "spring-jam", { name: "Renamed" })).name).toBe("Renamed");
    expect((await archiveHackathon(api, "spring-jam")).status).toBe("archived");
    expect((await rotateCredentials(api, "spring-jam")).viewer_token).toBe("pwv_viewer");
    expect(requests.map((r) => [r.method, r.path, r.body])).toEqual([
      ["POST", "/api/hackathons", input],
      ["PATCH", BASE, { name: "Renamed" }],
      ["DELETE", BASE, undefined],
      ["POST", `${BASE}/rotate`, undefined],
    ]);
  });

  it("reads the audit log over a range and sends the test event", async () => {
    const entry = { at: "2026-11-28T10:00:00Z", by: "ada@example.com", action: "hackathon.rotate", target: "spring-jam", detail: null };
    const { api, requests } = fakeApi({
      [`GET ${BASE}/audit`]: { status: 200, body: { entries: [entry] } },
      [`POST ${BASE}/test-event`]: { status: 200, body: { id: "pitwall-test-1" } },
    });
    expect(await getAudit(api, "spring-jam", { from: "2026-11-28T00:00:00Z" })).toEqual([entry]);
    expect(await getAudit(api, "spring-jam")).toEqual([entry]);
    expect(await sendTestEvent(api, "spring-jam")).toBe("pitwall-test-1");
    expect(requests.map((r) => `${r.method} ${r.path}${r.search}`)).toEqual([
      `GET ${BASE}/audit?from=2026-11-28T00%3A00%3A00Z`,
      `GET ${BASE}/audit`,
      `POST ${BASE}/test-event`,
    ]);
  });

  it("lists, creates and ends silences", async () => {
    const { api, requests } = fakeApi({
      [`GET ${BASE}/silences`]: { status: 200, body: { silences: [silence] } },
      [`POST ${BASE}/silences`]: { status: 201, body: { silence } },
      [`DELETE ${BASE}/silences/silence-1`]: { status: 200, body: { silence: { ...silence, status: "expired", ended_by: "admin token" } } },
    });
    expect(await listSilences(api, "spring-jam")).toHaveLength(1);
    await createSilence(api, "spring-jam", { matchers: { type: "budget" }, ends_at: silence.ends_at, reason: "known" });
    expect((await endSilence(api, "spring-jam", "silence-1")).status).toBe("expired");
    expect(requests.map((r) => `${r.method} ${r.path}`)).toEqual([
      `GET ${BASE}/silences`,
      `POST ${BASE}/silences`,
      `DELETE ${BASE}/silences/silence-1`,
    ]);
  });

  it("asks the history route for CSV over the range", async () => {
    const seen: Request[] = [];
    const fetch: typeof globalThis.fetch = async (input, init) => {
      seen.push(new Request(new URL(String(input), "http://localhost"), init));
      return new Response("ts,value\r\n", { status: 200 });
    };
    const { createApiClient } = await import("$lib/api/client");
    const api = createApiClient({ token: "t", fetch });
    await expect(
      getHistoryCsv(api, "spring-jam", { series: "cost.spend", from: "2026-11-28T00:00:00Z", to: "2026-11-28T12:00:00Z" }),
    ).resolves.toBe("ts,value\r\n");
    const url = new URL(seen[0]?.url ?? "");
    expect(url.pathname).toBe(`${BASE}/history`);
    expect(Object.fromEntries(url.searchParams)).toEqual({
      series: "cost.spend",
      from: "2026-11-28T00:00:00Z",
      to: "2026-11-28T12:00:00Z",
      format: "csv",
    });
  });

  it("asks the alerts and RCA routes for the range's CSV, every alert status included", async () => {
    const seen: Request[] = [];
    const fetch: typeof globalThis.fetch = async (input, init) => {
      seen.push(new Request(new URL(String(input), "http://localhost"), init));
      return new Response("id\r\n", { status: 200, headers: { "content-type": "text/csv" } });
    };
    const { createApiClient } = await import("$lib/api/client");
    const api = createApiClient({ token: "t", fetch });
    const range = { from: "2026-11-28T00:00:00Z", to: "2026-11-28T12:00:00Z" };
    await expect(getAlertsCsv(api, "spring-jam", range)).resolves.toBe("id\r\n");
    await expect(getRcaCsv(api, "spring-jam", range)).resolves.toBe("id\r\n");
    const asked = seen.map((request) => {
      const url = new URL(request.url);
      return [url.pathname, Object.fromEntries(url.searchParams), request.headers.get("accept")];
    });
    expect(asked).toEqual([
      [`${BASE}/alerts`, { status: "all", ...range, format: "csv" }, "text/csv"],
      [`${BASE}/rca`, { ...range, format: "csv" }, "text/csv"],
    ]);
  });

  it("asks who the caller is without a hackathon (only an admin has a role there)", async () => {
    const { api, requests } = fakeApi({
      "GET /api/me": { status: 200, body: { by: "ada@example.com", email: "ada@example.com", role: "admin" } },
    });
    expect((await getMe(api)).role).toBe("admin");
    expect(requests[0]?.search).toBe("");
  });
});
