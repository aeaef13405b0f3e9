// A hackathon's `members` (docs/contract.md sections 2 and 3): who may sign in and as what,
// accepted on create and PATCH, shown to admins only, and what a person's overview lists.
import { describe, expect, it } from "vitest";
import { ErrorBodySchema, HackathonListSchema, HackathonSchema } from "../../../worker/src/contract";
import { accessTeam } from "../../helpers/access";
import { apiJson } from "../../helpers/api";
import { createHackathon } from "../../helpers/hackathons";

/** A domain no other test uses, so the overview's rows for it are this test's own. */
const freshDomain = () => `${crypto.randomUUID().slice(0, 8)}.example`;

describe("members", () => {
  it("are accepted on create (lower-cased) and shown to admins only", async () => {
    const domain = freshDomain();
    const h = await createHackathon({ members: { [`Ada@${domain}`]: "operator", [`*@${domain}`]: "viewer" } });
    const members = { [`ada@${domain}`]: "operator", [`*@${domain}`]: "viewer" };
    expect(h.hackathon.members).toEqual(members);
    const asAdmin = HackathonSchema.parse((await apiJson(`/api/hackathons/${h.hackathon.id}`)).body);
    expect(asAdmin.members).toEqual(members);
    for (const token of [h.viewer_token, h.operator_token]) {
      const { body } = await apiJson(`/api/hackathons/${h.hackathon.id}`, { token });
      expect(body).not.toHaveProperty("members");
      expect(JSON.stringify(body)).not.toContain(domain);
    }
    const team = await accessTeam();
    const asMember = await team.call(`/api/hackathons/${h.hackathon.id}`, { jwt: await team.sign(`ada@${domain}`) });
    expect(await asMember.json()).not.toHaveProperty("members");
  });

  it("are replaced as a whole by PATCH, and a PATCH without them keeps them", async () => {
    const domain = freshDomain();
    const h = await createHackathon({ members: { [`ada@${domain}`]: "operator" } });
    const path = `/api/hackathons/${h.hackathon.id}`;
    const renamed = await apiJson(path, { method: "PATCH", json: { name: "Renamed" } });
    expect(HackathonSchema.parse(renamed.body).members).toEqual({ [`ada@${domain}`]: "operator" });
    const replaced = await apiJson(path, { method: "PATCH", json: { members: { [`grace@${domain}`]: "viewer" } } });
    expect(HackathonSchema.parse(replaced.body).members).toEqual({ [`grace@${domain}`]: "viewer" });
    const team = await accessTeam();
    expect((await team.call(`${path}/dashboard`, { jwt: await team.sign(`ada@${domain}`) })).status).toBe(404);
    expect((await team.call(`${path}/dashboard`, { jwt: await team.sign(`grace@${domain}`) })).status).toBe(200);
  });

  it("refuses bad entries on create and PATCH with their paths, changing nothing", async () => {
    const h = await createHackathon({ members: { "ada@example.com": "operator" } });
    const path = `/api/hackathons/${h.hackathon.id}`;
    const patched = await apiJson(path, { method: "PATCH", json: { members: { "not-an-email": "viewer", "*@example.com": "admin" } } });
    expect(patched.status).toBe(400);
    const paths = ErrorBodySchema.parse(patched.body).error.issues.map((issue) => issue.path);
    expect(paths).toEqual(expect.arrayContaining(["members.not-an-email", "members.*@example.com"]));
    expect(HackathonSchema.parse((await apiJson(path)).body).members).toEqual({ "ada@example.com": "operator" });
    const tooMany = Object.fromEntries(Array.from({ length: 201 }, (_, i) => [`p${i}@example.com`, "viewer"]));
    expect((await apiJson(path, { method: "PATCH", json: { members: tooMany } })).status).toBe(400);
    await expect(createHackathon({ members: { "@example.com": "viewer" } })).rejects.toThrow(/400/);
  });

  it("refuses one email listed twice in different cases with a 400 naming the key, on PATCH and create", async () => {
    const h = await createHackathon({ members: { "ada@example.com": "operator" } });
    const path = `/api/hackathons/${h.hackathon.id}`;
    const twice = { "A@x.com": "operator", "a@x.com": "viewer" };
    const patched = await apiJson(path, { method: "PATCH", json: { members: twice } });
    expect(patched.status).toBe(400);
    const issues = ErrorBodySchema.parse(patched.body).error.issues;
    expect(issues.map((issue) => issue.path)).toEqual(["members.a@x.com"]);
    expect(JSON.stringify(issues)).toContain("listed twice");
    expect(HackathonSchema.parse((await apiJson(path)).body).members).toEqual({ "ada@example.com": "operator" });
    await expect(createHackathon({ members: twice })).rejects.toThrow(/400/);
  });
});

describe("GET /api/hackathons for a signed-in person", () => {
  it("lists only the hackathons the person is a member of, by email or domain, without members", async () => {
    const domain = freshDomain();
    const byEmail = await createHackathon({ members: { [`ada@${domain}`]: "viewer" } });
    const byDomain = await createHackathon({ members: { [`*@${domain}`]: "operator" } });
    const other = await createHackathon({ members: { [`grace@${domain}`]: "viewer" } });
    const team = await accessTeam([`boss@${domain}`]);
    const list = async (email: string) => {
      const response = await team.call("/api/hackathons", { jwt: await team.sign(email) });
      expect(response.status).toBe(200);
      return HackathonListSchema.parse(await response.json()).hackathons;
    };
    const mine = await list(`ada@${domain}`);
    expect(mine.map((h) => h.id).sort()).toEqual([byEmail.hackathon.id, byDomain.hackathon.id].sort());
    expect(mine.every((h) => h.members === undefined)).toBe(true);
    expect((await list(`eve@elsewhere-${domain}`)).map((h) => h.id)).toEqual([]);
    // An admin sees every one, members included.
    const all = await list(`boss@${domain}`);
    expect(all.map((h) => h.id)).toEqual(expect.arrayContaining([byEmail.hackathon.id, byDomain.hackathon.id, other.hackathon.id]));
    expect(all.find((h) => h.id === other.hackathon.id)?.members).toEqual({ [`grace@${domain}`]: "viewer" });
  });

  it("stays closed to anonymous callers and to hackathon tokens", async () => {
    const h = await createHackathon();
    const team = await accessTeam();
    expect((await team.call("/api/hackathons")).status).toBe(401);
    expect((await team.call("/api/hackathons", { token: h.operator_token })).status).toBe(401);
  });
});
