import { evictDurableObject } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { DashboardStateSchema, RcaResponseSchema } from "../../../../worker/src/contract";
import { fakeProvider } from "../../../fixtures/fake-providers/client";
import { apiJson } from "../../../helpers/api";
import { createHackathon, uniqueHackathonId } from "../../../helpers/hackathons";
import { pinClock, roomOf, runAlarmAt } from "../../../helpers/rooms";
import { timerDue } from "../../../helpers/timers";
import { eventId, postEvents } from "../../../helpers/webhooks";

const S = 1000;
const NOW = Date.parse("2026-11-28T10:00:00Z");
const at = (ms: number) => new Date(ms).toISOString();
const cost = (ts: number, fields: object) => ({ id: eventId(), type: "cost", ts: at(ts), ...fields });

/** A hackathon whose cost source falls back to a JSON provider the test controls. */
async function hackathonWithCostPoller(answerTotal: number) {
  const provider = await fakeProvider("json", { answer: cost(NOW, { total: answerTotal }) });
  // The object's clock is pinned before it exists, so its timers start in the test's time.
  const pinnedId = uniqueHackathonId();
  await pinClock(pinnedId, NOW - 60 * S);
  const h = await createHackathon({
    id: pinnedId,
    starts_at: at(NOW - 3600 * S),
    ends_at: null,
    sources: { cost: { event_timeout_s: 30, poll_interval_s: 60, reconciliation_interval_s: 300, poll: { kind: "json", url: `${provider.baseUrl}/spend` } } },
  });
  const id = h.hackathon.id;
  await pinClock(id, NOW);
  const dashboard = async () =>
    DashboardStateSchema.parse((await apiJson(`/api/hackathons/${id}/dashboard`, { token: h.viewer_token })).body);
  const rca = async () => RcaResponseSchema.parse((await apiJson(`/api/hackathons/${id}/rca`, { token: h.viewer_token })).body);
  const send = async (ts: number, fields: object) => {
    await pinClock(id, ts);
    expect((await postEvents(id, h.webhook_secret, cost(ts, fields))).status).toBe(200);
  };
  return { id, provider, dashboard, rca, send };
}

describe("event/polling hysteresis in the hackathon object", () => {
  it("falls back to polling once the source is silent for event_timeout_s, not before", async () => {
    const { id, provider, dashboard, send } = await hackathonWithCostPoller(5);
    await send(NOW, { amount: 5 });
    await runAlarmAt(id, NOW + 29 * S);
    expect((await dashboard()).hysteresis_health.cost.mode).toBe("event");
    expect(await provider.requests()).toHaveLength(0);

    await runAlarmAt(id, NOW + 30 * S);
    const health = (await dashboard()).hysteresis_health.cost;
    expect(health).toMatchObject({ mode: "polling", last_poll_at: at(NOW + 30 * S), consecutive_failures: 0 });
    expect((await provider.requests()).map((r) => r.path)).toEqual(["/spend"]);
    expect(await timerDue(id, "source:cost")).toBe(NOW + 90 * S);
  });

  it("returns to event mode only after a steady run of events, and logs both transitions", async () => {
    const { id, dashboard, rca, send } = await hackathonWithCostPoller(5);
    await send(NOW, { amount: 5 });
    await runAlarmAt(id, NOW + 30 * S);
    await send(NOW + 40 * S, { amount: 0 });
    await send(NOW + 50 * S, { amount: 0 });
    expect((await dashboard()).hysteresis_health.cost.mode).toBe("polling");
    await send(NOW + 60 * S, { amount: 0 });
    expect((await dashboard()).hysteresis_health.cost.mode).toBe("event");
    const { transitions } = await rca();
    expect(transitions.map((t) => `${t.from}->${t.to}`)).toEqual(["polling->event", "event->polling"]);
    expect(transitions[1]?.reason).toBe("no event for 30 s");
  });

  it("corrects missed events to the provider's total and writes a missed-events entry", async () => {
    const { id, dashboard, rca, send } = await hackathonWithCostPoller(12);
    await send(NOW, { amount: 5 });
    await runAlarmAt(id, NOW + 30 * S);
    expect((await dashboard()).cost_metrics.current_spend).toBe(12);
    const { entries } = await rca();
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({ source: "cost", kind: "correction", cause: "missed_events" });
    expect(entries[0]?.detail).toMatchObject({ drift: 7, derived: 5, applied: true });
    expect((await dashboard()).hysteresis_health.cost).toMatchObject({ drift: 7, last_reconciled_at: at(NOW + 30 * S) });
  });

  it("backs off, opens the circuit and shows the figure as stale, then recovers on a good probe", async () => {
    const { id, provider, dashboard, send } = await hackathonWithCostPoller(5);
    await send(NOW, { amount: 5 });
    await provider.fail(...Array.from({ length: 5 }, () => ({ status: 500, body: { error: "boom" } })));
    let due: number | null = NOW + 30 * S;
    for (let attempt = 1; attempt <= 5; attempt++) {
      await runAlarmAt(id, due!);
      due = await timerDue(id, "source:cost");
    }
    const degraded = await dashboard();
    expect(degraded.hysteresis_health.cost).toMatchObject({ mode: "degraded", consecutive_failures: 5 });
    expect(degraded.stale).toBe(true);
    expect(degraded.cost_metrics.current_spend).toBe(5);

    await runAlarmAt(id, due!);
    const recovered = await dashboard();
    expect(recovered.hysteresis_health.cost).toMatchObject({ mode: "polling", consecutive_failures: 0 });
    expect(recovered.stale).toBe(false);
  });

  it("keeps its schedule across a restart of the object", async () => {
    const { id, provider, send } = await hackathonWithCostPoller(5);
    await send(NOW, { amount: 5 });
    await evictDurableObject(roomOf(id));
    await runAlarmAt(id, NOW + 30 * S);
    expect(await provider.requests()).toHaveLength(1);
  });

  it("reconciles on schedule in event mode too", async () => {
    const { id, provider, send, rca } = await hackathonWithCostPoller(9);
    await send(NOW, { amount: 5 });
    const reconcileAt = await timerDue(id, "reconcile:cost");
    expect(reconcileAt).not.toBeNull();
    for (let t = NOW + 20 * S; t < reconcileAt!; t += 20 * S) await send(t, { amount: 0 });
    await runAlarmAt(id, reconcileAt!);
    expect(await provider.requests()).toHaveLength(1);
    expect((await rca()).entries[0]).toMatchObject({ kind: "correction", detail: { drift: 4 } });
  });
});

