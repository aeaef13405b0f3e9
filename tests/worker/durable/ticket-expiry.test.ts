// Live tickets are short-lived: the single-use side is in live-channel.test.ts ("accepts a
// ticket once only"); this pins the object's clock to check the expiry itself.
import { describe, expect, it } from "vitest";
import { TicketSchema } from "../../../worker/src/contract";
import { TICKET_TTL_MS } from "../../../worker/src/durable/credentials";
import { apiJson } from "../../helpers/api";
import { createHackathon } from "../../helpers/hackathons";
import { pinClock } from "../../helpers/rooms";
import { upgrade } from "../../helpers/sockets";

async function ticketAt(hackathonId: string, token: string, at: number) {
  await pinClock(hackathonId, at);
  const { status, body } = await apiJson(`/api/hackathons/${hackathonId}/ticket`, { method: "POST", token });
  expect(status).toBe(201);
  return TicketSchema.parse(body);
}

async function upgradeAt(hackathonId: string, ticket: string, at: number): Promise<number> {
  await pinClock(hackathonId, at);
  const response = await upgrade(hackathonId, `ticket=${encodeURIComponent(ticket)}`);
  response.webSocket?.accept();
  response.webSocket?.close();
  return response.status;
}

describe("live ticket expiry", () => {
  it("announces its expiry TICKET_TTL_MS after issue, and opens the socket until just before it", async () => {
    const h = await createHackathon();
    const issuedAt = Date.parse("2026-11-28T12:00:00.000Z");
    const { ticket, expires_at } = await ticketAt(h.hackathon.id, h.viewer_token, issuedAt);
    expect(Date.parse(expires_at)).toBe(issuedAt + TICKET_TTL_MS);
    expect(await upgradeAt(h.hackathon.id, ticket, issuedAt + TICKET_TTL_MS - 1)).toBe(101);
  });

  it("refuses an unused ticket from its expiry on, with 401", async () => {
    const h = await createHackathon();
    const issuedAt = Date.parse("2026-11-28T12:00:00.000Z");
    const { ticket } = await ticketAt(h.hackathon.id, h.viewer_token, issuedAt);
    expect(await upgradeAt(h.hackathon.id, ticket, issuedAt + TICKET_TTL_MS)).toBe(401);
    // Moving the clock back does not revive it once the object has pruned expired tickets.
    await ticketAt(h.hackathon.id, h.viewer_token, issuedAt + TICKET_TTL_MS);
    expect(await upgradeAt(h.hackathon.id, ticket, issuedAt)).toBe(401);
  });
});
