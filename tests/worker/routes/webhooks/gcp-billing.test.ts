import { describe, expect, it } from "vitest";
import { ErrorBodySchema, HackathonCredentialsSchema, HackathonSchema, RcaResponseSchema } from "../../../../worker/src/contract";
import { api, apiJson, parseAnswer } from "../../../helpers/api";
import { readDashboard } from "../../../helpers/dashboard";
import { createHackathon } from "../../../helpers/hackathons";
import { budgetData, googleSigner, push, pushEnvelope, pushPath, pushUrl, SERVICE_ACCOUNT, tokenPath } from "../../../helpers/pubsub-push";

async function spendOf(id: string, token: string): Promise<number> {
  return (await readDashboard(id, token)).cost_metrics.current_spend;
}

async function expectUnauthorized(response: Response) {
  expect(response.status).toBe(401);
  const body = ErrorBodySchema.parse(await response.json());
  expect(body.error.code).toBe("unauthorized");
  return body.error;
}

/** A hackathon whose pushes are authenticated by OIDC tokens from the test's fake Google. */
async function oidcHackathon(gcp: Record<string, unknown> = {}) {
  const id = `gcp-${crypto.randomUUID().slice(0, 8)}`;
  const signer = await googleSigner(pushUrl(id));
  const h = await createHackathon({
    id,
    integrations: { gcp_billing: { service_account_email: SERVICE_ACCOUNT, jwks_url: signer.jwksUrl, ...gcp } },
  });
  return { h, id, signer };
}

describe("POST /webhooks/:id/gcp-billing with Google's OIDC token", () => {
  it("accepts a token for the push URL from the configured service account", async () => {
    const { h, id, signer } = await oidcHackathon();
    const response = await push(pushPath(id), pushEnvelope(budgetData({ costAmount: 42.5 })), await signer.sign());
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ accepted: 1, duplicates: 0 });
    expect(await spendOf(id, h.viewer_token)).toBe(42.5);
  });

  it("takes the push URL with its query as the default audience too", async () => {
    const { h, id, signer } = await oidcHackathon();
    const token = await signer.sign({}, { audience: `${pushUrl(id)}?token=abc` });
    expect((await push(pushPath(id), pushEnvelope(budgetData({ costAmount: 3 })), token)).status).toBe(200);
    expect(await spendOf(id, h.viewer_token)).toBe(3);
  });

  it("checks the configured audience exactly when one is set", async () => {
    const { h, id, signer } = await oidcHackathon({ oidc_audience: "pitwall-budget-push" });
    const body = pushEnvelope(budgetData({ costAmount: 7 }));
    await expectUnauthorized(await push(pushPath(id), body, await signer.sign()));
    expect((await push(pushPath(id), body, await signer.sign({}, { audience: "pitwall-budget-push" }))).status).toBe(200);
    expect(await spendOf(id, h.viewer_token)).toBe(7);
  });

  it("refuses a token for another audience, and stores nothing", async () => {
    const { h, id, signer } = await oidcHackathon();
    const token = await signer.sign({}, { audience: pushUrl("someone-else") });
    await expectUnauthorized(await push(pushPath(id), pushEnvelope(budgetData()), token));
    expect(await spendOf(id, h.viewer_token)).toBe(0);
  });

  it("refuses an expired token", async () => {
    const { h, id, signer } = await oidcHackathon();
    const token = await signer.sign({}, { expiresAt: Math.floor(Date.now() / 1000) - 600 });
    const error = await expectUnauthorized(await push(pushPath(id), pushEnvelope(budgetData()), token));
    expect(error.message).toMatch(/exp/);
    expect(await spendOf(id, h.viewer_token)).toBe(0);
  });

  it("refuses a token from another issuer", async () => {
    const { h, id, signer } = await oidcHackathon();
    const token = await signer.sign({}, { issuer: "https://evil.example" });
    await expectUnauthorized(await push(pushPath(id), pushEnvelope(budgetData()), token));
    expect(await spendOf(id, h.viewer_token)).toBe(0);
  });

  it("accepts Google's issuer spelled without the scheme", async () => {
    const { id, signer } = await oidcHackathon();
    const token = await signer.sign({}, { issuer: "accounts.google.com" });
    expect((await push(pushPath(id), pushEnvelope(budgetData()), token)).status).toBe(200);
  });

  it("refuses a token signed with a key Google never published", async () => {
    const { h, id, signer } = await oidcHackathon();
    const token = await signer.sign({}, { key: await signer.otherKey() });
    await expectUnauthorized(await push(pushPath(id), pushEnvelope(budgetData()), token));
    expect(await spendOf(id, h.viewer_token)).toBe(0);
  });

  it("refuses a token from another service account, or with an unverified email", async () => {
    const { h, id, signer } = await oidcHackathon();
    const body = pushEnvelope(budgetData());
    await expectUnauthorized(await push(pushPath(id), body, await signer.sign({ email: "intruder@evil.iam.gserviceaccount.com" })));
    await expectUnauthorized(await push(pushPath(id), body, await signer.sign({ email_verified: false })));
    expect(await spendOf(id, h.viewer_token)).toBe(0);
  });

  it("refuses OIDC tokens until a service account is configured, since anyone can mint one", async () => {
    const id = `gcp-${crypto.randomUUID().slice(0, 8)}`;
    const signer = await googleSigner(pushUrl(id));
    await createHackathon({ id, integrations: { gcp_billing: { jwks_url: signer.jwksUrl } } });
    const error = await expectUnauthorized(await push(pushPath(id), pushEnvelope(budgetData()), await signer.sign()));
    expect(error.message).toMatch(/service_account_email/);
  });
});

