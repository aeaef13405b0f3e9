import { evictDurableObject, runInDurableObject } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { ChannelListSchema, ErrorBodySchema } from "../../../worker/src/contract";
import { loadRecord, saveRecord } from "../../../worker/src/durable/room-record";
import { fakeProvider } from "../../fixtures/fake-providers/client";
import { api, apiJson } from "../../helpers/api";
import { createHackathon, uniqueHackathonId } from "../../helpers/hackathons";
import { addChannel, deliveriesOf, eventually, fakeReceiver } from "../../helpers/notifications";
import { lastFailureReason, pinnedHackathon, reconcileNow } from "../../helpers/polls";
import { budgetData, googleSigner, push, pushEnvelope, pushPath, pushUrl, SERVICE_ACCOUNT } from "../../helpers/pubsub-push";
import { roomOf } from "../../helpers/rooms";

/** Outbound URLs (docs/contract.md section 1): refused at write time with their path, and again at send time. */

const REFUSED = [
  "http://169.254.169.254/latest/meta-data/",
  "https://metadata.google.internal/computeMetadata/v1/",
  "https://10.0.0.1/spend",
  "https://192.168.0.10/",
  "https://172.16.5.4/",
  "https://100.64.0.1/",
  "http://0.0.0.0:8080/",
  "https://[fd00::1]/",
  "https://[fe80::1]/",
  "https://[::ffff:169.254.169.254]/",
  "https://2852039166/", // 169.254.169.254 as one number
  "https://0xa9.0xfe.0xa9.0xfe/",
  "http://api.openai.com/", // a public host over plain http
];

const minimal = () => ({ id: uniqueHackathonId(), name: "SSRF", budget: { amount: 100 }, starts_at: new Date().toISOString() });

async function issuesOf(response: Response) {
  expect(response.status).toBe(400);
  const { error } = ErrorBodySchema.parse(await response.json());
  expect(error.code).toBe("validation_failed");
  return error.issues;
}

describe("write time: every URL Pitwall would call is checked", () => {
  it.each(REFUSED)("refuses %s as a poll URL, api_base_url or jwks_url on create, storing nothing", async (url) => {
    const body = {
      ...minimal(),
      sources: {
        cost: { poll: { kind: "json", url } },
        tokens: { poll: { kind: "openai-usage", api_base_url: url, admin_key: "sk-admin" } },
        tasks: { poll: { kind: "github-issues", api_base_url: url, repo: "acme/app" } },
      },
      integrations: { gcp_billing: { jwks_url: url } },
    };
    const issues = await issuesOf(await api("/api/hackathons", { method: "POST", json: body }));
    expect(issues.map((i) => i.path).sort()).toEqual([
      "integrations.gcp_billing.jwks_url",
      "sources.cost.poll.url",
      "sources.tasks.poll.api_base_url",
      "sources.tokens.poll.api_base_url",
    ]);
    expect(issues[0]!.message).toMatch(/^refused: /);
    expect((await api(`/api/hackathons/${body.id}`)).status).toBe(404);
  });

  it("refuses a service account key whose token_uri is internal, without echoing the key", async () => {
    const key = JSON.stringify({
      client_email: "a@b.iam.gserviceaccount.com",
      private_key: "PEM-SECRET",
      private_key_id: "k",
      token_uri: "http://169.254.169.254/token",
    });
    const body = {
      ...minimal(),
      sources: { cost: { poll: { kind: "gcp-bigquery", project_id: "p", table: "d.t", service_account_key: key } } },
    };
    const response = await api("/api/hackathons", { method: "POST", json: body });
    const text = await response.clone().text();
    expect(await issuesOf(response)).toEqual([
      { path: "sources.cost.poll.service_account_key", message: expect.stringMatching(/^token_uri refused: .*link-local/) },
    ]);
    expect(text).not.toContain("PEM-SECRET");
  });

  it("refuses the same URLs on PATCH and changes nothing", async () => {
    const provider = await fakeProvider("json", {});
    const { hackathon } = await createHackathon({ sources: { cost: { poll: { kind: "json", url: `${provider.baseUrl}/spend` } } } });
    const before = (await apiJson(`/api/hackathons/${hackathon.id}`)).body;
    for (const url of REFUSED) {
      const patch = {
        name: "Changed",
        sources: { cost: { poll: { kind: "json", url } } },
        integrations: { gcp_billing: { jwks_url: url } },
      };
      const issues = await issuesOf(await api(`/api/hackathons/${hackathon.id}`, { method: "PATCH", json: patch }));
      expect(issues.map((i) => i.path).sort(), url).toEqual(["integrations.gcp_billing.jwks_url", "sources.cost.poll.url"]);
    }
    expect((await apiJson(`/api/hackathons/${hackathon.id}`)).body).toEqual(before);
  });

  it("accepts https public hosts, and loopback fakes under ALLOW_LOOPBACK_OUTBOUND=1 (the tests' setting)", async () => {
    const provider = await fakeProvider("openai", {});
    const created = await createHackathon({
      sources: {
        tokens: { poll: { kind: "openai-usage", api_base_url: provider.baseUrl, admin_key: "sk-admin" } },
        tasks: { poll: { kind: "github-issues", api_base_url: "https://github.example.com/api/v3", repo: "acme/app" } },
      },
      integrations: { gcp_billing: { jwks_url: "https://www.googleapis.com/oauth2/v3/certs" } },
    });
    expect(created.hackathon.sources.tokens.poll).toMatchObject({ kind: "openai-usage", credentials_set: ["admin_key"] });
  });
});