describe("sources without a poller", () => {
  it("leave an unused source alone, and mark a used one degraded after silence until events return", async () => {
    const id = uniqueHackathonId();
    await pinClock(id, NOW);
    const h = await createHackathon({ id, starts_at: at(NOW - 3600 * S), sources: { tokens: { event_timeout_s: 30 } } });
    const token = (ts: number) => ({ id: eventId(), type: "token", ts: at(ts), model: "m", input_tokens: 1, output_tokens: 1 });
    await postEvents(id, h.webhook_secret, token(NOW));
    await runAlarmAt(id, NOW + 31 * S);
    const { body } = await apiJson<any>(`/api/hackathons/${id}/dashboard`, { token: h.viewer_token });
    expect(body.hysteresis_health.tokens.mode).toBe("degraded");
    expect(body.hysteresis_health.performance.mode).toBe("event");
    expect(body.stale).toBe(true);
    for (const t of [NOW + 40 * S, NOW + 50 * S, NOW + 60 * S]) {
      await pinClock(id, t);
      await postEvents(id, h.webhook_secret, token(t));
    }
    const after = await apiJson<any>(`/api/hackathons/${id}/dashboard`, { token: h.viewer_token });
    expect(after.body.hysteresis_health.tokens.mode).toBe("event");
    expect(after.body.stale).toBe(false);
  });
});

describe("archived hackathons", () => {
  it("stop watching and polling their sources", async () => {
    const { id, send } = await hackathonWithCostPoller(5);
    await send(NOW, { amount: 5 });
    expect(await timerDue(id, "source:cost")).not.toBeNull();
    expect(await timerDue(id, "reconcile:cost")).not.toBeNull();
    await apiJson(`/api/hackathons/${id}`, { method: "DELETE" });
    expect(await timerDue(id, "source:cost")).toBeNull();
    expect(await timerDue(id, "reconcile:cost")).toBeNull();
  });
});

describe("reconciliation ranges", () => {
  it("judges a drift by what happened since the last reconciliation, not by old gaps", async () => {
    const { id, provider, send, rca } = await hackathonWithCostPoller(9);
    await send(NOW, { amount: 5 });
    const first = (await timerDue(id, "reconcile:cost"))!;
    for (let t = NOW + 20 * S; t < first; t += 20 * S) await send(t, { amount: 0 });
    await runAlarmAt(id, first);
    // The first range began at the start, an hour before any event: a silence.
    expect((await rca()).entries[0]).toMatchObject({ cause: "missed_events" });

    await provider.update({ state: { answer: cost(first, { total: 11 }) } });
    const second = (await timerDue(id, "reconcile:cost"))!;
    expect(second).toBe(first + 300 * S);
    for (let t = first + 20 * S; t < second; t += 20 * S) await send(t, { amount: 0 });
    await runAlarmAt(id, second);
    const latest = (await rca()).entries[0];
    expect(latest).toMatchObject({ kind: "correction", cause: "unknown" });
    expect(latest?.detail).toMatchObject({ drift: 2, from: first, to: second });
  });

  it("does not reconcile again right after a regular poll has", async () => {
    const { id, send } = await hackathonWithCostPoller(5);
    await send(NOW, { amount: 5 });
    await runAlarmAt(id, NOW + 30 * S);
    expect(await timerDue(id, "reconcile:cost")).toBe(NOW + 330 * S);
  });
});
