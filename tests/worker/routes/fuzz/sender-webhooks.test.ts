import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { DashboardStateSchema, WebhookAcceptedSchema } from "../../../../worker/src/contract";
import { api, apiJson } from "../../../helpers/api";
import * as fuzz from "../../../helpers/fuzz";
import { budgetData, encodeData, messageIdOf, pushEnvelope, tokenPath } from "../../../helpers/pubsub-push";
import { issuesPayload, sendGithub } from "../../integrations/github/deliveries";

const GITHUB_EVENTS = ["issues", "issue_dependencies", "sub_issues", "ping", "push"];
const ISSUE_FIELDS = [
  ["action"],
  ["issue"],
  ["issue", "number"],
  ["issue", "title"],
  ["issue", "state"],
  ["issue", "labels"],
  ["issue", "updated_at"],
  ["issue", "body"],
  ["repository"],
  ["repository", "full_name"],
];

/** An issues payload with one odd field, or any body at all. */
const githubPayload = fc.oneof(
  fc
    .constantFrom("opened", "edited", "closed", "labeled", "deleted")
    .chain((action) => fuzz.mutatedField(issuesPayload(action), ISSUE_FIELDS))
    .map((p) => JSON.stringify(p)),
  fuzz.weirdBody(fc.constant(issuesPayload("opened"))),
);
const deliveryId = fc.oneof(
  fc.constant(null).map(() => crypto.randomUUID()),
  fuzz.weirdHeaderValue.map((value) => `${value.slice(0, 60)}-${crypto.randomUUID()}`),
  fc.constant("x".repeat(101)),
);

/** `X-Hub-Signature-256` computed here from the spec (octokit's signer refuses an empty body, which GitHub may still send). */
async function githubSignature(secret: string, body: string): Promise<string> {
  const encoder = new TextEncoder();
  const key = await crypto.subtle.importKey("raw", encoder.encode(secret), { name: "HMAC", hash: "SHA-256" }, false, ["sign"]);
  const mac = new Uint8Array(await crypto.subtle.sign("HMAC", key, encoder.encode(body)));
  return `sha256=${[...mac].map((byte) => byte.toString(16).padStart(2, "0")).join("")}`;
}

async function githubHeaders(
  secret: string,
  body: string,
  event: string,
  delivery: string,
  type = "application/json",
): Promise<Record<string, string>> {
  return {
    "content-type": type,
    "x-github-event": event,
    "x-github-delivery": delivery,
    "x-hub-signature-256": await githubSignature(secret, body),
  };
}

/** Posts a signed delivery; refusals are contract errors that changed nothing, acceptances count once. */
async function checkGithubDelivery(id: string, body: string, headers: Record<string, string>) {
  const before = await fuzz.roomState(id);
  const response = await sendGithub(id, body, headers);
  if (response.status !== 200) {
    await fuzz.expectContractError(response, [400, 415], `${headers["x-github-event"]} ${body}`);
    expect(await fuzz.roomState(id)).toEqual(before);
    return;
  }
  const answer = WebhookAcceptedSchema.parse(await response.json());
  expect(answer.accepted + answer.duplicates).toBeLessThanOrEqual(1);
  if (answer.accepted === 0) return;
  const after = await fuzz.roomState(id);
  const again = await sendGithub(id, body, headers);
  expect(WebhookAcceptedSchema.parse(await again.json())).toEqual({ accepted: 0, duplicates: 1 });
  expect((await fuzz.roomState(id)).events).toEqual(after.events);
}

describe("fuzz: POST /webhooks/:id/github", { timeout: 60_000 }, () => {
  it("answers any signed delivery with 200, or a 400/415 that stores nothing", async () => {
    const h = await fuzz.quietHackathon();
    await fc.assert(
      fc.asyncProperty(
        githubPayload,
        fc.constantFrom(...GITHUB_EVENTS),
        fc.constantFrom("json", "form", "text/plain"),
        deliveryId,
        async (json, event, type, delivery) => {
          const body = type === "form" ? new URLSearchParams({ payload: json }).toString() : json;
          const contentType = { json: "application/json", form: "application/x-www-form-urlencoded", "text/plain": "text/plain" }[type];
          const headers = await githubHeaders(h.webhook_secret, body, event, delivery, contentType);
          await checkGithubDelivery(h.hackathon.id, body, headers);
        },
      ),
      // Regression: a body starting with a byte order mark lost it before the HMAC check (401).
      fuzz.fuzzRuns(60, [[`\ufeff${JSON.stringify(issuesPayload("opened"))}`, "issues", "json", crypto.randomUUID()]]),
    );
  });

  it("refuses missing or garbage X-Hub-Signature-256 with 401 and stores nothing", async () => {
    const h = await fuzz.quietHackathon();
    const before = await fuzz.roomState(h.hackathon.id);
    await fc.assert(
      fc.asyncProperty(githubPayload, fc.option(fuzz.weirdHeaderValue, { nil: undefined }), async (body, signature) => {
        const headers = await githubHeaders(h.webhook_secret, body, "issues", crypto.randomUUID());
        if (signature === undefined) delete headers["x-hub-signature-256"];
        else headers["x-hub-signature-256"] = signature;
        await fuzz.expectContractError(await sendGithub(h.hackathon.id, body, headers), [401], signature);
      }),
      fuzz.fuzzRuns(50),
    );
    expect(await fuzz.roomState(h.hackathon.id)).toEqual(before);
  });
});

