import { evictDurableObject } from "cloudflare:test";
import { polledCostSource } from "../../../helpers/polls";
import { describe, expect, it } from "vitest";
import {
  DashboardStateSchema,
  PublicStatusSchema,
  RcaResponseSchema,
  SOURCE_DEFAULTS,
  SOURCE_NAMES,
} from "../../../../worker/src/contract";
import { fakeProvider } from "../../../fixtures/fake-providers/client";
import { apiJson } from "../../../helpers/api";
import { readDashboard } from "../../../helpers/dashboard";
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
    sources: {
      cost: polledCostSource(provider.baseUrl),
    },
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
  return { id, provider, dashboard, rca, send, secret: h.webhook_secret };
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

const token = (ts: number) => ({ id: eventId(), type: "token", ts: at(ts), model: "m", input_tokens: 1, output_tokens: 1 });

describe("sources without a poller", () => {
  it("leave an unused source alone, and mark a used one idle, not stale, after silence", async () => {
    const id = uniqueHackathonId();
    await pinClock(id, NOW);
    const h = await createHackathon({ id, starts_at: at(NOW - 3600 * S), sources: { tokens: { event_timeout_s: 30 } } });
    await postEvents(id, h.webhook_secret, token(NOW));
    await runAlarmAt(id, NOW + 31 * S);
    const body = await readDashboard(id, h.viewer_token);
    expect(body.hysteresis_health.tokens.mode).toBe("idle");
    expect(body.hysteresis_health.performance.mode).toBe("event");
    expect(body.stale).toBe(false);
    expect(await timerDue(id, "source:tokens")).toBeNull();
  });

  it("return from idle to event on the very next event (there is no poll to hand back from)", async () => {
    const id = uniqueHackathonId();
    await pinClock(id, NOW);
    const h = await createHackathon({ id, starts_at: at(NOW - 3600 * S), sources: { tokens: { event_timeout_s: 30 } } });
    await postEvents(id, h.webhook_secret, token(NOW));
    await runAlarmAt(id, NOW + 31 * S);
    await pinClock(id, NOW + 3600 * S);
    expect((await postEvents(id, h.webhook_secret, token(NOW + 3600 * S))).status).toBe(200);
    expect((await readDashboard(id, h.viewer_token)).hysteresis_health.tokens.mode).toBe("event");
    expect(await timerDue(id, "source:tokens")).toBe(NOW + 3630 * S);
    const transitions = RcaResponseSchema.parse((await apiJson(`/api/hackathons/${id}/rca`, { token: h.viewer_token })).body).transitions;
    expect(transitions.map((t) => `${t.from}->${t.to}`)).toEqual(["idle->event", "event->idle"]);
    expect(transitions[0]?.reason).toBe("event after 3600 s of quiet; no poll to hand back from");
  });
});

describe("a hackathon on its default timings", () => {
  it("stays healthy for a day of quiet after one batch: nothing degraded or stale, the public page operational", async () => {
    const id = uniqueHackathonId();
    await pinClock(id, NOW);
    const h = await createHackathon({ id, public: true, starts_at: at(NOW - 3600 * S), ends_at: null });
    const batch = [
      cost(NOW, { amount: 3 }),
      token(NOW),
      { id: eventId(), type: "task", ts: at(NOW), task: { id: "t1", title: "T1", status: "todo", weight: 2 } },
      { id: eventId(), type: "metric", ts: at(NOW), name: "latency_ms", value: 120 },
    ];
    expect((await postEvents(id, h.webhook_secret, { events: batch })).status).toBe(200);
    for (const later of [3600 * S, 6 * 3600 * S, 24 * 3600 * S]) {
      // The alarm takes every timer due by then, as the platform would.
      await runAlarmAt(id, NOW + later);
      const state = await readDashboard(id, h.viewer_token);
      for (const source of SOURCE_NAMES) expect(state.hysteresis_health[source].mode).not.toBe("degraded");
      expect(state.stale).toBe(false);
      const status = PublicStatusSchema.parse((await apiJson(`/api/public/${id}/status`)).body);
      expect(status.state).toBe("operational");
      for (const source of SOURCE_NAMES) expect(status.sources[source].healthy_share).toBe(1);
    }
    const modes = (await readDashboard(id, h.viewer_token)).hysteresis_health;
    expect(SOURCE_NAMES.map((s) => modes[s].mode)).toEqual(["idle", "idle", "idle", "idle"]);
  });

  it("still sends a source with a poller to polling once its (default) timeout passes", async () => {
    const provider = await fakeProvider("json", { answer: cost(NOW, { total: 3 }) });
    const id = uniqueHackathonId();
    await pinClock(id, NOW);
    const h = await createHackathon({
      id,
      starts_at: at(NOW - 3600 * S),
      ends_at: null,
      sources: { cost: { poll: { kind: "json", url: `${provider.baseUrl}/spend` } } },
    });
    expect(h.hackathon.sources.cost).toMatchObject({ event_timeout_s: SOURCE_DEFAULTS.cost.event_timeout_s });
    expect((await postEvents(id, h.webhook_secret, cost(NOW, { amount: 3 }))).status).toBe(200);
    const silenceEnds = NOW + SOURCE_DEFAULTS.cost.event_timeout_s * S;
    expect(await timerDue(id, "source:cost")).toBe(silenceEnds);
    await runAlarmAt(id, silenceEnds);
    expect((await readDashboard(id, h.viewer_token)).hysteresis_health.cost.mode).toBe("polling");
  });
});

describe("late deliveries", () => {
  it("are not clock skew: a retried event, then silence, then a poll finding more is missed events", async () => {
    const { id, rca, secret } = await hackathonWithCostPoller(20);
    // Stamped at NOW, delivered 90 s later, as a webhook retry would be.
    await pinClock(id, NOW + 90 * S);
    expect((await postEvents(id, secret, cost(NOW, { amount: 5 }))).status).toBe(200);
    await runAlarmAt(id, NOW + 120 * S);
    const { entries } = await rca();
    expect(entries[0]).toMatchObject({ kind: "correction", cause: "missed_events", detail: { drift: 15 } });
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
