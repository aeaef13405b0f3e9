import { runInDurableObject } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { findAlert } from "../../../../worker/src/durable/alerts/store";
import type { HackathonRoom } from "../../../../worker/src/durable/hackathon-room";
import { addChannel, budgetSetup, deliveriesOf, eventually } from "../../../helpers/notifications";
import { roomOf, runAlarmAt } from "../../../helpers/rooms";

const NOW = Math.floor(Date.now() / 60_000) * 60_000;
const S = 1000;
const H = 3_600_000;

describe("notification grouping (group wait, group interval, repeat)", () => {
  it("waits the group wait before the first notification of a new alert", async () => {
    const { h, receiver, channelId, total } = await budgetSetup(NOW);
    await total(85);
    await runAlarmAt(h.id, NOW + 5 * S);
    expect(await receiver.requests()).toEqual([]);
    expect(await deliveriesOf(h.id, channelId)).toEqual([]);
    await runAlarmAt(h.id, NOW + 10 * S);
    expect(await receiver.requests()).toHaveLength(1);
    const [delivery] = await deliveriesOf(h.id, channelId);
    expect(delivery).toMatchObject({ kind: "firing", status: "delivered", attempts: 1, response_code: 200 });
  });

  it("sends a resolved notification after the alert is resolved, on the group interval", async () => {
    const { h, receiver, channelId, total, bodies } = await budgetSetup(NOW);
    await total(85);
    await runAlarmAt(h.id, NOW + 10 * S);
    const [alert] = await h.alerts();
    await h.act(alert!.id, "resolve");
    await runAlarmAt(h.id, NOW + 30 * S);
    expect(await receiver.requests()).toHaveLength(1);
    await runAlarmAt(h.id, NOW + 70 * S);
    const [, resolved] = await bodies();
    expect(resolved).toMatchObject({ status: "resolved", alerts: [{ id: alert!.id, resolved: true }] });
    expect((await deliveriesOf(h.id, channelId)).map((d) => d.kind)).toEqual(["resolved", "firing"]);
  });

  it("batches alerts that fire within the group wait into one notification", async () => {
    const { h, total, flood, bodies } = await budgetSetup(NOW);
    await total(85, 1);
    await flood();
    await runAlarmAt(h.id, NOW + 10 * S);
    const sent = await bodies();
    expect(sent).toHaveLength(1);
    expect(sent[0]!.alerts.map((a: { type: string; severity: string }) => `${a.type} ${a.severity}`).sort()).toEqual([
      "budget warning",
      "token_flood critical",
    ]);
  });

  it("says nothing of an alert resolved inside the group wait", async () => {
    const { h, receiver, total } = await budgetSetup(NOW);
    await total(85);
    const [alert] = await h.alerts();
    await h.act(alert!.id, "resolve");
    await runAlarmAt(h.id, NOW + 10 * S);
    await runAlarmAt(h.id, NOW + 100 * S);
    expect(await receiver.requests()).toEqual([]);
  });

  it("honours the channel's minimum severity and alert types", async () => {
    const { h, receiver, total } = await budgetSetup(NOW, { min_severity: "critical" });
    const anomaliesOnly = await addChannel(h.id, { kind: "webhook", url: receiver.baseUrl, types: ["anomaly"], min_severity: "info" });
    await total(85);
    await runAlarmAt(h.id, NOW + 10 * S);
    expect(await receiver.requests()).toEqual([]);
    await total(96, 1);
    await runAlarmAt(h.id, NOW + 80 * S);
    const requests = await receiver.requests();
    expect(requests).toHaveLength(1);
    expect(JSON.parse(requests[0]!.body).alerts.map((a: { severity: string }) => a.severity)).toEqual(["critical"]);
    expect(await deliveriesOf(h.id, anomaliesOnly.channel.id)).toEqual([]);
  });

  it("repeats a still-firing alert after the repeat interval, and not before", async () => {
    const { h, channelId, total, bodies } = await budgetSetup(NOW);
    await total(85);
    await runAlarmAt(h.id, NOW + 10 * S);
    await runAlarmAt(h.id, NOW + 2 * H);
    expect(await bodies()).toHaveLength(1);
    await runAlarmAt(h.id, NOW + 4 * H + 10 * S);
    const sent = await bodies();
    expect(sent).toHaveLength(2);
    expect(sent[1]).toMatchObject({ status: "firing", kind: "repeat", alerts: [{ id: sent[0]!.alerts[0]!.id }] });
    expect((await deliveriesOf(h.id, channelId))[0]).toMatchObject({ kind: "repeat", status: "delivered" });
  });

  it("notifies again when an alert it told of gets worse, not when it merely changes", async () => {
    const { h, total, bodies } = await budgetSetup(NOW);
    await total(85);
    await runAlarmAt(h.id, NOW + 10 * S);
    expect((await bodies()).map((b) => b.alerts[0]!.severity)).toEqual(["warning"]);
    const [alert] = await h.alerts();
    // An anomaly alert keeps its worst severity as its score rises; stand that in on the stored alert.
    const changeTo = (severity: string) =>
      runInDurableObject(roomOf(h.id), (room: HackathonRoom, state) => {
        state.storage.sql.exec("UPDATE alerts SET severity = ? WHERE id = ?", severity, alert!.id);
        room.notifications.onAlertChanges([findAlert(state.storage.sql, alert!.id, h.id)!.alert]);
      });
    await changeTo("warning");
    await runAlarmAt(h.id, NOW + 80 * S);
    expect(await bodies()).toHaveLength(1);
    await changeTo("critical");
    await runAlarmAt(h.id, NOW + 140 * S);
    const sent = await eventually(bodies, (b) => b.length > 1);
    expect(sent).toHaveLength(2);
    expect(sent[1]).toMatchObject({ status: "firing", alerts: [{ id: alert!.id, severity: "critical" }] });
  });
});
