import { describe, expect, it } from "vitest";
import { flushSync } from "svelte";
import { readChannelAccess, type ChannelAccess } from "$lib/api/channels";
import type { ApiClient } from "$lib/api/client";
import NotificationsPanel from "$lib/dashboard/NotificationsPanel.svelte";
import { formatDateTime, utcTitle } from "$lib/format/format";
import { byTestId, render } from "../helpers/render";
import { fakeApi, settle, unauthorized, type FakeRoutes } from "../helpers/fake-api";
import { makeChannel, makeDelivery } from "../fixtures/notifications";

const BASE = "/api/hackathons/spring-jam/channels";
const text = (element: Element | null | undefined) => element?.textContent?.replace(/\s+/g, " ").trim();

const webhook = makeChannel();
const slack = makeChannel({
  id: "ch_BBBBBBBBBBBB",
  kind: "slack",
  name: "Team Slack",
  url: "https://hooks.slack.com",
  min_severity: "critical",
  types: ["budget", "token_flood"],
  status: "failing",
  consecutive_failures: 5,
});

function renderPanel(api: ApiClient, access: ChannelAccess | null, reloads: string[] = []) {
  render(NotificationsPanel, {
    access,
    api,
    hackathonId: "spring-jam",
    reload: async () => {
      reloads.push("reload");
    },
    followUpDelaysMs: [0, 0, 0],
  });
}

function type(testId: string, value: string): void {
  const field = byTestId(testId) as HTMLInputElement | HTMLSelectElement;
  if (field instanceof HTMLSelectElement) {
    // Svelte reads the choice with `:checked`, which happy-dom matches on inputs only; its fallback
    // is the first enabled option, so the others are disabled for the moment of the change.
    const others = [...field.options].filter((option) => option.value !== value);
    field.value = value;
    for (const option of others) option.disabled = true;
    field.dispatchEvent(new Event("change", { bubbles: true }));
    for (const option of others) option.disabled = false;
  } else {
    field.value = value;
    field.dispatchEvent(new Event("input", { bubbles: true }));
  }
  flushSync();
}

const channelItem = (id: string) => byTestId(`channel-${id}`);
const inItem = (id: string, testId: string) => channelItem(id)?.querySelector(`[data-testid="${testId}"]`) ?? null;

