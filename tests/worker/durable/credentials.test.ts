import { evictDurableObject, runInDurableObject } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { issueCredentials, roleOfToken } from "../../../worker/src/durable/credentials";
import type { HackathonRoom } from "../../../worker/src/durable/hackathon-room";
import { loadRecord, saveRecord } from "../../../worker/src/durable/room-record";
import { apiJson } from "../../helpers/api";
import { createHackathon } from "../../helpers/hackathons";
import { roomOf } from "../../helpers/rooms";

describe("hackathon tokens", () => {
  it("tells each token's role from the stored hashes, and nothing from a stranger's", async () => {
    const { tokens, hashes } = await issueCredentials();
    expect(await roleOfToken(tokens.viewer, hashes)).toBe("viewer");
    expect(await roleOfToken(tokens.operator, hashes)).toBe("operator");
    expect(await roleOfToken(tokens.ingest, hashes)).toBe("ingest");
    const other = await issueCredentials();
    expect(await roleOfToken(other.tokens.operator, hashes)).toBeNull();
    expect(await roleOfToken("", hashes)).toBeNull();
  });

  it("keeps a record from before roles working: its viewer token reads, and rotation gives it all three", async () => {
    const h = await createHackathon();
    const id = h.hackathon.id;
    // Make the stored record look like one written before operator and ingest tokens existed.
    await runInDurableObject(roomOf(id), (_room: HackathonRoom, state) => {
      const { operatorTokenHash: _o, ingestTokenHash: _i, ...old } = loadRecord(state.storage.sql)!;
      saveRecord(state.storage.sql, old);
    });
    await evictDurableObject(roomOf(id));
    expect((await apiJson(`/api/me?hackathon=${id}`, { token: h.viewer_token })).body).toMatchObject({ role: "viewer" });
    expect((await apiJson(`/api/me?hackathon=${id}`, { token: h.operator_token })).body).toMatchObject({ role: null });
    expect((await apiJson(`/api/hackathons/${id}/dashboard`, { token: h.operator_token })).status).toBe(404);

    const { body } = await apiJson<{ operator_token: string }>(`/api/hackathons/${id}/rotate`, { method: "POST" });
    expect((await apiJson(`/api/me?hackathon=${id}`, { token: body.operator_token })).body).toMatchObject({ role: "operator" });
  });
});
