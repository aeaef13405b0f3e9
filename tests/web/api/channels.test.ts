import { describe, expect, it } from "vitest";
import { readChannelAccess, sendTestNotification } from "$lib/api/channels";
import { fakeApi, unauthorized } from "../helpers/fake-api";
import { makeChannel, makeDelivery } from "../fixtures/notifications";

const BASE = "/api/hackathons/spring%20jam";

describe("readChannelAccess", () => {
  it("lists the channels for the admin token", async () => {
    const channel = makeChannel();
    const { api, requests } = fakeApi({ [`GET ${BASE}/channels`]: { status: 200, body: { channels: [channel] } } });
    await expect(readChannelAccess(api, "spring jam")).resolves.toEqual({ managed: true, channels: [channel] });
    expect(requests.map((r) => r.authorization)).toEqual(["Bearer admin-token"]);
  });

  it("reads a 401 as a token that does not manage channels", async () => {
    const { api } = fakeApi({ [`GET ${BASE}/channels`]: unauthorized }, "pwv_viewer");
    await expect(readChannelAccess(api, "spring jam")).resolves.toEqual({ managed: false });
  });

  it("passes any other failure on", async () => {
    const { api } = fakeApi({
      [`GET ${BASE}/channels`]: { status: 500, body: { error: { code: "internal", message: "boom", issues: [] } } },
    });
    await expect(readChannelAccess(api, "spring jam")).rejects.toMatchObject({ status: 500 });
  });
});

describe("sendTestNotification", () => {
  it("queues a test on the channel's own path and returns the queued delivery", async () => {
    const delivery = makeDelivery({ kind: "test", status: "pending", alert_id: null, alert_ids: [] });
    const { api, requests } = fakeApi({ [`POST ${BASE}/channels/ch_AAAAAAAAAAAA/test`]: { status: 202, body: { delivery } } });
    await expect(sendTestNotification(api, "spring jam", "ch_AAAAAAAAAAAA")).resolves.toEqual(delivery);
    expect(requests.map((r) => r.method)).toEqual(["POST"]);
  });
});
