import { runInDurableObject } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { DashboardStateSchema, RcaResponseSchema } from "../../../../worker/src/contract";
import { apiJson } from "../../../helpers/api";
import { createHackathon } from "../../../helpers/hackathons";
import { roomOf } from "../../../helpers/rooms";
import { LiveClient } from "../../../helpers/sockets";
import { raisePeriod } from "../../../../worker/src/integrations/google/budget-periods";
import { readBudgetPush } from "../../../../worker/src/integrations/google/budget-notification";
import { budgetData, encodeData, messageIdOf, PERIOD_START, push, pushEnvelope, tokenPath } from "../../../helpers/pubsub-push";

/** A hackathon and a sender that pushes to it with its `?token=` URL. */
async function hackathonWithPush(overrides: Record<string, unknown> = {}) {
  const h = await createHackathon(overrides);
  const path = tokenPath(h.webhook_urls.gcp_billing);
  return {
    h,
    send: (body: unknown) => push(path, body),
    async dashboard() {
      const { body } = await apiJson(`/api/hackathons/${h.hackathon.id}/dashboard`, { token: h.viewer_token });
      return DashboardStateSchema.parse(body);
    },
    async rca() {
      const { body } = await apiJson(`/api/hackathons/${h.hackathon.id}/rca`, { token: h.viewer_token });
      return RcaResponseSchema.parse(body).entries;
    },
  };
}

const minutesAgo = (n: number) => new Date(Date.now() - n * 60_000).toISOString();

describe("budget notifications become cost events", () => {
  it("reads the documented example message as spend to date", async () => {
    const { send, dashboard } = await hackathonWithPush();
    // The data bytes from Google's docs: costAmount 100.01 of a 100.00 budget.
    const docsData =
      "eyJidWRnZXREaXNwbGF5TmFtZSI6Im5hbWUtb2YtYnVkZ2V0IiwiYWxlcnRUaHJlc2hvbGRFeGNlZWRlZCI6MS4wLCJjb3N0QW1vdW50IjoxMDAuMDEsImNvc3RJbnRlcnZhbFN0YXJ0IjoiMjAxOS0wMS0wMVQwMDowMDowMFoiLCJidWRnZXRBbW91bnQiOjEwMC4wMCwiYnVkZ2V0QW1vdW50VHlwZSI6IlNQRUNJRklFRF9BTU9VTlQiLCJjdXJyZW5jeUNvZGUiOiJVU0QifQ==";
    const response = await send(pushEnvelope(null, { data: docsData }));
    expect(await response.json()).toEqual({ accepted: 1, duplicates: 0 });
    const state = await dashboard();
    expect(state.cost_metrics.current_spend).toBe(100.01);
    expect(state.provider_budget).toMatchObject({
      source: "gcp-billing",
      display_name: "name-of-budget",
      budget_amount: 100,
      alert_threshold_exceeded: 1,
      forecast_threshold_exceeded: null,
    });
  });

  it("pushes Google's own budget view to live subscribers", async () => {
    const { h, send } = await hackathonWithPush();
    const live = await LiveClient.open(h.hackathon.id, h.viewer_token);
    await send(pushEnvelope(budgetData({ costAmount: 60, alertThresholdExceeded: 0.5 })));
    const delta = await live.waitFor((m) => m.type === "provider_budget");
    live.close();
    expect(delta.type === "provider_budget" && delta.data).toMatchObject({ alert_threshold_exceeded: 0.5 });
  });

  it("accepts the envelope with only camelCase or only snake_case ids", async () => {
    const { send, dashboard } = await hackathonWithPush();
    expect((await send(pushEnvelope(budgetData({ costAmount: 5 }), { casing: "camel", publishTime: minutesAgo(2) }))).status).toBe(200);
    expect((await send(pushEnvelope(budgetData({ costAmount: 8 }), { casing: "snake" }))).status).toBe(200);
    expect((await dashboard()).cost_metrics.current_spend).toBe(8);
  });

  it("accepts a message without attributes and a non-ASCII display name", async () => {
    const { send, dashboard } = await hackathonWithPush();
    const response = await send(pushEnvelope(budgetData({ costAmount: 4, budgetDisplayName: "Budget – Zürich 🏎" }), { attributes: null }));
    expect(response.status).toBe(200);
    expect((await dashboard()).provider_budget?.display_name).toBe("Budget – Zürich 🏎");
  });

  it("counts a redelivered message once", async () => {
    const { send, dashboard } = await hackathonWithPush();
    const body = pushEnvelope(budgetData({ costAmount: 30 }));
    expect(await (await send(body)).json()).toEqual({ accepted: 1, duplicates: 0 });
    expect(await (await send(body)).json()).toEqual({ accepted: 0, duplicates: 1 });
    expect((await dashboard()).cost_metrics.current_spend).toBe(30);
  });

  it("does not let an older, lower amount arriving late lower spend", async () => {
    const { send, dashboard } = await hackathonWithPush();
    await send(pushEnvelope(budgetData({ costAmount: 50, alertThresholdExceeded: 0.05 }), { publishTime: minutesAgo(1) }));
    const late = await send(pushEnvelope(budgetData({ costAmount: 20 }), { publishTime: minutesAgo(30) }));
    expect(late.status).toBe(200);
    expect(await late.json()).toEqual({ accepted: 0, duplicates: 0, ignored: "older than the period's latest amount" });
    const state = await dashboard();
    expect(state.cost_metrics.current_spend).toBe(50);
    expect(state.provider_budget?.alert_threshold_exceeded).toBe(0.05);
  });

  it("keeps counting the same amount as fresh news, so a quiet budget still shows its sender alive", async () => {
    const { send, dashboard } = await hackathonWithPush();
    await send(pushEnvelope(budgetData({ costAmount: 15 }), { publishTime: minutesAgo(10) }));
    expect(await (await send(pushEnvelope(budgetData({ costAmount: 15 })))).json()).toEqual({ accepted: 1, duplicates: 0 });
    expect((await dashboard()).cost_metrics.current_spend).toBe(15);
  });

  it("still applies a redelivery when the period mark was raised but the event never stored", async () => {
    const { h, send, dashboard } = await hackathonWithPush();
    const body = pushEnvelope(budgetData({ costAmount: 25 }));
    const read = readBudgetPush(JSON.stringify(body));
    if (!read.ok) throw new Error(read.reason);
    // What a failure between the sender's interpret and the object's store leaves behind.
    await runInDurableObject(roomOf(h.hackathon.id), (_room, state) => raisePeriod(state.storage.sql, read.message));
    expect(await (await send(body)).json()).toEqual({ accepted: 1, duplicates: 0 });
    expect((await dashboard()).cost_metrics.current_spend).toBe(25);
  });

  it("starts a new budget period at a new costIntervalStart instead of subtracting", async () => {
    const { send, dashboard } = await hackathonWithPush();
    await send(pushEnvelope(budgetData({ costAmount: 70 }), { publishTime: minutesAgo(20) }));
    await send(pushEnvelope(budgetData({ costAmount: 90 }), { publishTime: minutesAgo(15) }));
    const next = budgetData({ costAmount: 4, costIntervalStart: "2026-12-01T08:00:00Z" });
    expect(await (await send(pushEnvelope(next, { publishTime: minutesAgo(5) }))).json()).toEqual({ accepted: 1, duplicates: 0 });
    expect((await dashboard()).cost_metrics.current_spend).toBe(94);
    await send(pushEnvelope({ ...next, costAmount: 6 }));
    expect((await dashboard()).cost_metrics.current_spend).toBe(96);
  });
});

