// docs/contract.md section 2: rotation ends what the hackathon's old tokens opened, while
// people's sessions (signed in through Cloudflare Access) stay, as the admin's do.
import { describe, expect, it } from "vitest";
import { HackathonCredentialsSchema, TicketSchema } from "../../../worker/src/contract";
import { accessTeam } from "../../helpers/access";
import { apiJson } from "../../helpers/api";
import { createHackathon } from "../../helpers/hackathons";
import { LiveClient, upgrade } from "../../helpers/sockets";
import { openAlertStream, SseReader } from "../../helpers/sse";
import { costEvent, postEvents } from "../../helpers/webhooks";

const OPERATOR = "ops@example.com";

async function setup() {
  const team = await accessTeam();
  const h = await createHackathon({ budget: { amount: 100 }, members: { [OPERATOR]: "operator" } });
  const jwt = await team.sign(OPERATOR);
  const ticket = async () => {
    const response = await team.call(`/api/hackathons/${h.hackathon.id}/ticket`, { method: "POST", jwt });
    expect(response.status).toBe(201);
    return TicketSchema.parse(await response.json()).ticket;
  };
  const rotate = async () =>
    HackathonCredentialsSchema.parse((await apiJson(`/api/hackathons/${h.hackathon.id}/rotate`, { method: "POST" })).body);
  return { team, h, id: h.hackathon.id, jwt, ticket, rotate };
}

describe("rotation keeps people's sessions", () => {
  it("keeps a person's live socket and unspent ticket, while the token's socket closes", async () => {
    const { h, id, ticket, rotate } = await setup();
    const opened = await upgrade(id, `ticket=${await ticket()}`);
    expect(opened.status).toBe(101);
    const person = new LiveClient(opened.webSocket!);
    const token = await LiveClient.open(id, h.operator_token);
    for (const client of [person, token]) await client.waitFor((m) => m.type === "snapshot");
    const unspent = await ticket();

    const rotated = await rotate();
    expect(await token.waitForClose()).toEqual({ code: 4001, reason: "credentials rotated" });
    const before = person.messages.length;
    expect((await postEvents(id, rotated.webhook_secret, costEvent({ amount: 3 }))).status).toBe(200);
    await person.waitFor((m) => m.type === "cost" && m.data.current_spend === 3, { from: before });
    expect(person.closed).toBeNull();
    person.close();

    const later = await upgrade(id, `ticket=${unspent}`);
    expect(later.status).toBe(101);
    later.webSocket?.accept();
    later.webSocket?.close();
  });

  it("keeps a person's SSE stream; a token holder claiming to be a person is still ended", async () => {
    const { team, h, id, jwt, rotate } = await setup();
    const person = new SseReader(await team.call(`/api/hackathons/${id}/alerts/stream`, { jwt }));
    const viewer = await openAlertStream(id, h.viewer_token);
    const claiming = await team.call(`/api/hackathons/${id}/alerts/stream`, {
      token: h.viewer_token,
      headers: { "x-pitwall-person": "1" },
    });
    expect([viewer.status, claiming.status]).toEqual([200, 200]);

    const rotated = await rotate();
    for (const ended of [new SseReader(viewer), new SseReader(claiming)]) expect(await ended.untilEnded()).toEqual([]);
    expect((await postEvents(id, rotated.webhook_secret, costEvent({ total: 85 }))).status).toBe(200);
    await person.nextMatching((alert) => alert.type === "budget");
    person.cancel();
  });
});