describe("write time: notification channels", () => {
  const channelsPath = (id: string) => `/api/hackathons/${id}/channels`;

  it.each(REFUSED)("refuses %s for every channel kind, storing nothing", async (url) => {
    const { hackathon } = await createHackathon();
    for (const kind of ["webhook", "slack", "discord"]) {
      const issues = await issuesOf(await api(channelsPath(hackathon.id), { method: "POST", json: { kind, name: "x", url } }));
      expect(
        issues.map((i) => i.path),
        kind,
      ).toEqual(["url"]);
    }
    expect(ChannelListSchema.parse((await apiJson(channelsPath(hackathon.id))).body).channels).toEqual([]);
  });

  it("gives a Slack channel only Slack webhook URLs and a Discord channel only Discord ones", async () => {
    const { hackathon } = await createHackathon();
    const refused: [string, string][] = [
      ["slack", "https://hooks.example.com/services/T0/B0/x"],
      ["slack", "https://hooks.slack.com.evil.example/services/x"],
      ["slack", "https://hooks.slack.com@evil.example/services/x"],
      ["slack", "https://hooks.slack.com:8443/services/x"],
      ["slack", "https://discord.com/api/webhooks/1/abc"],
      ["discord", "https://hooks.slack.com/services/x"],
      ["discord", "https://discord.com.evil.example/api/webhooks/1/abc"],
      ["discord", "https://discord.com/oauth2/authorize"],
    ];
    for (const [kind, url] of refused) {
      const issues = await issuesOf(await api(channelsPath(hackathon.id), { method: "POST", json: { kind, name: "x", url } }));
      expect(issues, `${kind} ${url}`).toEqual([
        { path: "url", message: expect.stringMatching(new RegExp(`^a ${kind} channel takes only`)) },
      ]);
    }
    expect(ChannelListSchema.parse((await apiJson(channelsPath(hackathon.id))).body).channels).toEqual([]);
    await addChannel(hackathon.id, { kind: "slack", url: "https://hooks.slack.com/services/T0/B0/x" });
    await addChannel(hackathon.id, { kind: "discord", url: "https://discord.com/api/webhooks/1/abc" });
    await addChannel(hackathon.id, { kind: "discord", url: "https://discordapp.com/api/webhooks/1/abc" });
    await addChannel(hackathon.id, { kind: "webhook", url: "https://hooks.example.com/pitwall" });
  });

  it("lets a local fake stand in for Slack under ALLOW_LOOPBACK_OUTBOUND=1, and delivers to it", async () => {
    const { hackathon } = await createHackathon();
    const receiver = await fakeReceiver();
    const { channel } = await addChannel(hackathon.id, { kind: "slack", url: `${receiver.baseUrl}/services/T0/B0/x` });
    await api(`${channelsPath(hackathon.id)}/${channel.id}/test`, { method: "POST" });
    await eventually(
      () => deliveriesOf(hackathon.id, channel.id),
      (d) => d[0]?.status === "delivered",
    );
    expect(await receiver.requests()).toHaveLength(1);
  });
});