describe("messages that can never be applied", () => {
  async function expectUnusable(body: unknown, summary: RegExp, messageId: string | null, overrides = {}) {
    const { send, dashboard, rca } = await hackathonWithPush(overrides);
    const response = await send(body);
    expect(response.status).toBe(204);
    expect(await response.text()).toBe("");
    const state = await dashboard();
    expect(state.cost_metrics.current_spend).toBe(0);
    expect(state.provider_budget).toBeNull();
    const [entry, ...rest] = await rca();
    expect(rest).toEqual([]);
    expect(entry).toMatchObject({ kind: "unusable_delivery", source: "cost" });
    expect(entry!.summary).toMatch(summary);
    expect(entry!.detail).toMatchObject({ message_id: messageId });
  }

  it("answers 204 and logs data that is not base64 JSON", async () => {
    const messageId = messageIdOf();
    await expectUnusable(pushEnvelope(null, { messageId, data: encodeData("{not json") }), /base64 of UTF-8 JSON/, messageId);
  });

  it("answers 204 and logs data that is not a budget notification", async () => {
    const messageId = messageIdOf();
    await expectUnusable(pushEnvelope({ hello: "world" }, { messageId }), /not a budget notification/, messageId);
  });

  it("answers 204 and logs an unknown schemaVersion", async () => {
    const messageId = messageIdOf();
    const attributes = { budgetId: "b-1", schemaVersion: "2.0" };
    await expectUnusable(pushEnvelope(budgetData(), { messageId, attributes }), /schemaVersion "2.0"/, messageId);
  });

  it("answers 204 and logs a budget in another currency", async () => {
    const messageId = messageIdOf();
    await expectUnusable(pushEnvelope(budgetData({ currencyCode: "EUR" }), { messageId }), /EUR.*USD/, messageId);
  });

  it("answers 204 for a body that is not a push envelope at all", async () => {
    await expectUnusable("[1, 2", /not a Pub\/Sub push envelope/, null);
  });

  it("keeps working after a poison message", async () => {
    const { send, dashboard } = await hackathonWithPush();
    expect((await send(pushEnvelope(null, { data: "@@@" }))).status).toBe(204);
    expect((await send(pushEnvelope(budgetData({ costAmount: 2, costIntervalStart: PERIOD_START })))).status).toBe(200);
    expect((await dashboard()).cost_metrics.current_spend).toBe(2);
  });
});
