import { runInDurableObject } from "cloudflare:test";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { createDetector } from "../../../../worker/src/anomaly";
import { MIN_RATE_SPAN_MS, type SpendRate, spendRatesAt } from "../../../../worker/src/durable/anomaly/spend-rate";
import { applyCostEvent } from "../../../../worker/src/durable/figures/cost";
import { SPEND_RATE_RESET } from "../../../../worker/src/durable/storage/schema";
import { alertingHackathon, cost, M } from "../../../helpers/alerts";
import { createHackathon } from "../../../helpers/hackathons";
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

type Row = { event_id: string; ts: number; amount: number | null; total: number | null; cum: number; own: number };

/**
 * The rate at `to` as docs/anomaly.md defines it, read one window at a time: from the sender's
 * last report at least MIN_RATE_SPAN_MS before `to` (or its first), each of its later reports up
 * to `to` adds its `amount`, or its `total`'s step over its report before.
 */
function rateReadAlone(ledger: Row[], to: number): SpendRate | null {
  const own = ledger.filter((row) => row.own === 1);
  const start = own.filter((row) => row.ts <= to - MIN_RATE_SPAN_MS).at(-1) ?? own.find((row) => row.ts < to);
  if (!start || to <= start.ts) return null;
  let spend = 0;
  let previous = start.cum;
  for (const row of own.slice(own.indexOf(start) + 1).filter((r) => r.ts <= to)) {
    spend += row.amount ?? (row.total ?? previous) - previous;
    previous = row.cum;
  }
  return { spend, from: start.ts, to, perHour: (spend / (to - start.ts)) * HOUR };
}

describe("a batch's spend rates", () => {
  it("read the same as each window read alone, for reports stamped to the millisecond, catch-up among them", async () => {
    const report = fc.record({
      ms: fc.integer({ min: 0, max: 120_000 }),
      kind: fc.constantFrom("amount", "total"),
      value: fc.integer({ min: 0, max: 500 }),
      own: fc.boolean(),
    });
    const { hackathon } = await createHackathon();
    let run = 0;
    await runInDurableObject(roomOf(hackathon.id), (_, state) => {
      const sql = state.storage.sql;
      fc.assert(
        fc.property(fc.array(report, { minLength: 1, maxLength: 40 }), (reports) => {
          run += 1;
          sql.exec("DELETE FROM cost_ledger");
          reports.forEach((r, i) => {
            const id = `r${run}-${String(i).padStart(2, "0")}`;
            const ts = NOW + r.ms;
            const figure = r.kind === "total" ? { total: r.value } : { amount: r.value };
            applyCostEvent(sql, id, ts, { id, type: "cost", ts: new Date(ts).toISOString(), ...figure }, r.own);
          });
          const ledger = sql.exec<Row>("SELECT event_id, ts, amount, total, cum, own FROM cost_ledger ORDER BY ts, event_id").toArray();
          const tos = reports.filter((r) => r.own).map((r) => NOW + r.ms);
          const rates = spendRatesAt(sql, tos);
          for (const to of tos) expect(rates.get(to)).toEqual(rateReadAlone(ledger, to));
        }),
        { numRuns: 150 },
      );
    });
  });
});
