import { describe, expect, it } from "vitest";
import { Webhook } from "standardwebhooks";
import { AlertSchema } from "../../../../worker/src/contract";
import { alertingHackathon, cost, floodTokens, quietTokens } from "../../../helpers/alerts";
import { addChannel, budgetSetup, deliveriesOf, fakeReceiver } from "../../../helpers/notifications";
import { runAlarmAt } from "../../../helpers/rooms";

// Near the wall clock, so a receiver's signature check (5-minute window) accepts our timestamps.
const NOW = Math.floor(Date.now() / 60_000) * 60_000;
const S = 1000;

describe("notification payloads", () => {
  it("signs a webhook channel's request per Standard Webhooks with the secret shown on create", async () => {
    const { h, receiver, created, channelId, total } = await budgetSetup(NOW);
    await total(85);
    await runAlarmAt(h.id, NOW + 10 * S);
    const [request] = await receiver.requests();
    const payload = new Webhook(created.signing_secret!).verify(request!.body, request!.headers) as { alerts: unknown[] };
    expect(payload).toMatchObject({ type: "pitwall.alert", hackathon_id: h.id, status: "firing", kind: "firing" });
    const alert = AlertSchema.parse(payload.alerts[0]);
    expect(alert).toMatchObject({ type: "budget", severity: "warning" });
    const [delivery] = await deliveriesOf(h.id, channelId);
    expect(request!.headers["webhook-id"]).toBe(delivery!.id);
    expect(delivery!.alert_id).toBe(alert.id);

    const other = await addChannel(h.id, { kind: "webhook", url: receiver.baseUrl });
    expect(() => new Webhook(other.signing_secret!).verify(request!.body, request!.headers)).toThrow();
  });

  it("sends Slack Block Kit and Discord embeds coloured by severity", async () => {
    const h = await alertingHackathon(NOW, { budget: { amount: 100 } });
    const slack = await fakeReceiver();
    const discord = await fakeReceiver();
    await addChannel(h.id, { kind: "slack", url: slack.baseUrl });
    await addChannel(h.id, { kind: "discord", url: discord.baseUrl });
    // A budget warning and a critical token flood.
    await h.send(cost(NOW - 60_000, { total: 85 }), ...quietTokens(NOW), ...floodTokens(NOW));
    await runAlarmAt(h.id, NOW + 10 * S);

    const [slackRequest] = await slack.requests();
    expect(slackRequest!.headers["webhook-signature"]).toBeUndefined();
    const message = JSON.parse(slackRequest!.body);
    expect(message.text).toMatch(/^\[FIRING:2\] /);
    expect(message.blocks.map((b: { type: string }) => b.type)).toEqual(["header", "section", "section", "context"]);
    expect(message.blocks[0]).toMatchObject({ type: "header", text: { type: "plain_text", text: message.text } });
    const severities = message.blocks
      .filter((b: { type: string }) => b.type === "section")
      .map((b: { fields: Array<{ text: string }> }) => b.fields.find((f) => f.text.startsWith("*Severity*"))!.text);
    expect(severities.sort()).toEqual(["*Severity*\ncritical", "*Severity*\nwarning"]);
    expect(message.blocks[3].elements[0].text).toContain(h.id);

    const [discordRequest] = await discord.requests();
    const { content, embeds } = JSON.parse(discordRequest!.body);
    expect(content).toMatch(/^\[FIRING:2\] /);
    expect(embeds).toHaveLength(2);
    for (const embed of embeds) {
      expect(embed).toMatchObject({
        title: expect.any(String),
        description: expect.any(String),
        timestamp: new Date(NOW + 10 * S).toISOString(),
      });
      const severity = embed.fields.find((f: { name: string }) => f.name === "Severity").value;
      expect(embed.color).toBe(severity === "critical" ? 0xe01e5a : 0xecb22e);
    }
  });
});