describe("POST /webhooks/:id/gcp-billing with the push URL's ?token=", () => {
  it("accepts the token webhook_urls.gcp_billing carries", async () => {
    const h = await createHackathon();
    const response = await push(tokenPath(h.webhook_urls.gcp_billing), pushEnvelope(budgetData({ costAmount: 12 })));
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ accepted: 1, duplicates: 0 });
    expect(await spendOf(h.hackathon.id, h.viewer_token)).toBe(12);
  });

  it("refuses another hackathon's token, and no credentials at all", async () => {
    const h = await createHackathon();
    const other = await createHackathon();
    const otherToken = new URL(other.webhook_urls.gcp_billing).search;
    await expectUnauthorized(await push(pushPath(h.hackathon.id, otherToken), pushEnvelope(budgetData())));
    const error = await expectUnauthorized(await push(pushPath(h.hackathon.id), pushEnvelope(budgetData())));
    expect(error.message).toMatch(/OIDC|token/);
    expect(await spendOf(h.hackathon.id, h.viewer_token)).toBe(0);
  });

  it("stops accepting the old token once the secret is rotated", async () => {
    const h = await createHackathon();
    const { status, body: answer } = await apiJson(`/api/hackathons/${h.hackathon.id}/rotate`, { method: "POST" });
    expect(status).toBe(200);
    const body = parseAnswer(HackathonCredentialsSchema, answer);
    await expectUnauthorized(await push(tokenPath(h.webhook_urls.gcp_billing), pushEnvelope(budgetData())));
    expect((await push(tokenPath(body.webhook_urls.gcp_billing), pushEnvelope(budgetData()))).status).toBe(200);
  });

  it("checks credentials before anything else: an unauthenticated garbage body is 401, not 204", async () => {
    const h = await createHackathon();
    await expectUnauthorized(await push(pushPath(h.hackathon.id, "?token=nope"), "not json"));
    const { status, body } = await apiJson(`/api/hackathons/${h.hackathon.id}/rca`, { token: h.viewer_token });
    expect(status).toBe(200);
    expect(parseAnswer(RcaResponseSchema, body).entries).toEqual([]);
  });
});

describe("POST /webhooks/:id/gcp-billing answers", () => {
  it("answers 409 for an archived hackathon", async () => {
    const h = await createHackathon();
    expect((await api(`/api/hackathons/${h.hackathon.id}`, { method: "DELETE" })).status).toBe(200);
    const response = await push(tokenPath(h.webhook_urls.gcp_billing), pushEnvelope(budgetData()));
    expect(response.status).toBe(409);
    expect(ErrorBodySchema.parse(await response.json()).error.code).toBe("conflict");
  });

  it("answers 401 for an unknown hackathon, as for a bad token (docs/contract.md section 5)", async () => {
    const response = await push(pushPath("no-such-hackathon", "?token=abc"), pushEnvelope(budgetData()));
    expect(response.status).toBe(401);
    expect(ErrorBodySchema.parse(await response.json()).error.code).toBe("unauthorized");
  });
});

describe("integrations.gcp_billing config", () => {
  it("is returned on create and merged field by field on PATCH; null removes a field", async () => {
    const h = await createHackathon({
      integrations: { gcp_billing: { service_account_email: SERVICE_ACCOUNT, oidc_audience: "aud-1" } },
    });
    expect(h.hackathon.integrations).toEqual({ gcp_billing: { service_account_email: SERVICE_ACCOUNT, oidc_audience: "aud-1" } });
    const path = `/api/hackathons/${h.hackathon.id}`;
    const patched = await apiJson(path, {
      method: "PATCH",
      json: { integrations: { gcp_billing: { jwks_url: "https://keys.example/certs", oidc_audience: null } } },
    });
    expect(patched.status).toBe(200);
    expect(HackathonSchema.parse(patched.body).integrations).toEqual({
      gcp_billing: { service_account_email: SERVICE_ACCOUNT, jwks_url: "https://keys.example/certs" },
    });
    const removed = await apiJson(path, { method: "PATCH", json: { integrations: { gcp_billing: null } } });
    expect(HackathonSchema.parse(removed.body).integrations).toEqual({});
  });

  it("refuses a jwks_url that is not http(s) and an invalid email, listing both paths", async () => {
    const { status, body } = await apiJson("/api/hackathons", {
      method: "POST",
      json: {
        id: `gcp-${crypto.randomUUID().slice(0, 8)}`,
        name: "Bad config",
        budget: { amount: 10 },
        starts_at: new Date().toISOString(),
        integrations: { gcp_billing: { jwks_url: "ftp://keys.example", service_account_email: "not-an-email" } },
      },
    });
    expect(status).toBe(400);
    const paths = ErrorBodySchema.parse(body)
      .error.issues.map((issue) => issue.path)
      .sort();
    expect(paths).toEqual(["integrations.gcp_billing.jwks_url", "integrations.gcp_billing.service_account_email"]);
  });
});
