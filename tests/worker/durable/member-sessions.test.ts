// docs/contract.md section 2: a person's sessions survive rotation, but not the membership they
// were opened under (a PATCH of `members`), nor the Access token's expiry.
import { describe, expect, it } from "vitest";
import { TicketSchema } from "../../../worker/src/contract";
import { type AccessTeam, accessTeam } from "../../helpers/access";
import { api } from "../../helpers/api";
import { createHackathon } from "../../helpers/hackathons";
import { runAlarmAt } from "../../helpers/rooms";
import { LiveClient, upgrade } from "../../helpers/sockets";
import { SseReader } from "../../helpers/sse";

const OPERATOR = "ops@example.com";
const VIEWER = "view@example.com";
const ADMIN = "boss@example.com";

async function ticketOf(team: AccessTeam, id: string, jwt: string): Promise<string> {
  const response = await team.call(`/api/hackathons/${id}/ticket`, { method: "POST", jwt });
  expect(response.status).toBe(201);
  return TicketSchema.parse(await response.json()).ticket;
}

async function socketOf(team: AccessTeam, id: string, jwt: string): Promise<LiveClient> {
  const opened = await upgrade(id, `ticket=${await ticketOf(team, id, jwt)}`);
  expect(opened.status).toBe(101);
  const client = new LiveClient(opened.webSocket!);
  await client.waitFor((m) => m.type === "snapshot");
  return client;
}

async function setup() {
  const team = await accessTeam([ADMIN]);
  const h = await createHackathon({ members: { [OPERATOR]: "operator", [VIEWER]: "viewer" } });
  const id = h.hackathon.id;
  const jwts = { operator: await team.sign(OPERATOR), viewer: await team.sign(VIEWER), admin: await team.sign(ADMIN) };
  const patchMembers = async (members: Record<string, string>) =>
    expect((await api(`/api/hackathons/${id}`, { method: "PATCH", json: { members } })).status).toBe(200);
  return { team, id, jwts, patchMembers };
}

describe("a change of members ends the sessions it no longer allows", () => {
  it("closes a removed member's socket and stream and drops their unspent ticket; other members and admins stay", async () => {
    const { team, id, jwts, patchMembers } = await setup();
    const operator = await socketOf(team, id, jwts.operator);
    const viewer = await socketOf(team, id, jwts.viewer);
    const admin = await socketOf(team, id, jwts.admin);
    const stream = await team.call(`/api/hackathons/${id}/alerts/stream`, { jwt: jwts.operator });
    expect(stream.status).toBe(200);
    const unspent = await ticketOf(team, id, jwts.operator);

    await patchMembers({ [VIEWER]: "viewer" });
    expect(await operator.waitForClose()).toEqual({ code: 4001, reason: "membership changed" });
    await new SseReader(stream).untilEnded();
    expect((await upgrade(id, `ticket=${unspent}`)).status).toBe(401);
    // The sessions end before the save answers: those still open are the ones kept.
    for (const kept of [viewer, admin]) {
      expect(kept.closed).toBeNull();
      kept.close();
    }
  });

  it("ends an operator's socket when they are made a viewer, and keeps a member whose role stays or grows", async () => {
    const { team, id, jwts, patchMembers } = await setup();
    const operator = await socketOf(team, id, jwts.operator);
    const viewer = await socketOf(team, id, jwts.viewer);

    await patchMembers({ [OPERATOR]: "operator", [VIEWER]: "viewer", "new@example.com": "viewer" });
    expect(operator.closed).toBeNull();
    await patchMembers({ [OPERATOR]: "viewer", [VIEWER]: "operator" });
    expect(await operator.waitForClose()).toEqual({ code: 4001, reason: "membership changed" });
    expect(viewer.closed).toBeNull();
    viewer.close();
  });
});

describe("a person's session ends with their Access token", () => {
  it("closes the socket and the stream at the first alarm at the token's exp, not before", async () => {
    const team = await accessTeam();
    const h = await createHackathon({ members: { [OPERATOR]: "operator" } });
    const id = h.hackathon.id;
    const exp = Math.floor(Date.now() / 1000) + 600;
    const jwt = await team.sign(OPERATOR, { expiresAt: exp });
    const socket = await socketOf(team, id, jwt);
    const stream = await team.call(`/api/hackathons/${id}/alerts/stream`, { jwt });
    expect(stream.status).toBe(200);

    await runAlarmAt(id, exp * 1000 - 1);
    expect(socket.closed).toBeNull();
    await runAlarmAt(id, exp * 1000);
    expect(await socket.waitForClose()).toEqual({ code: 4001, reason: "sign-in expired" });
    await new SseReader(stream).untilEnded();
  });
});
