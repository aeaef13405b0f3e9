// Finding 11 of issue 15 (docs/contract.md section 4): X-GitHub-Delivery is not signed, so a captured
// delivery can be replayed under a new one. What is already applied changes nothing and is a
// duplicate; a real change under a new delivery id is still accepted.
import { runInDurableObject } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { createHackathon } from "../../../helpers/hackathons";
import { roomOf } from "../../../helpers/rooms";
import { deliver, githubHeaders, issuesPayload, sendGithub, tasksOf } from "./deliveries";

const storedEvents = (id: string) =>
  runInDurableObject(roomOf(id), (_, state) => state.storage.sql.exec<{ n: number }>("SELECT COUNT(*) AS n FROM events").one().n);

/** The tasks source's count of deliveries refused as repeats (evidence of an over-counting sender). */
const duplicatesCounted = (id: string) =>
  runInDurableObject(
    roomOf(id),
    (_, state) =>
      state.storage.sql.exec<{ duplicates: number }>("SELECT duplicates FROM source_health WHERE source = 'tasks'").one().duplicates,
  );

describe("a GitHub delivery replayed under a new X-GitHub-Delivery", () => {
  it("counts as a duplicate and changes nothing; a real change under a new id is accepted", async () => {
    const h = await createHackathon();
    const id = h.hackathon.id;
    const opened = JSON.stringify(issuesPayload("opened"));
    const send = async (body: string) => (await sendGithub(id, body, await githubHeaders(h.webhook_secret, body, "issues"))).json();

    expect(await send(opened)).toEqual({ accepted: 1, duplicates: 0 });
    const board = await tasksOf(id);
    const events = await storedEvents(id);

    // The same signed body, new delivery id each time: nothing new.
    expect(await send(opened)).toEqual({ accepted: 0, duplicates: 1 });
    expect(await send(opened)).toEqual({ accepted: 0, duplicates: 1 });
    expect(await tasksOf(id)).toEqual(board);
    expect(await storedEvents(id)).toBe(events);

    // GitHub's own redelivery (same delivery id) is a duplicate as before.
    const delivery = crypto.randomUUID();
    const closed = JSON.stringify(issuesPayload("closed", { state: "closed", updated_at: "2026-11-27T11:00:00Z" }));
    const closedHeaders = await githubHeaders(h.webhook_secret, closed, "issues", { delivery });
    expect(await (await sendGithub(id, closed, closedHeaders)).json()).toEqual({ accepted: 1, duplicates: 0 });
    expect((await tasksOf(id))[0]?.status).toBe("done");
    expect(await (await sendGithub(id, closed, closedHeaders)).json()).toEqual({ accepted: 0, duplicates: 1 });

    // An older state replayed after a newer one: it changes nothing either.
    expect(await send(opened)).toEqual({ accepted: 0, duplicates: 1 });
    expect((await tasksOf(id))[0]?.status).toBe("done");

    // A real change, under a new delivery id: accepted.
    const reopened = issuesPayload("reopened", { state: "open", updated_at: "2026-11-27T12:00:00Z" });
    expect(await (await deliver(id, h.webhook_secret, "issues", reopened)).json()).toEqual({ accepted: 1, duplicates: 0 });
    expect((await tasksOf(id))[0]?.status).toBe("todo");
    expect(await duplicatesCounted(id)).toBe(4);
  });

  it("accepts a delivery at the same updated_at whose mapped task differs (a new label)", async () => {
    const h = await createHackathon();
    const base = issuesPayload("opened");
    expect(await (await deliver(h.hackathon.id, h.webhook_secret, "issues", base)).json()).toEqual({ accepted: 1, duplicates: 0 });
    const labelled = issuesPayload("labeled", { labels: [{ name: "blocked" }] });
    expect(await (await deliver(h.hackathon.id, h.webhook_secret, "issues", labelled)).json()).toEqual({ accepted: 1, duplicates: 0 });
    expect((await tasksOf(h.hackathon.id))[0]?.status).toBe("blocked");
  });
});
