// People signed in through Cloudflare Access (docs/contract.md section 2): the role they act
// with, how a bearer token wins over them, and the CSRF header their cookie's writes need.
import { describe, expect, it } from "vitest";
import { ErrorBodySchema, MeSchema, SilenceListSchema, SilenceResultSchema } from "../../../worker/src/contract";
import { accessTeam } from "../../helpers/access";
import { api, apiJson } from "../../helpers/api";
import { createHackathon, uniqueHackathonId } from "../../helpers/hackathons";

const ADMIN = "boss@organisers.example";
const OPERATOR = "ops@example.com";
const VIEWER = "fan@example.com";
const silence = () => ({ matchers: { type: "budget" }, ends_at: new Date(Date.now() + 3_600_000).toISOString(), reason: "known" });

async function setup() {
  const team = await accessTeam(["Boss@Organisers.Example"]);
  const h = await createHackathon({ members: { [OPERATOR]: "operator", "*@example.com": "viewer" } });
  const path = (rest = "") => `/api/hackathons/${h.hackathon.id}${rest}`;
  const silences = async () => SilenceListSchema.parse((await apiJson(path("/silences"), { token: h.viewer_token })).body).silences;
  return { team, h, path, silences };
}

async function expectForbidden(response: Response, message: RegExp) {
  expect(response.status).toBe(403);
  const { error } = ErrorBodySchema.parse(await response.json());
  expect(error.code).toBe("forbidden");
  expect(error.message).toMatch(message);
}

describe("people's roles", () => {
  it("makes admins of ACCESS_ADMIN_EMAILS, case-insensitively, on every hackathon and for creating one", async () => {
    const { team, path } = await setup();
    const jwt = await team.sign("BOSS@organisers.example");
    expect((await team.call(path("/dashboard"), { jwt })).status).toBe(200);
    const created = await team.call("/api/hackathons", {
      method: "POST",
      jwt,
      json: { id: uniqueHackathonId("by-person"), name: "Made by a person", budget: { amount: 10 }, starts_at: new Date().toISOString() },
    });
    expect(created.status).toBe(201);
    expect((await team.call("/metrics", { jwt })).status).toBe(200);
    const me = MeSchema.parse(await (await team.call("/api/me", { jwt })).json());
    expect(me).toEqual({ by: ADMIN, email: ADMIN, role: "admin" });
  });

  it("gives members their role: an operator acts, a domain's viewer only reads", async () => {
    const { team, path, silences } = await setup();
    const operator = await team.sign(OPERATOR);
    const viewer = await team.sign(VIEWER);
    expect((await team.call(path("/dashboard"), { jwt: viewer })).status).toBe(200);
    await expectForbidden(await team.call(path("/silences"), { method: "POST", jwt: viewer, json: silence() }), /operator role/);
    const made = await team.call(path("/silences"), { method: "POST", jwt: operator, json: { ...silence(), created_by: "someone else" } });
    expect(made.status).toBe(201);
    expect(SilenceResultSchema.parse(await made.json()).silence.by).toBe(OPERATOR);
    expect((await silences()).map((s) => s.by)).toEqual([OPERATOR]);
    // An operator is no admin: the hackathon's config and the routes of no hackathon stay closed.
    await expectForbidden(await team.call(path(), { method: "PATCH", jwt: operator, json: { name: "Renamed" } }), /admin role/);
    await expectForbidden(await team.call("/metrics", { jwt: operator }), /admin/);
    const create = await team.call("/api/hackathons", { method: "POST", jwt: operator, json: {} });
    expect(create.status).toBe(403);
  });

  it("answers a person who is no member exactly as an unknown hackathon", async () => {
    const { team, path } = await setup();
    const stranger = await team.sign("eve@elsewhere.example");
    const own = await team.call(path("/dashboard"), { jwt: stranger });
    const unknown = await team.call(`/api/hackathons/${uniqueHackathonId("nx")}/dashboard`, { jwt: stranger });
    expect([own.status, unknown.status]).toEqual([404, 404]);
    expect(await own.text()).toBe(await unknown.text());
  });

  it("lets a valid bearer token win over the person, and falls back to the person when the token opens nothing", async () => {
    const { team, h, path } = await setup();
    const operator = await team.sign(OPERATOR);
    const asViewerToken = await team.call(path("/silences"), { method: "POST", jwt: operator, token: h.viewer_token, json: silence() });
    await expectForbidden(asViewerToken, /token is a viewer/);
    const withStaleToken = await team.call(path("/silences"), { method: "POST", jwt: operator, token: "pwv_stale", json: silence() });
    expect(withStaleToken.status).toBe(201);
    const me = MeSchema.parse(
      await (await team.call(`/api/me?hackathon=${h.hackathon.id}`, { jwt: operator, token: h.viewer_token })).json(),
    );
    expect(me).toEqual({ by: "viewer token", email: null, role: "viewer" });
  });
});

