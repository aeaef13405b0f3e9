// Finding 7 of issue 15: any well-formed id reaches an object, so merely asking about an id
// nobody created must not create storage (nor schema) for it.
import { runInDurableObject } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { api } from "../../helpers/api";
import { createHackathon, uniqueHackathonId } from "../../helpers/hackathons";
import { budgetData, pushEnvelope } from "../../helpers/pubsub-push";
import { roomOf } from "../../helpers/rooms";
import { upgrade } from "../../helpers/sockets";
import { costEvent, signHeaders } from "../../helpers/webhooks";
import { githubHeaders, issuesPayload } from "../integrations/github/deliveries";

const tablesOf = (id: string) =>
  runInDurableObject(roomOf(id), (_, state) => state.storage.sql.exec<{ name: string }>("SELECT name FROM sqlite_master").toArray());

/** Every kind of request an outsider (or a token of another hackathon) can send to an id. */
async function probe(id: string, secret: string, viewerToken: string): Promise<number[]> {
  const event = JSON.stringify(costEvent({ amount: 1 }));
  const issue = JSON.stringify(issuesPayload("opened"));
  const answers = await Promise.all([
    api(`/webhooks/${id}/events`, { method: "POST", token: null, body: event, headers: signHeaders(secret, event) }),
    api(`/webhooks/${id}/github`, { method: "POST", token: null, body: issue, headers: await githubHeaders(secret, issue, "issues") }),
    api(`/webhooks/${id}/gcp-billing?token=abc`, {
      method: "POST",
      token: null,
      body: JSON.stringify(pushEnvelope(budgetData())),
      headers: { "content-type": "application/json" },
    }),
    upgrade(id, "ticket=pwt_nope"),
    api(`/api/hackathons/${id}`, { token: viewerToken }),
    api(`/api/hackathons/${id}/dashboard`),
    api(`/api/hackathons/${id}/alerts/stream`),
    api(`/api/hackathons/${id}/ticket`, { method: "POST" }),
    api(`/api/hackathons/${id}/rotate`, { method: "POST" }),
    api(`/api/hackathons/${id}`, { method: "PATCH", json: { name: "x" } }),
    api(`/api/hackathons/${id}`, { method: "DELETE" }),
    api(`/api/public/${id}/status`, { token: null }),
    api(`/status/${id}`, { token: null }),
  ]);
  await Promise.all(answers.map((answer) => answer.body?.cancel()));
  return answers.map((answer) => answer.status);
}

describe("an id nobody created", () => {
  it("keeps no storage after requests to every route, authenticated or not", async () => {
    const other = await createHackathon();
    const id = uniqueHackathonId("nx");
    const statuses = await probe(id, other.webhook_secret, other.viewer_token);
    expect(statuses.every((status) => status === 401 || status === 404)).toBe(true);
    expect(await tablesOf(id)).toEqual([]);
  });

  it("still gets its schema, and works, once it is created", async () => {
    const id = uniqueHackathonId("nx");
    await probe(id, "whsec_AAAA", "pwv_nope");
    const created = await createHackathon({ id });
    const event = JSON.stringify(costEvent({ amount: 4 }));
    const sent = await api(`/webhooks/${id}/events`, {
      method: "POST",
      token: null,
      body: event,
      headers: signHeaders(created.webhook_secret, event),
    });
    expect(await sent.json()).toEqual({ accepted: 1, duplicates: 0 });
    expect((await tablesOf(id)).map((t) => t.name)).toEqual(expect.arrayContaining(["schema_version", "meta", "events"]));
  });
});
