import { describe, expect, it } from "vitest";
import { ErrorBodySchema, HackathonCredentialsSchema, HackathonListSchema, HackathonSchema } from "../../../worker/src/contract";
import { api, apiJson, parseAnswer } from "../../helpers/api";
import { createHackathon, uniqueHackathonId } from "../../helpers/hackathons";

const startsAt = "2026-11-20T09:00:00Z";

describe("POST /api/hackathons", () => {
  it("creates a hackathon with defaults and returns its credentials once", async () => {
    const id = uniqueHackathonId();
    const { status, body: answer } = await apiJson("/api/hackathons", {
      method: "POST",
      json: { id, name: "Spring Hack", budget: { amount: 250 }, starts_at: startsAt },
    });
    expect(status).toBe(201);
    const body = parseAnswer(HackathonCredentialsSchema, answer);
    expect(body.hackathon).toMatchObject({
      id,
      status: "active",
      budget: { amount: 250, currency: "USD" },
      public: false,
      ends_at: null,
      thresholds: { budget_warning: 0.8, budget_critical: 0.95, anomaly: 0.8 },
    });
    // Defaults per source, fitted to each sender's cadence (docs/hysteresis.md, "Default timings").
    expect(body.hackathon.sources.cost).toEqual({
      event_timeout_s: 21_600,
      poll_interval_s: 900,
      reconciliation_interval_s: 3_600,
      poll: null,
    });
    expect(body.hackathon.sources.tokens).toMatchObject({ event_timeout_s: 900 });
    expect(body.viewer_token).toMatch(/^pwv_[\w-]{43}$/);
    expect(body.operator_token).toMatch(/^pwo_[\w-]{43}$/);
    expect(body.ingest_token).toMatch(/^pwi_[\w-]{43}$/);
    expect(atob(body.webhook_secret.slice("whsec_".length))).toHaveLength(32);
    expect(body.webhook_urls).toEqual({
      events: `https://pitwall.test/webhooks/${id}/events`,
      github: `https://pitwall.test/webhooks/${id}/github`,
      gcp_billing: expect.stringMatching(new RegExp(`^https://pitwall.test/webhooks/${id}/gcp-billing\\?token=[0-9a-f]{64}$`)),
    });
  });

  it("answers 409 when the id exists and leaves the first one untouched", async () => {
    const first = await createHackathon({ name: "First" });
    const { status, body } = await apiJson("/api/hackathons", {
      method: "POST",
      json: { id: first.hackathon.id, name: "Second", budget: { amount: 1 }, starts_at: startsAt },
    });
    expect(status).toBe(409);
    expect(ErrorBodySchema.parse(body).error.code).toBe("conflict");
    const read = await apiJson(`/api/hackathons/${first.hackathon.id}`);
    expect(parseAnswer(HackathonSchema, read.body).name).toBe("First");
  });

  it("lists every violation with its path", async () => {
    const { status, body } = await apiJson("/api/hackathons", {
      method: "POST",
      json: { id: "X!", name: "", budget: { amount: -5, currency: "dollars" }, starts_at: "yesterday" },
    });
    expect(status).toBe(400);
    const paths = ErrorBodySchema.parse(body)
      .error.issues.map((i) => i.path)
      .sort();
    expect(paths).toEqual(["budget.amount", "budget.currency", "id", "name", "starts_at"]);
  });

  it("refuses malformed JSON, a wrong content type and a missing admin token", async () => {
    const malformed = await api("/api/hackathons", { method: "POST", body: "{nope", headers: { "content-type": "application/json" } });
    expect(malformed.status).toBe(400);
    expect(ErrorBodySchema.parse(await malformed.json()).error.code).toBe("bad_request");
    const text = await api("/api/hackathons", { method: "POST", body: "id=x", headers: { "content-type": "text/plain" } });
    expect(text.status).toBe(415);
    const anonymous = await api("/api/hackathons", { method: "POST", token: null, json: {} });
    expect(anonymous.status).toBe(401);
  });

  it("never returns poll credentials, on create or read", async () => {
    const created = await createHackathon({
      sources: { tasks: { poll: { kind: "github-issues", repo: "acme/hack", token: "ghp_supersecret" } } },
    });
    expect(JSON.stringify(created.hackathon)).not.toContain("ghp_supersecret");
    expect(created.hackathon.sources.tasks.poll).toEqual({ kind: "github-issues", repo: "acme/hack", credentials_set: ["token"] });
    const read = await api(`/api/hackathons/${created.hackathon.id}`, { token: created.viewer_token });
    expect(await read.text()).not.toContain("ghp_supersecret");
  });
});

describe("GET /api/hackathons", () => {
  it("lists hackathons with a summary row each, for the admin only", async () => {
    const created = await createHackathon({ budget: { amount: 400, currency: "EUR" } });
    const { status, body } = await apiJson("/api/hackathons");
    expect(status).toBe(200);
    const row = HackathonListSchema.parse(body).hackathons.find((h) => h.id === created.hackathon.id);
    expect(row?.summary).toMatchObject({ current_spend: 0, budget_used: 0, percent_complete: 0 });
    expect(row?.summary.source_modes).toEqual({ cost: "event", tasks: "event", tokens: "event", performance: "event" });
    expect((await api("/api/hackathons", { token: created.viewer_token })).status).toBe(401);
  });
});

