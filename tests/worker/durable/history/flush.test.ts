import { runInDurableObject } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { createDb } from "../../../../worker/src/db/client";
import type { HackathonRoom } from "../../../../worker/src/durable/hackathon-room";
import { flushHistory } from "../../../../worker/src/durable/history/flush";
import { failingD1, withFailingD1 } from "../../../helpers/failing-d1";
import { createHackathon } from "../../../helpers/hackathons";
import { pinClock, roomOf, runAlarmAt } from "../../../helpers/rooms";
import { eventId, postEvents } from "../../../helpers/webhooks";

const M = 60_000;
const NOW = Date.parse("2026-11-28T10:00:30Z");
const minute = (ms: number) => Math.floor(ms / M) * 60;
/** HISTORY_FLUSH_MS in the test config: the flush is due this long after the last ingest. */
const FLUSH_INTERVAL = 600_000;
const FLUSH_DUE = NOW + FLUSH_INTERVAL;

async function d1Points(hackathonId: string, series: string) {
  const { results } = await env.DB.prepare("SELECT minute, value FROM series_points WHERE hackathon_id = ? AND series = ? ORDER BY minute")
    .bind(hackathonId, series)
    .all<{ minute: number; value: number }>();
  return results.map((r) => [r.minute, r.value]);
}

const pendingRows = (room: DurableObjectStub<HackathonRoom>) =>
  runInDurableObject(room, (_, state) => state.storage.sql.exec<{ n: number }>("SELECT COUNT(*) AS n FROM history_dirty").one().n);

async function hackathonWithCosts() {
  const h = await createHackathon({ starts_at: "2026-11-28T09:00:00Z", ends_at: null });
  const id = h.hackathon.id;
  await pinClock(id, NOW);
  const cost = (ts: number, amount: number) => ({ id: eventId(), type: "cost", ts: new Date(ts).toISOString(), amount });
  await postEvents(id, h.webhook_secret, { events: [cost(NOW - 2 * M, 1), cost(NOW - 2 * M + 5000, 2), cost(NOW, 4)] });
  return h;
}

describe("history flush", () => {
  it("writes per-minute rollups to D1 in one batch when the alarm runs, not per event", async () => {
    const { hackathon } = await hackathonWithCosts();
    expect(await d1Points(hackathon.id, "cost.spend")).toEqual([]);
    expect(await runAlarmAt(hackathon.id, FLUSH_DUE)).toBe(true);
    expect(await d1Points(hackathon.id, "cost.spend")).toEqual([
      [minute(NOW - 2 * M), 3],
      [minute(NOW - M), 3],
      [minute(NOW), 7],
    ]);
    expect(await pendingRows(roomOf(hackathon.id))).toBe(0);
    // Nothing is left to flush: the timers left are the cost source's silence watch and the retention run.
    const timers = await runInDurableObject(roomOf(hackathon.id), (_, state) =>
      state.storage.sql
        .exec<{ name: string }>("SELECT name FROM timers ORDER BY name")
        .toArray()
        .map((t) => t.name),
    );
    expect(timers).toEqual(["retention", "source:cost"]);
  });

  it("rewrites later minutes when a back-filled event arrives", async () => {
    const { hackathon, webhook_secret } = await hackathonWithCosts();
    await runAlarmAt(hackathon.id, FLUSH_DUE);
    await postEvents(hackathon.id, webhook_secret, { id: eventId(), type: "cost", ts: new Date(NOW - 3 * M).toISOString(), amount: 10 });
    await runAlarmAt(hackathon.id, FLUSH_DUE + 2 * FLUSH_INTERVAL);
    const points = await d1Points(hackathon.id, "cost.spend");
    expect(points.slice(0, 4)).toEqual([
      [minute(NOW - 3 * M), 10],
      [minute(NOW - 2 * M), 13],
      [minute(NOW - M), 13],
      [minute(NOW), 17],
    ]);
    // The level carries on to the minute the back-fill arrived in (the clock stood at FLUSH_DUE).
    expect(points.slice(4).map(([, value]) => value)).toEqual(Array(10).fill(17));
    expect(points.at(-1)?.[0]).toBe(minute(FLUSH_DUE));
  });

  it("keeps every pending row when D1 fails, and writes them once it is back", async () => {
    const { hackathon } = await hackathonWithCosts();
    const room = roomOf(hackathon.id);
    const before = await pendingRows(room);
    expect(before).toBeGreaterThan(0);
    const flushWith = (d1: D1Database) =>
      runInDurableObject(room, (_, state) =>
        flushHistory({
          sql: state.storage.sql,
          db: createDb(d1),
          hackathonId: hackathon.id,
          context: { startsAt: Date.parse(hackathon.starts_at), endsAt: null },
          registry: null,
        }),
      );
    await expect(flushWith(failingD1())).rejects.toThrow(/unavailable/);
    expect(await pendingRows(room)).toBe(before);
    expect(await d1Points(hackathon.id, "cost.spend")).toEqual([]);

    expect(await flushWith(env.DB)).toMatchObject({ remaining: 0 });
    expect(await d1Points(hackathon.id, "cost.spend")).toHaveLength(3);
  });

  it("re-arms the alarm with a backoff when its flush fails", async () => {
    const { hackathon } = await hackathonWithCosts();
    const room = roomOf(hackathon.id);
    await pinClock(hackathon.id, FLUSH_DUE);
    const rearmedIn = await runInDurableObject(room, async (instance: HackathonRoom, state) => {
      await withFailingD1(instance["env"], () => instance.alarm());
      const alarm = await state.storage.getAlarm();
      return alarm === null ? null : alarm - Date.now();
    });
    expect(rearmedIn).not.toBeNull();
    expect(rearmedIn!).toBeGreaterThan(0);
    expect(await pendingRows(room)).toBeGreaterThan(0);
    expect(await runAlarmAt(hackathon.id, FLUSH_DUE + 10 * M)).toBe(true);
    expect(await pendingRows(room)).toBe(0);
    expect(await d1Points(hackathon.id, "cost.spend")).toHaveLength(3);
  });
});

describe("task history", () => {
  it("draws the burn-up by event time: completed weight and scope at each minute", async () => {
    const h = await createHackathon({ starts_at: "2026-11-28T09:00:00Z", ends_at: null });
    const id = h.hackathon.id;
    await pinClock(id, NOW);
    const task = (ts: number, fields: object) => ({
      id: eventId(),
      type: "task",
      ts: new Date(ts).toISOString(),
      task: { title: "t", ...fields },
    });
    await postEvents(id, h.webhook_secret, {
      events: [
        task(NOW - 3 * M, { id: "a", status: "todo", weight: 2 }),
        task(NOW - 3 * M, { id: "b", status: "todo", weight: 2 }),
        task(NOW - 2 * M, { id: "a", status: "done", weight: 2 }),
        task(NOW - M, { id: "c", status: "todo", weight: 4 }),
      ],
    });
    await runAlarmAt(id, FLUSH_DUE);
    expect(await d1Points(id, "tasks.completed")).toEqual([
      [minute(NOW - 3 * M), 0],
      [minute(NOW - 2 * M), 2],
      [minute(NOW - M), 2],
      [minute(NOW), 2],
    ]);
    expect(await d1Points(id, "tasks.total")).toEqual([
      [minute(NOW - 3 * M), 4],
      [minute(NOW - 2 * M), 4],
      [minute(NOW - M), 8],
      [minute(NOW), 8],
    ]);
    expect((await d1Points(id, "tasks.percent_complete")).map(([, v]) => v)).toEqual([0, 50, 25, 25]);
  });
});
