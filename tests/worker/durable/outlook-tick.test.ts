import { evictDurableObject, runInDurableObject } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import type { LiveMessage, Outlook } from "../../../worker/src/contract";
import { apiJson } from "../../helpers/api";
import { createHackathon } from "../../helpers/hackathons";
import { pinClock, roomOf, runAlarmAt } from "../../helpers/rooms";
import { LiveClient } from "../../helpers/sockets";
import { timerDue } from "../../helpers/timers";
import { eventId, postEvents } from "../../helpers/webhooks";

const M = 60_000;
const H = 60 * M;
const T0 = Date.parse("2026-11-28T00:00:00Z");
const NOW = T0 + 20 * H;
const iso = (ms: number) => new Date(ms).toISOString();
const cost = (ts: number, amount: number) => ({ id: eventId("c"), type: "cost", ts: iso(ts), amount });
/**
 * $40 each hour for the 20 h so far, stamped at the last instant of each hour (where the burn rate
 * places a report anyway: the end of its minute), so it reads exactly $40/h.
 */
const hourly = () => Array.from({ length: 20 }, (_, i) => cost(T0 + (i + 1) * H - 1, 40));

const outlookOf = (m: LiveMessage): Outlook | null => (m.type === "outlook" ? m.data : null);

/** A 48 h hackathon on $2,000 read 20 h in, with a socket open; `send` posts cost events. */
async function liveHackathon(endsAt = T0 + 48 * H) {
  const h = await createHackathon({ budget: { amount: 2000 }, starts_at: iso(T0), ends_at: iso(endsAt) });
  const id = h.hackathon.id;
  await pinClock(id, NOW);
  const live = await LiveClient.open(id, h.viewer_token);
  await live.waitFor((m) => m.type === "snapshot");
  const send = async (...events: object[]) => expect((await postEvents(id, h.webhook_secret, { events })).status).toBe(200);
  /** The next outlook delta from message `from` on that matches. */
  const nextOutlook = async (from: number, match: (o: Outlook) => boolean = () => true) =>
    outlookOf(await live.waitFor((m) => outlookOf(m) !== null && match(outlookOf(m)!), { from }))!;
  return { id, live, send, nextOutlook };
}

describe("the outlook on the live channel", () => {
  it("goes out as an outlook delta when spend changes, and not when an unrelated figure does", async () => {
    const h = await liveHackathon();
    let from = h.live.messages.length;
    // 800 spent, projected 800 + 40 × 28 = 1,920, under the budget.
    await h.send(...hourly());
    const first = await h.nextOutlook(from, (o) => o.projected_cost_low > 800);
    expect(first).toMatchObject({ hours_left: 28, runs_out_before_end: false, projected_overrun: 0 });
    expect(first.projected_cost_low).toBeCloseTo(1920, 3);

    // Spend jumps: a report of $500 in the last minute puts the projection over the budget.
    from = h.live.messages.length;
    await h.send(cost(NOW, 500));
    await h.live.waitFor((m) => m.type === "cost" && m.data.current_spend === 1300, { from });
    const next = await h.nextOutlook(from, (o) => o.runs_out_before_end === true);
    expect(next.projected_overrun).toBeGreaterThan(0);

    // A metric moves nothing the outlook reads from: its frame carries no outlook delta.
    from = h.live.messages.length;
    await h.send({ id: eventId("m"), type: "metric", ts: iso(NOW), name: "latency_ms", value: 120 });
    await h.live.waitFor((m) => m.type === "metric", { from });
    expect(h.live.messages.slice(from).filter((m) => m.type === "outlook")).toEqual([]);
    h.live.close();
  });

  it("goes out every minute while the hours left run down, from the alarm", async () => {
    const h = await liveHackathon();
    await h.send(cost(NOW - H, 100));
    expect(await timerDue(h.id, "outlook")).toBe(NOW + M);

    const from = h.live.messages.length;
    expect(await runAlarmAt(h.id, NOW + M)).toBe(true);
    const ticked = await h.nextOutlook(from, (o) => o.hours_left! < 28);
    expect(ticked.hours_left).toBeCloseTo(28 - 1 / 60, 9);
    expect(await timerDue(h.id, "outlook")).toBe(NOW + 2 * M);
    h.live.close();
  });

  it("sends its last tick at the end, with 0 hours left, and stops there", async () => {
    const end = NOW + 90_000;
    const h = await liveHackathon(end);
    await h.send(cost(NOW - H, 100));
    await runAlarmAt(h.id, NOW + M);
    expect(await timerDue(h.id, "outlook")).toBe(end);

    const from = h.live.messages.length;
    await runAlarmAt(h.id, end);
    await h.nextOutlook(from, (o) => o.hours_left === 0);
    expect(await timerDue(h.id, "outlook")).toBeNull();
    h.live.close();
  });

  it("goes out when a PATCH changes the budget or the end", async () => {
    const h = await liveHackathon();
    await h.send(...hourly());
    await h.nextOutlook(0, (o) => o.projected_cost_low > 800);

    let from = h.live.messages.length;
    expect((await apiJson(`/api/hackathons/${h.id}`, { method: "PATCH", json: { budget: { amount: 1500 } } })).status).toBe(200);
    // 800 + 40 × 28 = 1,920: over a $1,500 budget by 420.
    expect((await h.nextOutlook(from, (o) => o.projected_overrun > 0)).projected_overrun).toBeCloseTo(420, 3);

    from = h.live.messages.length;
    expect((await apiJson(`/api/hackathons/${h.id}`, { method: "PATCH", json: { ends_at: iso(NOW + 10 * H) } })).status).toBe(200);
    const moved = await h.nextOutlook(from, (o) => o.ends_at === iso(NOW + 10 * H));
    expect(moved).toMatchObject({ ends_at: iso(NOW + 10 * H), hours_left: 10 });
    // 800 + 40 × 10 = 1,200: under the budget now.
    expect(moved.runs_out_before_end).toBe(false);

    // An end nearer than the next tick brings the tick forward to it.
    from = h.live.messages.length;
    expect((await apiJson(`/api/hackathons/${h.id}`, { method: "PATCH", json: { ends_at: iso(NOW + 30_000) } })).status).toBe(200);
    await h.nextOutlook(from, (o) => o.ends_at === iso(NOW + 30_000));
    expect(await timerDue(h.id, "outlook")).toBe(NOW + 30_000);
    h.live.close();
  });

  it("is planned as the object wakes, for an object from before the tick that nothing has changed since", async () => {
    // In the object's own clock, which a woken object reads from the wall.
    const h = await createHackathon({ starts_at: iso(Date.now() - H), ends_at: iso(Date.now() + 48 * H) });
    const id = h.hackathon.id;
    // The older state: no outlook timer, no alarm.
    await runInDurableObject(roomOf(id), async (_, ctx) => {
      ctx.storage.sql.exec("DELETE FROM timers WHERE name = 'outlook'");
      await ctx.storage.deleteAlarm();
    });
    expect(await timerDue(id, "outlook")).toBeNull();

    await evictDurableObject(roomOf(id));
    const before = Date.now();
    expect((await apiJson(`/api/hackathons/${id}`, { token: h.viewer_token })).status).toBe(200);
    const due = await timerDue(id, "outlook");
    // A minute after the wake, which came after `before`.
    expect(due).toBeGreaterThan(before);
    expect(due).toBeLessThanOrEqual(Date.now() + M);
    expect(await runInDurableObject(roomOf(id), (_, ctx) => ctx.storage.getAlarm())).not.toBeNull();
  });
});
