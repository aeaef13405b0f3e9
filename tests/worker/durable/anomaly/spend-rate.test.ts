import { runInDurableObject } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { createDetector } from "../../../../worker/src/anomaly";
import { SPEND_RATE_RESET } from "../../../../worker/src/durable/storage/schema";
import { alertingHackathon, cost, M } from "../../../helpers/alerts";
import { pinClock, roomOf } from "../../../helpers/rooms";

const NOW = Date.parse("2026-11-28T12:00:00Z");
const S = 1000;
const HOUR = 60 * M;

/** A small seeded generator (mulberry32): the same "random" stream on every run. */
function seeded(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

/**
 * A sender that reports at irregular gaps (10 s to 5 min, most of them short: log-uniform)
 * the spend of each gap at a steady 6 USD an hour, give or take 5%.
 */
function irregularSender(start: number, count: number, seed: number) {
  const next = seeded(seed);
  const events: Array<{ ts: number; amount: number }> = [];
  let ts = start;
  for (let i = 0; i < count; i++) {
    const gap = Math.round(10 * S * 30 ** next());
    ts += gap;
    events.push({ ts, amount: Number((((6 * gap) / HOUR) * (0.95 + 0.1 * next())).toFixed(6)) });
  }
  return events;
}

const costAlerts = async (h: Awaited<ReturnType<typeof alertingHackathon>>) =>
  (await h.alerts("all")).filter((a) => a.type === "anomaly" && a.series === "cost.spend");

describe("spend is scored as a rate over time", () => {
  it("a zero-amount cost event after a steady stream raises no alert and no mark; a real spike after it still does", async () => {
    const h = await alertingHackathon(NOW);
    // A very steady sender: 10 USD a minute, give or take 0.1.
    await h.send(...Array.from({ length: 30 }, (_, i) => cost(NOW - (30 - i) * M, { amount: 10 + (((i * 7) % 3) - 1) / 10 })));
    await h.send(cost(NOW, { amount: 0, service: "cloud-run" }));
    expect(await costAlerts(h)).toEqual([]);
    const quiet = await h.dashboard();
    expect(quiet.anomalies).toEqual([]);
    expect(quiet.cost_metrics.anomaly_score).toBe(0);

    await pinClock(h.id, NOW + M);
    await h.send(cost(NOW + M, { amount: 400, service: "vertex-ai" }));
    const [spike] = await costAlerts(h);
    // 400 USD in the minute since the zero: 24,000 USD an hour against the usual 600.
    expect(spike?.description).toMatch(
      /^Unusual spend in service vertex-ai: 400 USD in 1 min \(24,000 USD\/h; usually 600 USD\/h\) \(anomaly score [01]\.\d\d\)$/,
    );
    expect((await h.dashboard()).anomalies).toEqual([
      { series: "cost.spend", ts: new Date(NOW + M).toISOString(), value: 400, score: spike!.score },
    ]);
  });

  it("an irregular sender at a steady rate raises no cost alert, while a jump in its rate does", async () => {
    const events = irregularSender(NOW, 200, 1);
    const h = await alertingHackathon(NOW);
    // Delivered as it happens: ten minutes of events at a time, the object's clock moving along.
    let batch: typeof events = [];
    const flush = async () => {
      await pinClock(h.id, batch.at(-1)!.ts);
      await h.send(...batch.map((e) => cost(e.ts, { amount: e.amount, service: "cloud-run" })));
      batch = [];
    };
    for (const event of events) {
      if (batch.length > 0 && event.ts - batch[0]!.ts > 10 * M) await flush();
      batch.push(event);
    }
    await flush();
    expect(await costAlerts(h)).toEqual([]);

    // The next minute costs twenty times the usual rate: 2 USD instead of 0.10.
    const spikeAt = events.at(-1)!.ts + M;
    await pinClock(h.id, spikeAt);
    await h.send(cost(spikeAt, { amount: 2, service: "vertex-ai" }));
    const [spike] = await costAlerts(h);
    expect(spike).toMatchObject({ status: "open" });
    expect(spike!.description).toMatch(/^Unusual spend in service vertex-ai: 2 USD in 1 min \(120 USD\/h; usually [56](\.\d+)? USD\/h\)/);
  }, 60_000);

  it("an object whose detector learned per-event amounts starts cost.spend afresh, rather than page on its first rate", async () => {
    const h = await alertingHackathon(NOW);
    // What an object from before the rate stored: a detector that read 30 events of about 0.01.
    await runInDurableObject(roomOf(h.id), (_, state) => {
      const old = createDetector();
      for (let i = 0; i < 30; i++) old.update(NOW - (40 - i) * M, 0.01 + (i % 3) / 1000);
      state.storage.sql.exec(
        "INSERT INTO detectors (series, state, last_ts, last_score, points) VALUES ('cost.spend', ?, ?, 0, 30)",
        JSON.stringify(old.toJSON()),
        NOW - 11 * M,
      );
      for (const statement of SPEND_RATE_RESET) state.storage.sql.exec(statement);
    });
    // The same 0.01 a minute, now read as 0.6 an hour.
    await h.send(...Array.from({ length: 3 }, (_, i) => cost(NOW - (2 - i) * M, { amount: 0.01 })));
    expect(await costAlerts(h)).toEqual([]);
  });
});