describe("PATCH, DELETE and rotate", () => {
  it("updates the config partially and keeps stored poll credentials", async () => {
    const { hackathon } = await createHackathon({
      sources: {
        cost: {
          poll_interval_s: 60,
          reconciliation_interval_s: 300,
          poll: { kind: "json", url: "http://127.0.0.1:9/cost", headers: { authorization: "Bearer s3cret" } },
        },
      },
    });
    const { status, body: answer } = await apiJson(`/api/hackathons/${hackathon.id}`, {
      method: "PATCH",
      json: { name: "Renamed", thresholds: { budget_warning: 0.5 }, sources: { cost: { event_timeout_s: 5 } } },
    });
    expect(status).toBe(200);
    const body = parseAnswer(HackathonSchema, answer);
    expect(body).toMatchObject({ name: "Renamed", thresholds: { budget_warning: 0.5, budget_critical: 0.95 } });
    expect(body.sources.cost).toEqual({
      event_timeout_s: 5,
      poll_interval_s: 60,
      reconciliation_interval_s: 300,
      // Reads show the URL's origin only, and which credentials are stored.
      poll: { kind: "json", url: "http://127.0.0.1:9", credentials_set: ["headers"] },
    });
    expect(JSON.stringify(answer)).not.toContain("s3cret");
  });

  it("refuses an update that breaks the config and changes nothing", async () => {
    const { hackathon } = await createHackathon();
    const { status, body } = await apiJson(`/api/hackathons/${hackathon.id}`, {
      method: "PATCH",
      json: { ends_at: "2000-01-01T00:00:00Z", unknown_field: 1 },
    });
    expect(status).toBe(400);
    expect(ErrorBodySchema.parse(body).error.issues.length).toBeGreaterThan(0);
    expect(parseAnswer(HackathonSchema, (await apiJson(`/api/hackathons/${hackathon.id}`)).body).ends_at).toBe(hackathon.ends_at);
  });

  it("archives with DELETE", async () => {
    const { hackathon } = await createHackathon();
    const { status, body } = await apiJson(`/api/hackathons/${hackathon.id}`, { method: "DELETE" });
    expect(status).toBe(200);
    expect(parseAnswer(HackathonSchema, body).status).toBe("archived");
  });

  it("rotates credentials: the old tokens stop working, the new ones work", async () => {
    const created = await createHackathon();
    const id = created.hackathon.id;
    const { status, body: answer } = await apiJson(`/api/hackathons/${id}/rotate`, { method: "POST" });
    expect(status).toBe(200);
    const body = parseAnswer(HackathonCredentialsSchema, answer);
    expect(body.viewer_token).not.toBe(created.viewer_token);
    expect(body.operator_token).toMatch(/^pwo_/);
    expect(body.webhook_secret).not.toBe(created.webhook_secret);
    for (const old of [created.viewer_token, created.operator_token, created.ingest_token]) {
      expect((await api(`/api/hackathons/${id}`, { token: old })).status).toBe(404);
    }
    expect((await api(`/api/hackathons/${id}`, { token: body.viewer_token })).status).toBe(200);
    expect((await api(`/api/hackathons/${id}`, { token: body.operator_token })).status).toBe(200);
  });
});

describe("tenant isolation", () => {
  const viewerRoutes = (id: string) => [
    ["GET", `/api/hackathons/${id}`],
    ["GET", `/api/hackathons/${id}/dashboard`],
    ["GET", `/api/hackathons/${id}/history?series=cost.spend`],
    ["POST", `/api/hackathons/${id}/ticket`],
  ];

  it("gives a viewer of A the same 404 on B as on a hackathon that does not exist", async () => {
    const a = await createHackathon();
    const b = await createHackathon();
    for (const target of [b.hackathon.id, uniqueHackathonId("missing")]) {
      for (const [method, path] of viewerRoutes(target)) {
        const response = await api(path!, { method, token: a.viewer_token });
        expect(response.status, `${method} ${path}`).toBe(404);
        expect(ErrorBodySchema.parse(await response.json()).error.code).toBe("not_found");
      }
    }
    for (const [method, path] of viewerRoutes(a.hackathon.id)) {
      expect((await api(path!, { method, token: a.viewer_token })).status, `${method} ${path}`).toBeLessThan(300);
    }
  });

  it("answers 401 to a request with no token, and 403 to this hackathon's viewer and operator on admin routes", async () => {
    const a = await createHackathon();
    const b = await createHackathon();
    expect((await api(`/api/hackathons/${a.hackathon.id}/dashboard`, { token: null })).status).toBe(401);
    for (const [method, path] of [
      ["PATCH", `/api/hackathons/${a.hackathon.id}`],
      ["DELETE", `/api/hackathons/${a.hackathon.id}`],
      ["POST", `/api/hackathons/${a.hackathon.id}/rotate`],
    ]) {
      expect((await api(path!, { method, token: null, json: {} })).status, `${method} ${path} anonymous`).toBe(401);
      for (const token of [a.viewer_token, a.operator_token, a.ingest_token]) {
        const response = await api(path!, { method, token, json: {} });
        expect(response.status, `${method} ${path}`).toBe(403);
        expect(ErrorBodySchema.parse(await response.json()).error.code).toBe("forbidden");
      }
      expect((await api(path!, { method, token: b.operator_token, json: {} })).status, `${method} ${path} by B`).toBe(404);
    }
    // Nothing changed: still active, and A's tokens still open it.
    const read = await apiJson(`/api/hackathons/${a.hackathon.id}`, { token: a.viewer_token });
    expect(parseAnswer(HackathonSchema, read.body).status).toBe("active");
  });
});
