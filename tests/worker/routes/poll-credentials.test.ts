import { describe, expect, it } from "vitest";
import { HackathonSchema, RcaResponseSchema } from "../../../worker/src/contract";
import { fakeProvider } from "../../fixtures/fake-providers/client";
import { api, apiJson } from "../../helpers/api";
import { createHackathon } from "../../helpers/hackathons";
import { lastFailureReason, pinnedHackathon, POLL_NOW, reconcileNow } from "../../helpers/polls";
import { runAlarmAt } from "../../helpers/rooms";
import { timerDue } from "../../helpers/timers";
import { eventId, postEvents } from "../../helpers/webhooks";

/** Stored poll credentials go only where they were configured to go, and reads never show them. */

// Polls happen only when a test fires the reconciliation timer: an hour after creation on the
// pinned clock, before the source's own silence timeout.
const quiet = { event_timeout_s: 7200, reconciliation_interval_s: 3600 };

async function patch(id: string, body: unknown) {
  const { status, body: answer } = await apiJson(`/api/hackathons/${id}`, { method: "PATCH", json: body });
  expect(status, JSON.stringify(answer)).toBe(200);
  return HackathonSchema.parse(answer);
}

const authHeaders = (requests: { headers: Record<string, string> }[]) =>
  requests.map((r) => r.headers.authorization ?? r.headers["x-api-key"] ?? null);

describe("changing a poll's URL origin drops its stored credentials", () => {
  it("PATCH of api_base_url alone: the new origin never receives the stored admin key", async () => {
    const openai = await fakeProvider("openai", { adminKey: "sk-admin-stored" });
    const { hackathon } = await pinnedHackathon({
      sources: { tokens: { ...quiet, poll: { kind: "openai-usage", api_base_url: openai.baseUrl, admin_key: "sk-admin-stored" } } },
    });
    const patched = await patch(hackathon.id, { sources: { tokens: { poll: { kind: "openai-usage", api_base_url: openai.altBaseUrl } } } });
    expect(patched.sources.tokens.poll?.credentials_set).toEqual([]);
    await reconcileNow(hackathon.id, "tokens");
    expect(authHeaders(await openai.requests())).toEqual([]);
    expect(await lastFailureReason(hackathon.id, "tokens")).toBe("admin_key is not configured");
  });

  it("from the provider's default API to a custom one drops the key too", async () => {
    const openai = await fakeProvider("openai", {});
    const { hackathon } = await pinnedHackathon({
      sources: { tokens: { ...quiet, poll: { kind: "openai-usage", admin_key: "sk-admin-real" } } },
    });
    expect(hackathon.sources.tokens.poll?.credentials_set).toEqual(["admin_key"]);
    await patch(hackathon.id, { sources: { tokens: { poll: { kind: "openai-usage", api_base_url: openai.baseUrl } } } });
    await reconcileNow(hackathon.id, "tokens");
    expect(JSON.stringify(await openai.requests())).not.toContain("sk-admin-real");
  });

  it("a json poll moved to another origin sends none of its stored headers", async () => {
    const json = await fakeProvider("json", { answer: { events: [] } });
    const { hackathon } = await pinnedHackathon({
      sources: {
        cost: { ...quiet, poll: { kind: "json", url: `${json.baseUrl}/spend`, headers: { authorization: "Bearer json-stored" } } },
      },
    });
    await patch(hackathon.id, { sources: { cost: { poll: { kind: "json", url: `${json.altBaseUrl}/spend` } } } });
    await reconcileNow(hackathon.id, "cost");
    const requests = await json.requests();
    expect(requests).toHaveLength(1);
    expect(requests[0]!.headers.authorization).toBeUndefined();
  });

  it("keeps new credentials sent with the new URL, and stored ones while the origin stays", async () => {
    const openai = await fakeProvider("openai", { adminKey: "sk-admin-new" });
    const { hackathon } = await pinnedHackathon({
      sources: { tokens: { ...quiet, poll: { kind: "openai-usage", api_base_url: openai.baseUrl, admin_key: "sk-admin-old" } } },
    });
    const moved = await patch(hackathon.id, {
      sources: { tokens: { poll: { kind: "openai-usage", api_base_url: openai.altBaseUrl, admin_key: "sk-admin-new" } } },
    });
    expect(moved.sources.tokens.poll?.credentials_set).toEqual(["admin_key"]);
    // Same origin, another field: the key stays.
    await patch(hackathon.id, {
      sources: { tokens: { poll: { kind: "openai-usage", api_base_url: `${openai.altBaseUrl}/`, project_ids: ["proj_1"] } } },
    });
    await reconcileNow(hackathon.id, "tokens");
    expect(authHeaders(await openai.requests())).toEqual(["Bearer sk-admin-new"]);
    expect(await lastFailureReason(hackathon.id, "tokens")).toBeNull();
  });
});

