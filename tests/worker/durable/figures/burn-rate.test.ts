import { describe, expect, it } from "vitest";
import type { DashboardState } from "../../../../worker/src/contract";
import { readDashboard } from "../../../helpers/dashboard";
import { createHackathon } from "../../../helpers/hackathons";
import { pinClock } from "../../../helpers/rooms";
import { eventId, postEvents } from "../../../helpers/webhooks";

const M = 60_000;
const H = 60 * M;
const T0 = Date.parse("2026-11-28T00:00:00Z");
const END = T0 + 48 * H;
const iso = (ms: number) => new Date(ms).toISOString();
const cost = (ts: number, fields: object) => ({ id: eventId("c"), type: "cost", ts: iso(ts), ...fields });

/** A 48 h hackathon; `deliver` sends events as they arrive at `at` (the object's clock then). */
async function hackathon() {
  const h = await createHackathon({ budget: { amount: 2000 }, starts_at: iso(T0), ends_at: iso(END) });
  const id = h.hackathon.id;
  return {
    async deliver(at: number, ...events: object[]) {
      await pinClock(id, at);
      expect((await postEvents(id, h.webhook_secret, { events })).status).toBe(200);
    },
    async readAt(at: number): Promise<DashboardState> {
      await pinClock(id, at);
      return readDashboard(id, h.viewer_token);
    },
  };
}

describe("burn rate", () => {
  it("holds a sender that reports a total every 6 h at its pace between reports: no drop to 0, no spike", async () => {
    const h = await hackathon();
    // $300 every 6 h: $50/h. Each total arrives when it is stamped.
    for (const k of [1, 2, 3]) await h.deliver(T0 + k * 6 * H, cost(T0 + k * 6 * H, { total: 300 * k }));

    // Just after the third report, then through the 6 h until the next one is due.
    const readings = [];
    for (const at of [T0 + 18 * H + M, T0 + 19 * H, T0 + 21 * H, T0 + 23 * H + 59 * M]) readings.push(await h.readAt(at));
    for (const { cost_metrics } of readings) expect(cost_metrics.burn_rate).toBeCloseTo(50, 6);
    // The projection does not sag between reports: it already counts the unreported spend since the last one.
    const projected = readings.map((r) => r.cost_metrics.projected_cost);
    for (const p of projected) expect(p).toBeCloseTo(projected[0]!, 6);
    // 900 at the last report (its minute's end, 18h00m59.999s) + 50/h for the 29.98 h to the end.
    expect(projected[0]).toBeCloseTo(900 + 50 * ((END - (T0 + 18 * H + M - 1)) / H), 6);

    // The fourth arrives a little late and a little higher: the rate moves to the new pace, not to 6 h of spend in an hour.
    await h.deliver(T0 + 24 * H + 10 * M, cost(T0 + 24 * H + 10 * M, { total: 1230 }));
    const after = await h.readAt(T0 + 24 * H + 11 * M);
    // Over its last two intervals (12 h 10 min): (1,230 − 600) / 12.17 h.
    expect(after.cost_metrics.burn_rate).toBeCloseTo(630 / (12 + 10 / 60), 1);
  });

  it("lets the rate fade, not fall, once a sender is overdue", async () => {
    const h = await hackathon();
    for (const k of [1, 2, 3]) await h.deliver(T0 + k * 6 * H, cost(T0 + k * 6 * H, { total: 300 * k }));
    // Due at 24 h, silent until 27 h: the 3 h past due count as nothing spent (600 over 15 h).
    const late = await h.readAt(T0 + 27 * H + M);
    expect(late.cost_metrics.burn_rate).toBeCloseTo(600 / 15, 1);
  });

  it("reads a steady minute-by-minute sender over its recent hour", async () => {
    const h = await hackathon();
    // $1 a minute for 3 h, then $2 a minute for an hour.
    const events = Array.from({ length: 240 }, (_, i) => cost(T0 + (i + 1) * M, { amount: i < 180 ? 1 : 2 }));
    await h.deliver(T0 + 4 * H + 30_000, ...events);
    // Read at the end of the last report's minute (reports count at their minute's end).
    const at = T0 + 4 * H + M - 1;
    const { cost_metrics, outlook } = await h.readAt(at);
    // The last hour: 60 × $2.
    expect(cost_metrics.burn_rate).toBeCloseTo(120, 6);
    // The band: the whole 4 h ran at $75/h on average, the last 15 min (and hour) at $120/h.
    const hoursToEnd = (END - at) / H;
    expect(outlook.projected_cost_low).toBeCloseTo(300 + (300 / ((at - T0) / H)) * hoursToEnd, 6);
    expect(outlook.projected_cost_high).toBeCloseTo(300 + 120 * hoursToEnd, 6);
    expect(cost_metrics.projected_cost).toBeCloseTo(outlook.projected_cost_high, 6);
  });

  it("reads a sender hours behind (an export 4 h late) at its pace, not as silence", async () => {
    const h = await hackathon();
    // Each hour, the rows for the hour 4 h before: $40 each.
    for (let k = 5; k <= 12; k++) await h.deliver(T0 + k * H, cost(T0 + (k - 4) * H, { amount: 40 }));
    const { cost_metrics } = await h.readAt(T0 + 12 * H + 30 * M);
    expect(cost_metrics.burn_rate).toBeCloseTo(40, 6);
  });

  it("reads a first report minutes after the start over a whole hour, as velocity is, not as a pace per minute", async () => {
    const h = await hackathon();
    // $12.50 ten seconds in: read over the one minute since the start it was $750/h, a projected overrun of $16,000.
    await h.deliver(T0 + 10_000, cost(T0 + 10_000, { amount: 12.5 }));
    const { cost_metrics, outlook } = await h.readAt(T0 + 2 * M);
    expect(cost_metrics.burn_rate).toBeCloseTo(12.5, 6);
    expect(outlook.projected_cost_low).toBeCloseTo(outlook.projected_cost_high, 6);
    // An hour in, the window no longer reaches before the start: a second report is read at its own pace.
    await h.deliver(T0 + 2 * H, cost(T0 + 2 * H, { amount: 12.5 }));
    expect((await h.readAt(T0 + 2 * H + 30_000)).cost_metrics.burn_rate).toBeCloseTo(25 / ((2 * H + 30_000) / H), 6);
  });

  it("spreads a first report over the time since the start, not over the last hour", async () => {
    const h = await hackathon();
    // A budget notification: $300 spent so far, 6 h in.
    await h.deliver(T0 + 6 * H, cost(T0 + 6 * H, { total: 300 }));
    const { cost_metrics } = await h.readAt(T0 + 6 * H + 5 * M);
    expect(cost_metrics.burn_rate).toBeCloseTo(300 / ((6 * H + M - 1) / H), 6);
  });
});