describe("NotificationsPanel", () => {
  it("lists each channel with its kind, name, receiver origin, filters and status", () => {
    renderPanel(fakeApi({}).api, { managed: true, channels: [webhook, slack] });
    expect(text(inItem(webhook.id, "channel-kind"))).toBe("webhook");
    expect(text(inItem(webhook.id, "channel-name"))).toBe("On-call receiver");
    expect(text(inItem(webhook.id, "channel-url"))).toBe("https://hooks.example.com");
    expect(text(inItem(webhook.id, "channel-types"))).toBe("all types");
    expect(channelItem(webhook.id)?.textContent).toContain("warning and above");
    expect(text(inItem(webhook.id, "channel-status"))).toBe("OK");
    expect(text(inItem(slack.id, "channel-types"))).toBe("budget, token flood");
    expect(channelItem(slack.id)?.textContent).toContain("critical and above");
  });

  it("marks a failing channel in words with its consecutive failures, and counts failing channels in the heading", () => {
    renderPanel(fakeApi({}).api, { managed: true, channels: [webhook, slack] });
    expect(channelItem(slack.id)?.getAttribute("data-status")).toBe("failing");
    expect(text(inItem(slack.id, "channel-status"))).toBe("⚠ Failing: 5 failures in a row");
    expect(channelItem(slack.id)?.classList.contains("failing")).toBe(true);
    expect(channelItem(webhook.id)?.classList.contains("failing")).toBe(false);
    expect(text(byTestId("channels-failing-count"))).toBe("1 failing");
  });

  it("shows a one-line note instead of the panel when the token is not the admin's", async () => {
    const { api, requests } = fakeApi({ [`GET ${BASE}`]: unauthorized }, "pwv_viewer");
    const access = await readChannelAccess(api, "spring-jam");
    expect(requests.map((r) => `${r.method} ${r.path}`)).toEqual([`GET ${BASE}`]);
    renderPanel(api, access);
    expect(text(byTestId("channels-admin-note"))).toBe("Notification channels are managed with the admin token.");
    expect(byTestId("channel-form")).toBeNull();
    expect(byTestId("channels")).toBeNull();
    expect(document.querySelector('[role="alert"], .problem')).toBeNull();
  });

  it("adds a webhook channel and shows its signing secret once, with a note to copy it now", async () => {
    const created = makeChannel({ id: "ch_CCCCCCCCCCCC", name: "Pager bridge", url: "http://127.0.0.1:9999" });
    const routes: FakeRoutes = {
      [`POST ${BASE}`]: { status: 201, body: { channel: created, signing_secret: "whsec_c2VjcmV0LXNpZ25pbmcta2V5" } },
    };
    const { api, requests } = fakeApi(routes);
    const reloads: string[] = [];
    renderPanel(api, { managed: true, channels: [] }, reloads);
    expect(text(byTestId("channels-empty"))).toContain("No channels");

    type("channel-form-kind", "webhook");
    type("channel-form-name", "Pager bridge");
    type("channel-form-url", "http://127.0.0.1:9999/hook?key=abc");
    type("channel-form-severity", "critical");
    byTestId("channel-form")!.querySelector<HTMLInputElement>('input[value="anomaly"]')!.click();
    (byTestId("channel-form-submit") as HTMLButtonElement).click();
    await settle();

    expect(requests.map((r) => [r.method, r.path, r.body])).toEqual([
      [
        "POST",
        BASE,
        { kind: "webhook", name: "Pager bridge", url: "http://127.0.0.1:9999/hook?key=abc", min_severity: "critical", types: ["anomaly"] },
      ],
    ]);
    expect(reloads).toEqual(["reload"]);
    const secret = byTestId("channel-secret");
    expect(document.activeElement).toBe(secret);
    expect(text(byTestId("channel-secret-value"))).toBe("whsec_c2VjcmV0LXNpZ25pbmcta2V5");
    expect(secret?.textContent).toContain("Copy it now");
    expect(secret?.textContent).toContain("not shown again");
    expect((byTestId("channel-form-name") as HTMLInputElement).value).toBe("");

    (byTestId("channel-secret-dismiss") as HTMLButtonElement).click();
    flushSync();
    expect(byTestId("channel-secret")).toBeNull();
    expect(document.body.textContent).not.toContain("whsec_c2VjcmV0LXNpZ25pbmcta2V5");
    expect(document.activeElement).toBe(byTestId("channel-form-name"));

    // A Slack channel has no secret: nothing to show.
    routes[`POST ${BASE}`] = { status: 201, body: { channel: { ...slack, status: "ok", consecutive_failures: 0 }, signing_secret: null } };
    type("channel-form-kind", "slack");
    type("channel-form-name", "Team Slack");
    type("channel-form-url", "https://hooks.slack.com/services/T000/B000/XXXX");
    (byTestId("channel-form-submit") as HTMLButtonElement).click();
    await settle();
    // Kind and severity stay as chosen for the next channel; the rest of the form was cleared.
    expect(requests[1]?.body).toEqual({
      kind: "slack",
      name: "Team Slack",
      url: "https://hooks.slack.com/services/T000/B000/XXXX",
      min_severity: "critical",
    });
    expect(byTestId("channel-secret")).toBeNull();
  });

  it("shows the API's refusal of a new channel next to the form", async () => {
    const refusal = { status: 400, body: { error: { code: "validation_failed", message: "url: Invalid URL", issues: [] } } };
    const { api } = fakeApi({ [`POST ${BASE}`]: refusal });
    renderPanel(api, { managed: true, channels: [] });
    type("channel-form-name", "Broken");
    type("channel-form-url", "ftp://example.com");
    (byTestId("channel-form-submit") as HTMLButtonElement).click();
    await settle();
    expect(text(byTestId("channel-form-problem"))).toBe("Could not add the channel: url: Invalid URL");
    expect(byTestId("channel-secret")).toBeNull();
  });

  it("reads the delivery log when expanded and shows each delivery's time, kind, status, attempts, response code and error", async () => {
    const failed = makeDelivery({
      id: "msg_2",
      kind: "repeat",
      status: "failed",
      attempts: 6,
      response_code: 500,
      last_error: "receiver answered HTTP 500",
      created_at: "2026-11-28T10:20:00Z",
      delivered_at: null,
    });
    const { api, requests } = fakeApi({
      [`GET ${BASE}/${webhook.id}/deliveries`]: { status: 200, body: { deliveries: [failed, makeDelivery()] } },
    });
    renderPanel(api, { managed: true, channels: [webhook] });
    expect(requests).toEqual([]);
    const toggle = inItem(webhook.id, "channel-log-toggle") as HTMLButtonElement;
    expect(toggle.getAttribute("aria-expanded")).toBe("false");

    toggle.click();
    await settle();

    expect(requests.map((r) => `${r.method} ${r.path}`)).toEqual([`GET ${BASE}/${webhook.id}/deliveries`]);
    expect(toggle.getAttribute("aria-expanded")).toBe("true");
    expect(document.getElementById(toggle.getAttribute("aria-controls") ?? "")?.hidden).toBe(false);
    const rows = [...(byTestId("delivery-log")?.querySelectorAll("tbody tr") ?? [])];
    expect(rows.map((row) => [...row.querySelectorAll("td")].map((td) => text(td)))).toEqual([
      [formatDateTime("2026-11-28T10:20:00Z"), "repeat", "failed", "6", "500", "receiver answered HTTP 500"],
      [formatDateTime("2026-11-28T10:00:00Z"), "firing", "delivered", "1", "200", "—"],
    ]);
    expect(rows[0]?.querySelector("time")?.getAttribute("title")).toBe(utcTitle("2026-11-28T10:20:00Z"));

    toggle.click();
    flushSync();
    expect(byTestId("delivery-log")).toBeNull();
    expect(toggle.getAttribute("aria-expanded")).toBe("false");
  });

  it("sends a test notification, then reads the log again until the delivery has gone out", async () => {
    const queued = makeDelivery({
      id: "msg_test",
      kind: "test",
      alert_id: null,
      alert_ids: [],
      status: "pending",
      attempts: 0,
      response_code: null,
      delivered_at: null,
    });
    const sent = { ...queued, status: "delivered" as const, attempts: 1, response_code: 204, delivered_at: "2026-11-28T10:00:01Z" };
    const logReads: unknown[] = [{ deliveries: [queued] }, { deliveries: [sent] }];
    const routes: FakeRoutes = {
      [`POST ${BASE}/${slack.id}/test`]: { status: 202, body: { delivery: queued } },
      [`GET ${BASE}/${slack.id}/deliveries`]: () => ({ status: 200, body: logReads.shift() ?? { deliveries: [sent] } }),
    };
    const { api, requests } = fakeApi(routes);
    const reloads: string[] = [];
    renderPanel(api, { managed: true, channels: [slack] }, reloads);

    (inItem(slack.id, "channel-test") as HTMLButtonElement).click();
    await settle(1);
    expect(channelItem(slack.id)?.textContent).toContain("Test notification queued; it goes out within seconds.");
    await settle(6);

    expect(requests.map((r) => `${r.method} ${r.path}`)).toEqual([
      `POST ${BASE}/${slack.id}/test`,
      `GET ${BASE}/${slack.id}/deliveries`,
      `GET ${BASE}/${slack.id}/deliveries`,
    ]);
    const row = byTestId("delivery-msg_test");
    expect(row?.getAttribute("data-status")).toBe("delivered");
    expect(text(row?.querySelector("[data-testid=delivery-status]"))).toBe("delivered");
    expect(channelItem(slack.id)?.textContent).not.toContain("Test notification queued");
    // The channel's status may have changed with it (a success sets a failing channel back to ok).
    expect(reloads).toEqual(["reload"]);
  });

  it("says so when the test is still pending after the last re-read", async () => {
    const queued = makeDelivery({
      id: "msg_slow",
      kind: "test",
      alert_id: null,
      alert_ids: [],
      status: "pending",
      attempts: 1,
      response_code: 503,
      last_error: "receiver answered HTTP 503",
      delivered_at: null,
    });
    const { api, requests } = fakeApi({
      [`POST ${BASE}/${webhook.id}/test`]: { status: 202, body: { delivery: queued } },
      [`GET ${BASE}/${webhook.id}/deliveries`]: { status: 200, body: { deliveries: [queued] } },
    });
    renderPanel(api, { managed: true, channels: [webhook] });
    (inItem(webhook.id, "channel-test") as HTMLButtonElement).click();
    await settle(8);
    expect(requests.filter((r) => r.method === "GET")).toHaveLength(3);
    expect(channelItem(webhook.id)?.textContent).toContain(
      "The test is still pending: the receiver may be slow or failing, and it is retried.",
    );
    expect(text(byTestId("delivery-msg_slow")?.querySelector("[data-testid=delivery-status]"))).toBe("pending");
  });

  it("deletes a channel only after the confirm step, and can be talked out of it", async () => {
    const { api, requests } = fakeApi({ [`DELETE ${BASE}/${webhook.id}`]: { status: 204 } });
    const reloads: string[] = [];
    renderPanel(api, { managed: true, channels: [webhook] }, reloads);

    (inItem(webhook.id, "channel-delete") as HTMLButtonElement).click();
    await settle(1);
    expect(text(byTestId("channel-confirm"))).toContain("Delete “On-call receiver” with its queue and delivery log?");
    expect(document.activeElement?.textContent?.trim()).toBe("Keep it");
    (document.activeElement as HTMLButtonElement).click();
    flushSync();
    expect(byTestId("channel-confirm")).toBeNull();
    expect(requests).toEqual([]);

    (inItem(webhook.id, "channel-delete") as HTMLButtonElement).click();
    await settle(1);
    (byTestId("channel-confirm-delete") as HTMLButtonElement).click();
    await settle();
    expect(requests.map((r) => `${r.method} ${r.path}`)).toEqual([`DELETE ${BASE}/${webhook.id}`]);
    expect(reloads).toEqual(["reload"]);
    expect(byTestId("channel-problem")).toBeNull();
  });
});