describe("CSRF defence on the Access cookie", () => {
  it("refuses a write signed in with the cookie alone unless it carries X-Pitwall-Request: 1, and stores nothing", async () => {
    const { team, path, silences } = await setup();
    const jwt = await team.sign(OPERATOR);
    const forged = await team.call(path("/silences"), { method: "POST", jwt, via: "cookie", json: silence() });
    await expectForbidden(forged, /X-Pitwall-Request: 1/);
    expect(await silences()).toEqual([]);
    const ours = await team.call(path("/silences"), {
      method: "POST",
      jwt,
      via: "cookie",
      json: silence(),
      headers: { "x-pitwall-request": "1" },
    });
    expect(ours.status).toBe(201);
    // Reads need no header.
    expect((await team.call(path("/silences"), { jwt, via: "cookie" })).status).toBe(200);
  });

  it("also asks it of a browser behind Access, whose requests carry Access's header and the cookie", async () => {
    const { team, path, silences } = await setup();
    const jwt = await team.sign(OPERATOR);
    await expectForbidden(await team.call(path("/silences"), { method: "POST", jwt, via: "both", json: silence() }), /X-Pitwall-Request/);
    expect(await silences()).toEqual([]);
  });

  it("asks nothing of a write authenticated by the header alone, or by a bearer token next to the cookie", async () => {
    const { team, h, path } = await setup();
    const jwt = await team.sign(OPERATOR);
    expect((await team.call(path("/silences"), { method: "POST", jwt, json: silence() })).status).toBe(201);
    expect(
      (await team.call(path("/silences"), { method: "POST", jwt, via: "cookie", token: h.operator_token, json: silence() })).status,
    ).toBe(201);
  });

  it("refuses a person's write the browser marks cross-site, or from another Origin, even with the header JWT and X-Pitwall-Request", async () => {
    const { team, path, silences } = await setup();
    const jwt = await team.sign(OPERATOR);
    const ours = { "x-pitwall-request": "1" };
    for (const via of ["header", "both"] as const) {
      for (const headers of [
        { ...ours, "sec-fetch-site": "cross-site" },
        { ...ours, origin: "https://evil.example" },
      ])
        await expectForbidden(await team.call(path("/silences"), { method: "POST", jwt, via, headers, json: silence() }), /own pages/);
    }
    expect(await silences()).toEqual([]);
    // Our own pages: same-origin fetches say so, and reads are never refused.
    const sameOrigin = { ...ours, "sec-fetch-site": "same-origin", origin: "https://pitwall.test" };
    expect((await team.call(path("/silences"), { method: "POST", jwt, via: "both", headers: sameOrigin, json: silence() })).status).toBe(
      201,
    );
    expect((await team.call(path("/silences"), { jwt, headers: { "sec-fetch-site": "cross-site" } })).status).toBe(200);
  });

  it("asks it of an admin's cookie writes on routes of no hackathon too", async () => {
    const { team } = await setup();
    const jwt = await team.sign(ADMIN);
    const body = { id: uniqueHackathonId("csrf"), name: "Forged", budget: { amount: 10 }, starts_at: new Date().toISOString() };
    await expectForbidden(await team.call("/api/hackathons", { method: "POST", jwt, via: "cookie", json: body }), /X-Pitwall-Request/);
    expect((await api(`/api/hackathons/${body.id}`)).status).toBe(404);
  });
});

describe("without Access configured", () => {
  it("ignores Access JWTs: tokens work exactly as before", async () => {
    const { team, h, path } = await setup();
    const jwt = await team.sign(ADMIN);
    const headers = { "cf-access-jwt-assertion": jwt, cookie: `CF_Authorization=${jwt}` };
    const response = await api(path("/dashboard"), { token: null, headers });
    expect(response.status).toBe(401);
    expect((await apiJson("/api/me", { token: null, headers })).body).toEqual({ by: null, email: null, role: null });
    expect((await api(path("/dashboard"), { token: h.viewer_token, headers })).status).toBe(200);
  });
});