describe("send time: a URL that got past validation is still refused", () => {
  it("fails the poll of a stored metadata URL without calling it", async () => {
    const provider = await fakeProvider("json", { answer: { events: [] } });
    const { hackathon } = await pinnedHackathon({
      sources: {
        cost: { event_timeout_s: 7200, reconciliation_interval_s: 3600, poll: { kind: "json", url: `${provider.baseUrl}/spend` } },
      },
    });
    // As a record written before the rules (or by a bug) would hold it.
    await runInDurableObject(roomOf(hackathon.id), (_, state) => {
      const record = loadRecord(state.storage.sql)!;
      record.config.sources.cost.poll = {
        kind: "json",
        url: "http://169.254.169.254/latest/meta-data/",
        headers: { "Metadata-Flavor": "Google" },
      };
      saveRecord(state.storage.sql, record);
    });
    await evictDurableObject(roomOf(hackathon.id));
    await reconcileNow(hackathon.id, "cost");
    expect(await lastFailureReason(hackathon.id, "cost")).toBe(
      "GET 169.254.169.254: refused to call the URL: the host is a link-local address (where cloud metadata services answer)",
    );
  });

  it("fails a delivery to a stored private receiver without calling it", async () => {
    const { hackathon } = await createHackathon();
    const receiver = await fakeReceiver();
    const { channel } = await addChannel(hackathon.id, { kind: "webhook", url: receiver.baseUrl });
    await runInDurableObject(roomOf(hackathon.id), (_, state) => {
      state.storage.sql.exec("UPDATE notification_channels SET url = ? WHERE id = ?", "https://10.0.0.7/hook", channel.id);
    });
    await api(`/api/hackathons/${hackathon.id}/channels/${channel.id}/test`, { method: "POST" });
    const [delivery] = await eventually(
      () => deliveriesOf(hackathon.id, channel.id),
      (d) => d[0]?.last_error !== null && d[0]?.last_error !== undefined,
    );
    expect(delivery).toMatchObject({
      status: "pending",
      attempts: 1,
      response_code: null,
      last_error: "refused: the host is a private network address",
    });
    expect(await receiver.requests()).toEqual([]);
  });

  it("refuses to fetch signing keys from a stored metadata jwks_url: the push is unauthorized", async () => {
    const id = uniqueHackathonId("gcp");
    const signer = await googleSigner(pushUrl(id));
    await createHackathon({ id, integrations: { gcp_billing: { service_account_email: SERVICE_ACCOUNT, jwks_url: signer.jwksUrl } } });
    await runInDurableObject(roomOf(id), (_, state) => {
      const record = loadRecord(state.storage.sql)!;
      record.config.integrations = { gcp_billing: { service_account_email: SERVICE_ACCOUNT, jwks_url: "http://169.254.169.254/certs" } };
      saveRecord(state.storage.sql, record);
    });
    await evictDurableObject(roomOf(id));
    const response = await push(pushPath(id), pushEnvelope(budgetData({ costAmount: 5 })), await signer.sign());
    expect(response.status).toBe(401);
    const { error } = ErrorBodySchema.parse(await response.json());
    expect(error.message).toMatch(/refused to call the URL: the host is a link-local address/);
  });
});

describe("send time: redirects and answer sizes", () => {
  it("never follows a poll URL's redirect, so its headers never reach the target", async () => {
    const target = await fakeProvider("json", { answer: { events: [] } });
    const provider = await fakeProvider("json", {});
    await provider.fail({ status: 302, headers: { location: `${target.altBaseUrl}/collect` } });
    const { hackathon } = await pinnedHackathon({
      sources: {
        cost: {
          event_timeout_s: 7200,
          reconciliation_interval_s: 3600,
          poll: { kind: "json", url: `${provider.baseUrl}/spend`, headers: { authorization: "Bearer json-secret" } },
        },
      },
    });
    await reconcileNow(hackathon.id, "cost");
    expect(await provider.requests()).toHaveLength(1);
    expect(await target.requests()).toEqual([]);
    expect(await lastFailureReason(hackathon.id, "cost")).toMatch(/: the answer is a redirect \(HTTP 302\), which is never followed$/);
  });

  it("refuses a provider's redirect for a keyed poller too (no x-api-key across origins)", async () => {
    const target = await fakeProvider("anthropic", {});
    const provider = await fakeProvider("anthropic", {});
    await provider.fail({ status: 307, headers: { location: `${target.altBaseUrl}/v1/organizations/usage_report/messages` } });
    const { hackathon } = await pinnedHackathon({
      sources: {
        tokens: {
          event_timeout_s: 7200,
          reconciliation_interval_s: 3600,
          poll: { kind: "anthropic-usage", api_base_url: provider.baseUrl, admin_key: "sk-ant-admin-secret" },
        },
      },
    });
    await reconcileNow(hackathon.id, "tokens");
    expect(await target.requests()).toEqual([]);
    expect(await lastFailureReason(hackathon.id, "tokens")).toBe("Anthropic: the answer is a redirect (HTTP 307), which is never followed");
  });

  it("refuses an answer larger than the cap", async () => {
    const provider = await fakeProvider("json", {});
    await provider.fail({ status: 200, body: { events: [], padding: "x".repeat(8 * 1024 * 1024) } });
    const { hackathon } = await pinnedHackathon({
      sources: {
        cost: { event_timeout_s: 7200, reconciliation_interval_s: 3600, poll: { kind: "json", url: `${provider.baseUrl}/spend` } },
      },
    });
    await reconcileNow(hackathon.id, "cost");
    expect(await lastFailureReason(hackathon.id, "cost")).toMatch(/: the answer is larger than 8388608 bytes$/);
  });
});
