// Cloudflare Access sign-in (docs/contract.md section 2): only a token Access signed for this
// team and application, unexpired and naming a person, acts as that person. Every other one is
// a 401 on a hackathon route, and the caller is nobody on /api/me.
import { describe, expect, it } from "vitest";
import { ErrorBodySchema, MeSchema } from "../../../../worker/src/contract";
import { accessTeam, hs256Token, ISSUER, unsignedToken } from "../../../helpers/access";
import { createHackathon } from "../../../helpers/hackathons";

const MEMBER = "ada@example.com";

async function memberHackathon() {
  const team = await accessTeam();
  const h = await createHackathon({ members: { [MEMBER]: "viewer" } });
  const dashboard = (jwt: string) => team.call(`/api/hackathons/${h.hackathon.id}/dashboard`, { jwt });
  const me = async (jwt: string) => MeSchema.parse(await (await team.call(`/api/me?hackathon=${h.hackathon.id}`, { jwt })).json());
  return { team, h, dashboard, me };
}

async function expectRefused(response: Response, reason: RegExp) {
  expect(response.status).toBe(401);
  const { error } = ErrorBodySchema.parse(await response.json());
  expect(error.code).toBe("unauthorized");
  expect(error.message).toMatch(reason);
}

describe("Access JWT verification", () => {
  it("lets a valid token act as the member it names", async () => {
    const { team, dashboard, me } = await memberHackathon();
    const jwt = await team.sign(MEMBER);
    expect((await dashboard(jwt)).status).toBe(200);
    expect(await me(jwt)).toEqual({ by: MEMBER, email: MEMBER, role: "viewer" });
  });

  it("refuses a token for another application (audience)", async () => {
    const { team, dashboard, me } = await memberHackathon();
    const jwt = await team.sign(MEMBER, { audience: "another-application-aud-tag" });
    await expectRefused(await dashboard(jwt), /aud/);
    expect((await me(jwt)).role).toBeNull();
  });

  it("refuses an expired token", async () => {
    const { team, dashboard } = await memberHackathon();
    const hourAgo = Math.floor(Date.now() / 1000) - 3600;
    await expectRefused(await dashboard(await team.sign(MEMBER, { expiresAt: hourAgo })), /exp/);
  });

  it("refuses a token signed with a key the team never published, under its kid or another", async () => {
    const { team, dashboard } = await memberHackathon();
    const key = await team.otherKey();
    await expectRefused(await dashboard(await team.sign(MEMBER, { key })), /signature/);
    await expectRefused(await dashboard(await team.sign(MEMBER, { key, kid: "rotated-away" })), /key/i);
  });

  it("refuses another team's token (issuer)", async () => {
    const { team, dashboard } = await memberHackathon();
    await expectRefused(await dashboard(await team.sign(MEMBER, { issuer: "https://someone-else.cloudflareaccess.com" })), /iss/);
  });

  it("refuses alg none and HS256 tokens, whatever they claim", async () => {
    const { team, dashboard, me } = await memberHackathon();
    const now = Math.floor(Date.now() / 1000);
    const claims = { email: MEMBER, iss: ISSUER, aud: [team.audience], iat: now, exp: now + 3600 };
    for (const jwt of [unsignedToken(claims), await hs256Token(claims)]) {
      await expectRefused(await dashboard(jwt), /./);
      expect(await me(jwt)).toEqual({ by: null, email: null, role: null });
    }
  });

  it("refuses a token that names no person (an Access service token)", async () => {
    const { team, dashboard } = await memberHackathon();
    await expectRefused(await dashboard(await team.sign(null, { claims: { common_name: "wall-screen.access" } })), /no person/);
  });

  it("is read from the CF_Authorization cookie as from the header", async () => {
    const { team, h } = await memberHackathon();
    const jwt = await team.sign(MEMBER);
    expect((await team.call(`/api/hackathons/${h.hackathon.id}/dashboard`, { jwt, via: "cookie" })).status).toBe(200);
  });
});
