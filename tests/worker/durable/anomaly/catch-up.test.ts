import { describe, expect, it } from "vitest";
import { PublicStatusSchema } from "../../../../worker/src/contract";
import { fakeProvider } from "../../../fixtures/fake-providers/client";
import { alertingHackathon, at, cost, metric } from "../../../helpers/alerts";
import { apiJson } from "../../../helpers/api";
import { uniqueHackathonId } from "../../../helpers/hackathons";
import { polledCostSource } from "../../../helpers/polls";
import { pinClock, runAlarmAt } from "../../../helpers/rooms";
import { nextTimerDue } from "../../../helpers/timers";

const S = 1000;
const START = Date.parse("2026-11-28T10:00:00Z");
/** The spend comes in slots of 10 s of about 0.01 USD each; the sender reports each slot as it ends. */
const STEP = 10 * S;
const STEADY = 40;
/** The sender's webhooks are down for 20 slots (200 s) after its last steady one. */
const WITHHELD = 20;

const slotAt = (slot: number) => START + slot * STEP;

/**
 * `npm run demo:outage`, scripted: a steady sender, then its webhooks stop while spend goes
 * on; the source falls back to polling a billing provider whose running total takes in the
 * withheld spend as one jump, every poll.
 */
async function outageScenario(spikes: Record<number, number> = {}) {
  const amountOf = (slot: number) => spikes[slot] ?? 0.01 + (((slot * 7) % 5) - 2) * 0.0005;
  const serviceOf = (slot: number) => (slot in spikes ? "vertex-ai" : "cloud-run");
  const provider = await fakeProvider("json", { answer: { events: [] } });
  const id = uniqueHackathonId();
  // Pinned before it exists, so its timers run on the test's clock.
  await pinClock(id, START - S);
  const h = await alertingHackathon(START - S, { id, public: true, sources: { cost: polledCostSource(provider.baseUrl) } });
  /** What the provider knows at `t`: every slot ended by then, delivered or not. */
  const truthAt = (t: number) => {
    let total = 0;
    for (let slot = 0; slotAt(slot) <= t; slot++) total += amountOf(slot);
    return Number(total.toFixed(6));
  };
  const bill = (t: number) => ({ events: [{ id: `bill-${t}`, type: "cost", ts: at(t), total: truthAt(t) }] });

  /** Fires every timer due up to `t` at its own time, the provider answering the truth then, as the platform would. */
  const advanceTo = async (t: number) => {
    for (let due = await nextTimerDue(h.id); due !== null && due <= t; due = await nextTimerDue(h.id)) {
      await provider.update({ state: { answer: bill(due) } });
      await runAlarmAt(h.id, due);
    }
    await pinClock(h.id, t);
  };
  /** The sender reports slots [from, to), each as it ends. */
  const deliver = async (from: number, to: number) => {
    for (let slot = from; slot < to; slot++) {
      await advanceTo(slotAt(slot));
      await h.send(cost(slotAt(slot), { amount: amountOf(slot), service: serviceOf(slot) }));
    }
  };
  const publicStatus = async () => PublicStatusSchema.parse((await apiJson(`/api/public/${h.id}/status`, { token: null })).body);
  return { h, provider, truthAt, advanceTo, deliver, publicStatus };
}

describe("figures that arrive through polls and reconciliation", () => {
  it("a demo outage's withheld spend, polled in as one jump, raises no anomaly alert, incident or public incident", async () => {
    const { h, provider, truthAt, advanceTo, deliver, publicStatus } = await outageScenario();
    await deliver(0, STEADY);
    const quietFrom = slotAt(STEADY - 1);

    // 30 s of silence sends the source to polling; it polls every minute from then on.
    await advanceTo(quietFrom + (WITHHELD - 1) * STEP);
    expect((await provider.requests()).length).toBeGreaterThanOrEqual(3);
    const state = await h.dashboard();
    const { mode, last_poll_at } = state.hysteresis_health.cost;
    expect(mode).toBe("polling");
    // The catch-up did arrive: the figure is the provider's total at its last poll.
    expect(state.cost_metrics.current_spend).toBeCloseTo(truthAt(Date.parse(last_poll_at!)), 6);
    expect(state.cost_metrics.current_spend).toBeGreaterThan(truthAt(quietFrom) + 0.1);

    // The sender comes back at its old pace.
    await deliver(STEADY + WITHHELD, STEADY + WITHHELD + 6);

    expect((await h.alerts("all")).filter((a) => a.type === "anomaly")).toEqual([]);
    const after = await h.dashboard();
    expect(after.incidents).toEqual([]);
    expect(after.anomalies).toEqual([]);
    const status = await publicStatus();
    expect(status.incidents).toEqual([]);
    expect(status.state).not.toBe("incident");
  }, 60_000);

  it("still alerts on a spike the sender itself reports after the outage", async () => {
    const back = STEADY + WITHHELD;
    const { h, deliver } = await outageScenario({ [back + 3]: 2 });
    await deliver(0, STEADY);
    await deliver(back, back + 4);
    const [alert] = (await h.alerts()).filter((a) => a.type === "anomaly");
    expect(alert).toMatchObject({ series: "cost.spend" });
    expect(alert!.description).toContain("vertex-ai");
  }, 60_000);

  it("a metric a poll brings is not scored: no mark, no alert, and the sender's own spike after it still alerts", async () => {
    const provider = await fakeProvider("json", { answer: { events: [] } });
    const id = uniqueHackathonId();
    await pinClock(id, START - S);
    const performance = { ...polledCostSource(provider.baseUrl), poll: { kind: "json" as const, url: `${provider.baseUrl}/metrics` } };
    const h = await alertingHackathon(START - S, { id, sources: { performance } });
    const latency = (slot: number, value: number) => ({ ...metric(slotAt(slot), "latency_ms", value), id: `lat-${slot}` });
    await pinClock(h.id, slotAt(29));
    await h.send(...Array.from({ length: 30 }, (_, slot) => latency(slot, 120 + ((slot * 13) % 20))));
    // The sender goes quiet; the poll brings a latency ten times the usual.
    await provider.update({ state: { answer: { events: [latency(31, 2400)] } } });
    await runAlarmAt(h.id, slotAt(29) + 30 * S);
    expect((await provider.requests()).length).toBeGreaterThanOrEqual(1);
    expect((await h.dashboard()).anomalies).toEqual([]);
    expect(await h.alerts("all")).toEqual([]);

    // The sender's own spike still alerts.
    await pinClock(h.id, slotAt(40));
    await h.send(latency(40, 2400));
    expect((await h.alerts()).map((a) => a.series)).toEqual(["metric.latency_ms"]);
  });
});