/** A push envelope whose budget notification (or envelope) has one odd field. */
const budgetPush = fc.oneof(
  fuzz
    .mutatedField(budgetData(), [
      ["costAmount"],
      ["costIntervalStart"],
      ["currencyCode"],
      ["budgetAmount"],
      ["schemaVersion"],
      ["alertThresholdExceeded"],
    ])
    .map((data) => JSON.stringify(pushEnvelope(data))),
  fc
    .constant(null)
    .chain(() =>
      fuzz.mutatedField(pushEnvelope(budgetData()), [
        ["message"],
        ["message", "data"],
        ["message", "messageId"],
        ["message", "publishTime"],
        ["message", "attributes"],
      ]),
    )
    .map((p) => JSON.stringify(p)),
  fuzz.weirdString.map((text) => JSON.stringify(pushEnvelope(null, { data: encodeData(text) }))),
  fuzz.weirdBody(fc.constant(null).map(() => pushEnvelope(budgetData()))),
);

describe("fuzz: POST /webhooks/:id/gcp-billing", { timeout: 60_000 }, () => {
  it("answers any push with the right ?token= with 200 or 204, and counts an accepted one once", async () => {
    const h = await fuzz.quietHackathon();
    const path = tokenPath(h.webhook_urls.gcp_billing);
    await fc.assert(
      fc.asyncProperty(budgetPush, async (body) => {
        const response = await api(path, { method: "POST", token: null, body, headers: { "content-type": "application/json" } });
        expect([200, 204], `${response.status} ${(await response.clone().text()).slice(0, 200)}`).toContain(response.status);
        if (response.status === 204) return;
        const answer = WebhookAcceptedSchema.parse(await response.json());
        const dashboard = await apiJson(`/api/hackathons/${h.hackathon.id}/dashboard`, { token: h.viewer_token });
        expect(dashboard.status).toBe(200);
        DashboardStateSchema.parse(dashboard.body);
        if (answer.accepted === 0) return;
        const stored = (await fuzz.roomState(h.hackathon.id)).events;
        const again = await api(path, { method: "POST", token: null, body, headers: { "content-type": "application/json" } });
        expect(again.status).toBe(200);
        expect(WebhookAcceptedSchema.parse(await again.json()).accepted).toBe(0);
        expect((await fuzz.roomState(h.hackathon.id)).events).toEqual(stored);
      }),
      fuzz.fuzzRuns(60, [[JSON.stringify(pushEnvelope(budgetData({ costAmount: Number.MAX_VALUE })))]]),
    );
  });

  it("refuses a wrong, repeated or garbage token (or bearer) with 401 and stores nothing", async () => {
    const h = await fuzz.quietHackathon();
    const path = tokenPath(h.webhook_urls.gcp_billing);
    const realToken = new URL(h.webhook_urls.gcp_billing).searchParams.get("token")!;
    const before = await fuzz.roomState(h.hackathon.id);
    const query = fc.oneof(
      fc.constant(""),
      fuzz.weirdString.map((t) => `?token=${encodeURIComponent(fuzz.wellFormed(t))}`),
      fc.constant(`?token=${realToken}x`),
      fc.constant(`?token=${realToken.slice(1)}`),
      fc.constant(`?token=${realToken.toUpperCase()}`),
      fc.constant(`?token=%ZZ${realToken}`),
      fuzz.weirdHeaderValue.map((v) => `?token=${encodeURIComponent(v)}&token=${realToken}`),
    );
    await fc.assert(
      fc.asyncProperty(query, fc.option(fuzz.weirdHeaderValue, { nil: undefined }), async (search, bearer) => {
        const headers: Record<string, string> = { "content-type": "application/json" };
        if (bearer !== undefined) headers.authorization = `Bearer ${bearer}`;
        const body = JSON.stringify(pushEnvelope(budgetData({ costAmount: 1 }), { messageId: messageIdOf() }));
        const response = await api(`${path.split("?")[0]}${search}`, { method: "POST", token: null, body, headers });
        await fuzz.expectContractError(response, [401], `${search} ${bearer}`);
      }),
      fuzz.fuzzRuns(50),
    );
    expect(await fuzz.roomState(h.hackathon.id)).toEqual(before);
  });
});
