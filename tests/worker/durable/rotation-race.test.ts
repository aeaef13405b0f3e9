// docs/contract.md section 2: rotating ends what the old credentials opened. The Worker checks a
// token before it asks the object for a ticket or an SSE stream, and a rotation can finish in
// between; the object checks the token again (credentials.ts `grantCheck`). These calls reach the
// object as the Worker would in that race: with a grant it checked before the rotation.
import { describe, expect, it } from "vitest";
import { HackathonCredentialsSchema } from "../../../worker/src/contract";
import { type ReaderGrant, withReaderGrant } from "../../../worker/src/durable/credentials";
import { apiJson } from "../../helpers/api";
import { createHackathon } from "../../helpers/hackathons";
import { roomOf } from "../../helpers/rooms";
import { upgrade } from "../../helpers/sockets";

async function rotatedHackathon() {
  const old = await createHackathon();
  const id = old.hackathon.id;
  const { status, body } = await apiJson(`/api/hackathons/${id}/rotate`, { method: "POST" });
  expect(status).toBe(200);
  return { id, old, fresh: HackathonCredentialsSchema.parse(body) };
}

const tokenGrant = (role: "viewer" | "operator", token: string): ReaderGrant => ({ session: { role }, token });

/** Opens the SSE stream on the object directly, as the Worker forwards it after its own check. */
async function openStream(id: string, grant: ReaderGrant): Promise<number> {
  const request = withReaderGrant(new Request(`https://pitwall.test/api/hackathons/${id}/alerts/stream`), grant);
  const response = await roomOf(id).fetch(request);
  await response.body?.cancel();
  return response.status;
}

describe("a token checked by the Worker just before a rotation", () => {
  it("gets no ticket from the object after it: the 404 of a token the hackathon does not know", async () => {
    const { id, old, fresh } = await rotatedHackathon();
    for (const stale of [tokenGrant("viewer", old.viewer_token), tokenGrant("operator", old.operator_token)]) {
      const outcome = await roomOf(id).ticket(stale);
      expect(outcome).toMatchObject({ ok: false, status: 404, body: { error: { code: "not_found" } } });
    }
    // The new tokens get theirs, and a token is held only in its own role.
    expect(await roomOf(id).ticket(tokenGrant("viewer", fresh.viewer_token))).toMatchObject({ ok: true });
    expect(await roomOf(id).ticket(tokenGrant("operator", fresh.viewer_token))).toMatchObject({ ok: false, status: 404 });
    expect(await roomOf(id).ticket({ session: { role: "viewer" }, token: null })).toMatchObject({ ok: false, status: 404 });
  });

  it("opens no SSE stream after it", async () => {
    const { id, old, fresh } = await rotatedHackathon();
    expect(await openStream(id, tokenGrant("viewer", old.viewer_token))).toBe(404);
    expect(await openStream(id, tokenGrant("operator", old.operator_token))).toBe(404);
    expect(await openStream(id, tokenGrant("viewer", fresh.viewer_token))).toBe(200);
  });

  it("leaves the admin's and people's grants alone: they survive rotation and carry no token", async () => {
    const { id } = await rotatedHackathon();
    const admin = await roomOf(id).ticket({ session: { role: "admin" }, token: null });
    const person = await roomOf(id).ticket({ session: { role: "operator", person: true }, token: null });
    for (const outcome of [admin, person]) {
      expect(outcome.ok).toBe(true);
      const opened = await upgrade(id, `ticket=${outcome.ok ? outcome.value.ticket : ""}`);
      expect(opened.status).toBe(101);
      opened.webSocket?.accept();
      opened.webSocket?.close();
    }
    expect(await openStream(id, { session: { role: "admin" }, token: null })).toBe(200);
    expect(await openStream(id, { session: { role: "viewer", person: true }, token: null })).toBe(200);
  });
});
