// docs/contract.md section 2: rotating ends what the old credentials opened, at once: old tokens,
// unspent tickets, live sockets and SSE streams opened with the hackathon's tokens. The
// admin's sessions stay.
import { describe, expect, it } from "vitest";
import { HackathonCredentialsSchema, type HackathonCredentials } from "../../../worker/src/contract";
import { ADMIN_TOKEN, api, apiJson } from "../../helpers/api";
import { createHackathon } from "../../helpers/hackathons";
import { issueTicket, LiveClient, upgrade } from "../../helpers/sockets";
import { openAlertStream, SseReader } from "../../helpers/sse";
import { costEvent, postEvents } from "../../helpers/webhooks";

async function rotate(id: string): Promise<HackathonCredentials> {
  const { status, body } = await apiJson(`/api/hackathons/${id}/rotate`, { method: "POST" });
  expect(status).toBe(200);
  return HackathonCredentialsSchema.parse(body);
}

describe("rotation ends the sessions of the old credentials", () => {
  it("closes viewer and operator sockets at once with 4001, sends them nothing more, and keeps the admin's", async () => {
    const h = await createHackathon();
    const id = h.hackathon.id;
    const viewer = await LiveClient.open(id, h.viewer_token);
    const operator = await LiveClient.open(id, h.operator_token);
    const admin = await LiveClient.open(id, ADMIN_TOKEN);
    for (const client of [viewer, operator, admin]) await client.waitFor((m) => m.type === "snapshot");
    const seen = { viewer: viewer.messages.length, operator: operator.messages.length };

    const rotated = await rotate(id);
    expect(await viewer.waitForClose()).toEqual({ code: 4001, reason: "credentials rotated" });
    expect(await operator.waitForClose()).toEqual({ code: 4001, reason: "credentials rotated" });

    // The admin's socket lives on and gets the next change; the closed ones got nothing, not
    // even the snapshot that the rotation itself broadcast.
    const before = admin.messages.length;
    expect((await postEvents(id, rotated.webhook_secret, costEvent({ amount: 3 }))).status).toBe(200);
    await admin.waitFor((m) => m.type === "cost" && m.data.current_spend === 3, { from: before });
    expect(admin.closed).toBeNull();
    expect(viewer.messages).toHaveLength(seen.viewer);
    expect(operator.messages).toHaveLength(seen.operator);
    admin.close();
  });

  it("voids tickets minted before the rotation (401), except the admin's", async () => {
    const h = await createHackathon();
    const id = h.hackathon.id;
    const viewerTicket = await issueTicket(id, h.viewer_token);
    const operatorTicket = await issueTicket(id, h.operator_token);
    const adminTicket = await issueTicket(id, ADMIN_TOKEN);
    await rotate(id);
    for (const ticket of [viewerTicket, operatorTicket]) {
      const refused = await upgrade(id, `ticket=${ticket}`);
      expect(refused.status).toBe(401);
      expect(refused.webSocket).toBeNull();
    }
    const opened = await upgrade(id, `ticket=${adminTicket}`);
    expect(opened.status).toBe(101);
    opened.webSocket?.accept();
    opened.webSocket?.close();
  });

  it("ends the SSE streams opened with the hackathon's tokens; the admin's stream goes on", async () => {
    const h = await createHackathon({ budget: { amount: 100 } });
    const id = h.hackathon.id;
    const opened = [
      await openAlertStream(id, h.viewer_token),
      await openAlertStream(id, h.operator_token),
      // A forged role header changes nothing: the Worker overwrites it with the caller's role.
      await api(`/api/hackathons/${id}/alerts/stream`, { token: h.viewer_token, headers: { "x-pitwall-role": "admin" } }),
      await openAlertStream(id, ADMIN_TOKEN),
    ];
    for (const response of opened) expect(response.status).toBe(200);
    const [viewer, operator, forged, admin] = opened.map((response) => new SseReader(response)) as [
      SseReader,
      SseReader,
      SseReader,
      SseReader,
    ];

    const rotated = await rotate(id);
    // Ended, and with nothing sent before the end.
    for (const ended of [viewer, operator, forged]) expect(await ended.untilEnded()).toEqual([]);

    expect((await postEvents(id, rotated.webhook_secret, costEvent({ total: 85 }))).status).toBe(200);
    // The admin's stream is still open: `nextMatching` fails if it ended first.
    await admin.nextMatching((alert) => alert.type === "budget");
    admin.cancel();
  });

  it("makes every old token a stranger (404) and the new ones work", async () => {
    const h = await createHackathon();
    const id = h.hackathon.id;
    const rotated = await rotate(id);
    expect(rotated.operator_token).not.toBe(h.operator_token);
    expect(rotated.ingest_token).not.toBe(h.ingest_token);
    for (const old of [h.viewer_token, h.operator_token, h.ingest_token]) {
      expect((await api(`/api/hackathons/${id}/dashboard`, { token: old })).status).toBe(404);
      expect((await apiJson(`/api/me?hackathon=${id}`, { token: old })).body).toEqual({ by: null, email: null, role: null });
    }
    expect((await api(`/api/hackathons/${id}/dashboard`, { token: rotated.viewer_token })).status).toBe(200);
    expect((await api(`/api/hackathons/${id}/ticket`, { method: "POST", token: rotated.operator_token })).status).toBe(201);
    expect((await apiJson(`/api/me?hackathon=${id}`, { token: rotated.ingest_token })).body).toMatchObject({ role: "ingest" });
  });
});