describe("reads show which credentials are set, and URLs as their origin", () => {
  it("lists credentials_set per poll, never the values, to admin and viewer", async () => {
    const created = await createHackathon({
      sources: {
        cost: {
          poll: {
            kind: "json",
            url: "https://billing.example.com/v1/spend?api_key=sk_live_in_query",
            headers: { "x-token": "hdr-secret" },
          },
        },
        tasks: { poll: { kind: "github-issues", api_base_url: "https://ghe.example.com/api/v3", repo: "acme/app", token: "ghp_secret" } },
        tokens: { poll: { kind: "anthropic-usage", workspace_ids: ["ws_1"] } },
      },
    });
    const id = created.hackathon.id;
    for (const token of [undefined, created.viewer_token]) {
      const response = await api(`/api/hackathons/${id}`, { token });
      const text = await response.text();
      for (const secret of ["sk_live_in_query", "hdr-secret", "ghp_secret", "/v1/spend", "/api/v3"]) expect(text).not.toContain(secret);
      const { sources } = HackathonSchema.parse(JSON.parse(text));
      expect(sources.cost.poll).toEqual({ kind: "json", url: "https://billing.example.com", credentials_set: ["headers"] });
      expect(sources.tasks.poll).toEqual({
        kind: "github-issues",
        api_base_url: "https://ghe.example.com",
        repo: "acme/app",
        credentials_set: ["token"],
      });
      expect(sources.tokens.poll).toEqual({ kind: "anthropic-usage", workspace_ids: ["ws_1"], credentials_set: [] });
    }
    expect(JSON.stringify(created.hackathon)).not.toContain("sk_live_in_query");
  });
});

describe("poll failure reasons carry no provider text", () => {
  it("a provider's error body never reaches the RCA log, even a key it echoes that is not ours", async () => {
    const leaked = "sk-proj-OTHER-TENANT-0123456789abcdef";
    const openai = await fakeProvider("openai", { adminKey: "sk-admin-right" });
    await openai.fail(
      ...Array.from({ length: 5 }, () => ({ status: 401, body: { error: { message: `Incorrect API key provided: ${leaked}` } } })),
    );
    const { hackathon, viewer_token, webhook_secret } = await pinnedHackathon({
      sources: {
        tokens: {
          event_timeout_s: 30,
          poll_interval_s: 60,
          reconciliation_interval_s: 3600,
          poll: { kind: "openai-usage", api_base_url: openai.baseUrl, admin_key: "sk-admin-right" },
        },
      },
    });
    const token = {
      id: eventId(),
      type: "token",
      ts: new Date(POLL_NOW).toISOString(),
      model: "gpt-4o",
      input_tokens: 1,
      output_tokens: 1,
    };
    expect((await postEvents(hackathon.id, webhook_secret, token)).status).toBe(200);
    // Silent past event_timeout_s: the source polls, fails five times and degrades.
    let due: number | null = POLL_NOW + 30_000;
    for (let attempt = 1; attempt <= 5; attempt++) {
      await runAlarmAt(hackathon.id, due!);
      due = await timerDue(hackathon.id, "source:tokens");
    }
    const response = await api(`/api/hackathons/${hackathon.id}/rca`, { token: viewer_token });
    const text = await response.text();
    const { transitions } = RcaResponseSchema.parse(JSON.parse(text));
    expect(transitions[0]).toMatchObject({
      from: "polling",
      to: "degraded",
      reason: "5 consecutive poll failures: OpenAI answered HTTP 401 (credentials refused)",
    });
    expect(text).not.toContain(leaked);
    expect(text).not.toContain("Incorrect API key");
  });
});
