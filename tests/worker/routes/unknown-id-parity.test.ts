// Finding 8 of issue 15 (docs/contract.md section 5): on routes whose credential an unknown id cannot
// have (the webhooks and /live tickets), an unknown id answers 401 exactly as an existing
// hackathon answers a bad credential, byte for byte, so private hackathons cannot be found.
import { describe, expect, it } from "vitest";
import { api } from "../../helpers/api";
import { createHackathon, uniqueHackathonId } from "../../helpers/hackathons";
import { budgetData, push, pushEnvelope, pushPath } from "../../helpers/pubsub-push";
import { upgrade } from "../../helpers/sockets";
import { costEvent, signHeaders } from "../../helpers/webhooks";
import { githubHeaders, issuesPayload, sendGithub } from "../integrations/github/deliveries";

type Answer = { status: number; text: string };
const answerOf = async (response: Response): Promise<Answer> => ({ status: response.status, text: await response.text() });

/** The same request to an existing hackathon and to an id nobody created. */
async function bothAnswers(send: (id: string) => Promise<Response>): Promise<[Answer, Answer]> {
  const { hackathon } = await createHackathon();
  return [await answerOf(await send(hackathon.id)), await answerOf(await send(uniqueHackathonId("nx")))];
}

async function expectParity(send: (id: string) => Promise<Response>) {
  const [existing, unknown] = await bothAnswers(send);
  expect(existing.status).toBe(401);
  expect(JSON.parse(existing.text).error.code).toBe("unauthorized");
  expect(unknown).toEqual(existing);
}

const WRONG_SECRET = `whsec_${btoa("not this hackathon's secret, 32b")}`;
const event = JSON.stringify(costEvent({ amount: 2 }));
const sendEvents = (headers: Record<string, string>) => (id: string) =>
  api(`/webhooks/${id}/events`, { method: "POST", token: null, body: event, headers });

describe("an unknown id answers as a bad credential does", () => {
  it("POST /webhooks/:id/events: wrong signature, missing headers, stale timestamp", async () => {
    await expectParity(sendEvents(signHeaders(WRONG_SECRET, event)));
    await expectParity(sendEvents({ "content-type": "application/json" }));
    await expectParity(sendEvents(signHeaders(WRONG_SECRET, event, new Date(Date.now() - 10 * 60_000))));
  });

  it("POST /webhooks/:id/github: wrong signature, no signature", async () => {
    const body = JSON.stringify(issuesPayload("opened"));
    const headers = await githubHeaders(WRONG_SECRET, body, "issues");
    await expectParity((id) => sendGithub(id, body, headers));
    const { "x-hub-signature-256": _, ...unsigned } = headers;
    await expectParity((id) => sendGithub(id, body, unsigned));
  });

  it("POST /webhooks/:id/gcp-billing: wrong ?token=, no credential, an OIDC token where none is configured", async () => {
    const body = pushEnvelope(budgetData());
    await expectParity((id) => push(pushPath(id, "?token=0123abcd"), body));
    await expectParity((id) => push(pushPath(id), body));
    await expectParity((id) => push(pushPath(id), body, "eyJhbGciOiJSUzI1NiJ9.e30.c2ln"));
  });

  it("GET /api/hackathons/:id/live: a bogus ticket, no ticket", async () => {
    await expectParity((id) => upgrade(id, "ticket=pwt_bogus"));
    await expectParity((id) => upgrade(id, ""));
  });

  it("while the right credential is still accepted on the existing hackathon", async () => {
    const h = await createHackathon();
    const sent = await api(`/webhooks/${h.hackathon.id}/events`, {
      method: "POST",
      token: null,
      body: event,
      headers: signHeaders(h.webhook_secret, event),
    });
    expect(sent.status).toBe(200);
  });
});
