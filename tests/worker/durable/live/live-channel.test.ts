import { describe, expect, it } from "vitest";
import { SEND_CHUNK } from "../../../../worker/src/durable/live/live-channel";
import { createHackathon } from "../../../helpers/hackathons";
import { LiveClient } from "../../../helpers/sockets";
import { costEvent, postEvents } from "../../../helpers/webhooks";

describe("live channel fan-out", () => {
  it("sends every frame to every subscriber in the same order when the room is larger than one send chunk", async () => {
    const h = await createHackathon();
    const clients: LiveClient[] = [];
    // Sequential: the tickets and upgrades of one room are served one at a time anyway.
    for (let i = 0; i < SEND_CHUNK + 10; i++) clients.push(await LiveClient.open(h.hackathon.id, h.viewer_token));
    const snapshots = await Promise.all(clients.map((c) => c.waitFor((m) => m.type === "snapshot")));
    // Deltas published while the room was still filling reached only the sockets open by then.
    const allOpenAt = Math.max(...snapshots.map((m) => m.seq));

    for (const amount of [1, 2, 3]) await postEvents(h.hackathon.id, h.webhook_secret, costEvent({ amount }));
    const timeoutMs = 20_000;
    await Promise.all(clients.map((c) => c.waitFor((m) => m.type === "cost" && m.data.current_spend === 6, { timeoutMs })));

    // The rest of that frame may still be on its way to later chunks: wait for the newest seq anyone has.
    const newest = Math.max(...clients.flatMap((c) => c.messages.map((m) => m.seq)));
    await Promise.all(clients.map((c) => c.waitFor((m) => m.seq === newest, { timeoutMs })));

    const seqsOf = (c: LiveClient) =>
      c.messages.filter((m) => m.type !== "snapshot" && m.seq > allOpenAt && m.seq <= newest).map((m) => m.seq);
    const first = seqsOf(clients[0]!);
    expect(first.length).toBeGreaterThan(0);
    expect(first).toEqual([...first].sort((a, b) => a - b));
    expect(new Set(first).size).toBe(first.length);
    for (const client of clients) expect(seqsOf(client)).toEqual(first);
    for (const client of clients) client.close();
  }, 120_000);
});
