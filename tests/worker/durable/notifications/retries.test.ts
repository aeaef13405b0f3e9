import { describe, expect, it } from "vitest";
import { ChannelListSchema } from "../../../../worker/src/contract";
import { cost } from "../../../helpers/alerts";
import { apiJson } from "../../../helpers/api";
import { budgetSetup, deliveriesOf, eventually } from "../../../helpers/notifications";
import { runAlarmAt } from "../../../helpers/rooms";

const NOW = Math.floor(Date.now() / 60_000) * 60_000;
const S = 1000;

async function channelOf(hackathonId: string) {
  return ChannelListSchema.parse((await apiJson(`/api/hackathons/${hackathonId}/channels`)).body).channels[0]!;
}

describe("delivery retries and failing channels", () => {
  it("retries a failed delivery with backoff and never sends it again once delivered", async () => {
    const { h, receiver, channelId, total } = await budgetSetup(NOW);
    await receiver.fail({ status: 503 });
    await total(85);
    await runAlarmAt(h.id, NOW + 10 * S);
    const [failed] = await deliveriesOf(h.id, channelId);
    expect(failed).toMatchObject({ status: "pending", attempts: 1, response_code: 503, last_error: "receiver answered HTTP 503" });
    // The backoff after a first failure is 10-15 s: not yet due at +20 s.
    await runAlarmAt(h.id, NOW + 20 * S);
    expect(await receiver.requests()).toHaveLength(1);
    await runAlarmAt(h.id, NOW + 40 * S);
    // The platform may run an alarm twice: a delivered id is never sent again.
    await runAlarmAt(h.id, NOW + 40 * S);
    await runAlarmAt(h.id, NOW + 600 * S);
    const requests = await receiver.requests();
    expect(requests).toHaveLength(2);
    expect(requests[1]!.headers["webhook-id"]).toBe(requests[0]!.headers["webhook-id"]);
    const [delivered] = await deliveriesOf(h.id, channelId);
    expect(delivered).toMatchObject({ status: "delivered", attempts: 2, response_code: 200, last_error: null });
    expect(await channelOf(h.id)).toMatchObject({ status: "ok", consecutive_failures: 0 });
  });

  it("marks a channel failing after 5 consecutive failures and drops what follows", async () => {
    const { h, receiver, channelId, total } = await budgetSetup(NOW, {}, 500);
    await total(85);
    let at = NOW + 10 * S;
    for (let i = 0; i < 5; i++, at += 600 * S) await runAlarmAt(h.id, at);
    expect(await receiver.requests()).toHaveLength(5);
    const [failed] = await deliveriesOf(h.id, channelId);
    expect(failed).toMatchObject({ status: "failed", attempts: 5, response_code: 500 });
    expect(await channelOf(h.id)).toMatchObject({ status: "failing", consecutive_failures: 5 });

    await h.send(cost(NOW, { total: 96 }));
    await runAlarmAt(h.id, at + 100 * S);
    await runAlarmAt(h.id, at + 1000 * S);
    expect(await receiver.requests()).toHaveLength(5);
    const [dropped] = await deliveriesOf(h.id, channelId);
    expect(dropped).toMatchObject({ kind: "firing", status: "dropped", attempts: 0 });
  });

  it("tries a test notification on a failing channel, and a success brings the channel back", async () => {
    const { h, receiver, channelId, total } = await budgetSetup(NOW, {}, 500);
    await total(85);
    let at = NOW + 10 * S;
    for (let i = 0; i < 5; i++, at += 600 * S) await runAlarmAt(h.id, at);
    expect((await channelOf(h.id)).status).toBe("failing");
    await receiver.update({ state: { status: 204 } });
    const queued = await apiJson(`/api/hackathons/${h.id}/channels/${channelId}/test`, { method: "POST" });
    expect(queued.status).toBe(202);
    await runAlarmAt(h.id, at);
    // Due at once, so the object's own alarm may be the one sending it.
    const [test] = await eventually(
      () => deliveriesOf(h.id, channelId),
      (d) => d[0]?.status === "delivered",
    );
    expect(test).toMatchObject({ kind: "test", status: "delivered", response_code: 204 });
    expect(await channelOf(h.id)).toMatchObject({ status: "ok", consecutive_failures: 0 });
  });
});
