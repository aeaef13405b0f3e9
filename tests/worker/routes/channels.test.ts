import { describe, expect, it } from "vitest";
import { ChannelListSchema, DeliveryQueuedSchema, ErrorBodySchema } from "../../../worker/src/contract";
import { api, apiJson } from "../../helpers/api";
import { createHackathon, uniqueHackathonId } from "../../helpers/hackathons";
import { addChannel, deliveriesOf, eventually, fakeReceiver } from "../../helpers/notifications";

const channelsPath = (id: string) => `/api/hackathons/${id}/channels`;

describe("notification channel routes", () => {
  it("returns a webhook channel's signing secret once, and never its URL path again", async () => {
    const h = await createHackathon();
    const url = "https://hooks.example.com/services/T000/B000/very-secret-path";
    const created = await addChannel(h.hackathon.id, { kind: "webhook", url, name: "on-call" });
    expect(created.signing_secret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
    expect(created.channel).toMatchObject({
      kind: "webhook",
      name: "on-call",
      url: "https://hooks.example.com/…",
      min_severity: "warning",
      types: null,
      status: "ok",
      consecutive_failures: 0,
    });
    const listed = await api(channelsPath(h.hackathon.id));
    const text = await listed.text();
    expect(text).not.toContain(created.signing_secret!);
    expect(text).not.toContain("very-secret-path");
    expect(ChannelListSchema.parse(JSON.parse(text)).channels).toEqual([created.channel]);
  });

  it("creates Slack and Discord channels without a secret, with their filters", async () => {
    const h = await createHackathon();
    const slack = await addChannel(h.hackathon.id, {
      kind: "slack",
      url: "https://hooks.slack.com/services/x",
      min_severity: "critical",
      types: ["budget"],
    });
    expect(slack.signing_secret).toBeNull();
    expect(slack.channel).toMatchObject({ kind: "slack", min_severity: "critical", types: ["budget"] });
    const discord = await addChannel(h.hackathon.id, { kind: "discord", url: "https://discord.com/api/webhooks/1/abc" });
    expect(discord.signing_secret).toBeNull();
  });

  it("lists every violation of a bad channel with its path", async () => {
    const h = await createHackathon();
    const { status, body } = await apiJson(channelsPath(h.hackathon.id), {
      method: "POST",
      json: { kind: "pager", name: "", url: "ftp://example.com/x", min_severity: "loud" },
    });
    expect(status).toBe(400);
    const paths = ErrorBodySchema.parse(body)
      .error.issues.map((i) => i.path)
      .sort();
    expect(paths).toEqual(["kind", "min_severity", "name", "url"]);
    expect(
      (await api(channelsPath(h.hackathon.id), { method: "POST", body: "{}", headers: { "content-type": "text/plain" } })).status,
    ).toBe(415);
  });

  it("queues a test notification and records its delivery", async () => {
    const h = await createHackathon();
    const receiver = await fakeReceiver();
    const { channel, signing_secret } = await addChannel(h.hackathon.id, { kind: "webhook", url: receiver.baseUrl });
    const queued = await apiJson(`${channelsPath(h.hackathon.id)}/${channel.id}/test`, { method: "POST" });
    expect(queued.status).toBe(202);
    const { delivery } = DeliveryQueuedSchema.parse(queued.body);
    expect(delivery).toMatchObject({ kind: "test", alert_id: null, alert_ids: [] });
    // The object's own alarm sends it (it is due at once).
    const [sent] = await eventually(
      () => deliveriesOf(h.hackathon.id, channel.id),
      (d) => d[0]?.status === "delivered",
    );
    expect(sent).toMatchObject({ id: delivery.id, status: "delivered", attempts: 1 });
    const [request] = await receiver.requests();
    expect(JSON.parse(request!.body)).toMatchObject({ type: "pitwall.test", hackathon_id: h.hackathon.id, alerts: [] });
    expect(request!.headers["webhook-id"]).toBe(delivery.id);
    expect(signing_secret).toBeTruthy();
  });

  it("deletes a channel with its log", async () => {
    const h = await createHackathon();
    const { channel } = await addChannel(h.hackathon.id, { kind: "slack", url: "https://hooks.slack.com/services/x" });
    expect((await api(`${channelsPath(h.hackathon.id)}/${channel.id}`, { method: "DELETE" })).status).toBe(204);
    expect(ChannelListSchema.parse((await apiJson(channelsPath(h.hackathon.id))).body).channels).toEqual([]);
    for (const [method, suffix] of [
      ["DELETE", ""],
      ["POST", "/test"],
      ["GET", "/deliveries"],
    ]) {
      const response = await api(`${channelsPath(h.hackathon.id)}/${channel.id}${suffix}`, { method });
      expect(response.status, `${method} ${suffix}`).toBe(404);
    }
    expect((await api(`${channelsPath(h.hackathon.id)}/not-a-channel/deliveries`)).status).toBe(404);
  });

  it("is admin only: the hackathon's viewer and operator get 403, no token 401, an unknown hackathon 404", async () => {
    const h = await createHackathon();
    const { channel } = await addChannel(h.hackathon.id, { kind: "slack", url: "https://hooks.slack.com/services/x" });
    const routes = [
      ["POST", channelsPath(h.hackathon.id)],
      ["GET", channelsPath(h.hackathon.id)],
      ["DELETE", `${channelsPath(h.hackathon.id)}/${channel.id}`],
      ["POST", `${channelsPath(h.hackathon.id)}/${channel.id}/test`],
      ["GET", `${channelsPath(h.hackathon.id)}/${channel.id}/deliveries`],
    ];
    for (const [method, path] of routes) {
      const json = method === "POST" ? { kind: "slack", name: "x", url: "https://example.com/" } : undefined;
      for (const token of [h.viewer_token, h.operator_token])
        expect((await api(path!, { method, token, json })).status, `${method} ${path}`).toBe(403);
      expect((await api(path!, { method, token: null, json })).status, `${method} ${path}`).toBe(401);
    }
    expect(ChannelListSchema.parse((await apiJson(channelsPath(h.hackathon.id))).body).channels).toHaveLength(1);
    expect((await api(channelsPath(uniqueHackathonId("missing")))).status).toBe(404);
  });
});
