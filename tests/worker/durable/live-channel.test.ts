import { evictDurableObject } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { ErrorBodySchema } from "../../../worker/src/contract";
import { createHackathon } from "../../helpers/hackathons";
import { roomOf } from "../../helpers/rooms";
import { issueTicket, LiveClient, upgrade } from "../../helpers/sockets";
import { costEvent, eventId, postEvents } from "../../helpers/webhooks";

describe("live channel", () => {
  it("sends the snapshot first, then one delta per change with increasing seq", async () => {
    const h = await createHackathon();
    const client = await LiveClient.open(h.hackathon.id, h.viewer_token);
    const snapshot = await client.waitFor((m) => m.type === "snapshot");
    expect(client.messages[0]).toBe(snapshot);
    if (snapshot.type !== "snapshot") throw new Error("unreachable");
    expect(snapshot.state.cost_metrics.current_spend).toBe(0);

    await postEvents(h.hackathon.id, h.webhook_secret, costEvent({ amount: 7.25 }));
    const delta = await client.waitFor((m) => m.type === "cost");
    expect(delta.seq).toBeGreaterThan(snapshot.seq);
    expect(delta.type === "cost" && delta.data.current_spend).toBe(7.25);

    await postEvents(h.hackathon.id, h.webhook_secret, {
      id: eventId(),
      type: "token",
      ts: new Date().toISOString(),
      model: "m",
      input_tokens: 10,
      output_tokens: 5,
    });
    await client.waitFor((m) => m.type === "tokens");
    const seqs = client.messages.map((m) => m.seq);
    expect(seqs).toEqual([...seqs].sort((a, b) => a - b));
    expect(new Set(seqs.slice(1)).size).toBe(seqs.length - 1);
    client.close();
  });

  it("merges changes within one frame into one delta per kind", async () => {
    const h = await createHackathon();
    const client = await LiveClient.open(h.hackathon.id, h.viewer_token);
    await client.waitFor((m) => m.type === "snapshot");
    await Promise.all([1, 2, 3].map((n) => postEvents(h.hackathon.id, h.webhook_secret, costEvent({ amount: n }))));
    await client.waitFor((m) => m.type === "cost" && m.data.current_spend === 6);
    const costDeltas = client.messages.filter((m) => m.type === "cost");
    expect(costDeltas.length).toBeLessThan(3);
    client.close();
  });

  it("keeps sockets open while the object sleeps, and goes on counting seq after it wakes", async () => {
    const h = await createHackathon();
    const client = await LiveClient.open(h.hackathon.id, h.viewer_token);
    await postEvents(h.hackathon.id, h.webhook_secret, costEvent({ amount: 1 }));
    const before = await client.waitFor((m) => m.type === "cost");

    await evictDurableObject(roomOf(h.hackathon.id));
    await postEvents(h.hackathon.id, h.webhook_secret, costEvent({ amount: 2 }));
    const after = await client.waitFor((m) => m.type === "cost" && m.data.current_spend === 3);
    expect(after.seq).toBeGreaterThan(before.seq);
    client.close();
  });

  it("resumes with ?since= by replaying exactly the missed deltas", async () => {
    const h = await createHackathon();
    const first = await LiveClient.open(h.hackathon.id, h.viewer_token);
    // A second viewer stays connected: its delta shows when the frame has been published (and kept for resume).
    const witness = await LiveClient.open(h.hackathon.id, h.viewer_token);
    await postEvents(h.hackathon.id, h.webhook_secret, costEvent({ amount: 1 }));
    const seen = await first.waitFor((m) => m.type === "cost");
    first.close();

    await postEvents(h.hackathon.id, h.webhook_secret, costEvent({ amount: 2 }));
    await witness.waitFor((m) => m.type === "cost" && m.data.current_spend === 3);
    witness.close();
    const resumed = await LiveClient.open(h.hackathon.id, h.viewer_token, seen.seq);
    const missed = await resumed.waitFor((m) => m.type === "cost");
    expect(resumed.messages[0]?.type).not.toBe("snapshot");
    expect(missed.seq).toBeGreaterThan(seen.seq);
    expect(missed.type === "cost" && missed.data.current_spend).toBe(3);
    resumed.close();
  });

  it("sends a fresh snapshot when the resume point is unknown", async () => {
    const h = await createHackathon();
    const client = await LiveClient.open(h.hackathon.id, h.viewer_token, 999_999);
    expect((await client.waitFor(() => true)).type).toBe("snapshot");
    client.close();
  });

  it("refuses an upgrade without a valid ticket with 401, before upgrading", async () => {
    const h = await createHackathon();
    for (const query of ["", "ticket=pwt_forged"]) {
      const response = await upgrade(h.hackathon.id, query);
      expect(response.status).toBe(401);
      expect(response.webSocket).toBeNull();
      expect(ErrorBodySchema.parse(await response.json()).error.code).toBe("unauthorized");
    }
  });

  it("accepts a ticket once only, and only on its own hackathon", async () => {
    const a = await createHackathon();
    const b = await createHackathon();
    const ticket = await issueTicket(a.hackathon.id, a.viewer_token);
    expect((await upgrade(b.hackathon.id, `ticket=${ticket}`)).status).toBe(401);
    const first = await upgrade(a.hackathon.id, `ticket=${ticket}`);
    expect(first.status).toBe(101);
    first.webSocket?.accept();
    first.webSocket?.close(1000, "done");
    expect((await upgrade(a.hackathon.id, `ticket=${ticket}`)).status).toBe(401);
  });
});
