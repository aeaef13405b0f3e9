import { runInDurableObject } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { FixedSeriesSchema } from "../../../../worker/src/contract/history";
import { readDashboardState, timeline } from "../../../../worker/src/durable/views/dashboard-state";
import { closedTokenMinutes } from "../../../../worker/src/durable/anomaly/token-minutes";
import { applyCostEvent, spendAt } from "../../../../worker/src/durable/figures/cost";
import { readFlood } from "../../../../worker/src/durable/figures/token-flood";
import { applyTokenEvent } from "../../../../worker/src/durable/figures/tokens";
import { foldCostLedger } from "../../../../worker/src/durable/retention/fold-cost";
import { foldTokenLedger } from "../../../../worker/src/durable/retention/fold-tokens";
import { seriesValueAt } from "../../../../worker/src/durable/history/series-values";
import { compactOldEvents } from "../../../../worker/src/durable/retention/run";
import { compactableAt, RETENTION_CONTINUE_MS, RETENTION_EVERY_MS, RETENTION_MS } from "../../../../worker/src/durable/retention/policy";
import { loadRecord } from "../../../../worker/src/durable/room-record";
import { gatherEvidence } from "../../../../worker/src/durable/sources/evidence";
import { readRcaLog } from "../../../../worker/src/durable/sources/logs";
import { createHackathon } from "../../../helpers/hackathons";
import { pinClock, roomOf, runAlarmAt } from "../../../helpers/rooms";
import { timerDue } from "../../../helpers/timers";
import { eventId, postEvents } from "../../../helpers/webhooks";

const S = 1000;
const M = 60 * S;
const H = 60 * M;
const NOW = Date.parse("2026-11-28T10:00:30Z");
/** Ten days back: past the retention period, so these minutes get compacted. */
const OLD = Date.parse("2026-11-18T08:00:00Z");
const iso = (ms: number) => new Date(ms).toISOString();

type Event = Record<string, unknown> & { id: string; ts: string };
const cost = (ts: number, fields: Record<string, number>): Event => ({ id: eventId("cost"), type: "cost", ts: iso(ts), ...fields });
const tokens = (ts: number, model: string, input: number, output: number, price?: number): Event => ({
  id: eventId("tok"),
  type: "token",
  ts: iso(ts),
  model,
  input_tokens: input,
  output_tokens: output,
  ...(price === undefined ? {} : { cost: price }),
});
const metric = (ts: number, value: number): Event => ({ id: eventId("met"), type: "metric", ts: iso(ts), name: "latency_ms", value });
const task = (ts: number, id: string, status: string): Event => ({
  id: eventId("task"),
  type: "task",
  ts: iso(ts),
  task: { id, title: id, status, weight: 2 },
});

/**
 * A scripted history: old minutes with several amounts, a `total` in the middle of a minute,
 * two models (with and without a price), tasks and metrics; then a recent hour of traffic.
 */
function scriptedEvents(): Event[] {
  return [
    cost(OLD + 1 * S, { amount: 1.25 }),
    cost(OLD + 7 * S, { amount: 2 }),
    cost(OLD + 20 * S, { amount: 0.5 }),
    cost(OLD + M + 5 * S, { amount: 3 }),
    cost(OLD + M + 9 * S, { total: 10 }),
    cost(OLD + M + 30 * S, { amount: 4 }),
    cost(OLD + M + 31 * S, { amount: 0.75 }),
    cost(OLD + 5 * M, { amount: 6 }),
    cost(OLD + 2 * H + 3 * S, { amount: 1 }),
    cost(OLD + 2 * H + 4 * S, { amount: 1 }),
    tokens(OLD + 2 * S, "alpha", 100, 40, 0.01),
    tokens(OLD + 3 * S, "alpha", 300, 60, 0.03),
    tokens(OLD + 4 * S, "beta", 1000, 10),
    tokens(OLD + 50 * S, "beta", 500, 20),
    tokens(OLD + M + 1 * S, "alpha", 70, 7),
    tokens(OLD + M + 2 * S, "alpha", 30, 3, 0.02),
    metric(OLD + 10 * S, 120),
    metric(OLD + 11 * S, 180),
    task(OLD, "a", "todo"),
    task(OLD + M, "a", "done"),
    task(OLD + 2 * M, "b", "blocked"),
    cost(NOW - 2 * H, { amount: 5 }),
    cost(NOW - 30 * M, { amount: 2.5 }),
    cost(NOW - 10 * S, { amount: 1 }),
    tokens(NOW - 90 * M, "alpha", 200, 50, 0.04),
    tokens(NOW - 20 * S, "beta", 800, 80),
    tokens(NOW - 5 * S, "alpha", 900, 100, 0.1),
  ];
}

const SERIES = [...FixedSeriesSchema.options, "metric.latency_ms"];

/** Every minute around every event, in history's keys (epoch seconds). */
function minutesAround(events: Event[]): number[] {
  const minutes = new Set<number>();
  for (const event of events) {
    const minute = Math.floor(Date.parse(event.ts) / M) * 60;
    for (const offset of [-60, 0, 60, 120]) minutes.add(minute + offset);
  }
  return [...minutes].sort((a, b) => a - b);
}

/** Every figure the object derives from its events, read at the pinned clock. */
function readFigures(sql: SqlStorage, now: number, minutes: number[]) {
  const record = loadRecord(sql)!;
  const context = timeline(record);
  const evidenceRange = (from: number, to: number) => ({ from, to, recentSince: from });
  return {
    dashboard: readDashboardState({ sql, record, now }),
    history: Object.fromEntries(SERIES.map((series) => [series, minutes.map((m) => seriesValueAt(sql, series, m, context))])),
    // Instants outside the folded minutes, including the hour-aligned ends a burn rate reads.
    spend: [OLD - 1, OLD + 3 * M, OLD + H + M - 1, OLD + 3 * H, NOW - H, NOW].map((at) => spendAt(sql, at)),
    evidence: [
      gatherEvidence(sql, "cost", evidenceRange(OLD - H, NOW), null),
      gatherEvidence(sql, "tokens", evidenceRange(OLD - H, NOW), null),
      gatherEvidence(sql, "cost", evidenceRange(NOW - 3 * H, NOW), null),
    ],
    flood: readFlood(sql, now),
    tokenMinutes: closedTokenMinutes(sql, now),
    rca: readRcaLog(sql),
  };
}

function ledgerCounts(sql: SqlStorage, horizon: number) {
  const count = (query: string) => sql.exec<{ n: number }>(query, horizon).one().n;
  return {
    costRows: count("SELECT COUNT(*) AS n FROM cost_ledger WHERE ts < ?"),
    costEvents: count("SELECT SUM(events) AS n FROM cost_ledger WHERE ts < ?"),
    tokenRows: count("SELECT COUNT(*) AS n FROM token_ledger WHERE ts < ?"),
    tokenEvents: count("SELECT SUM(events) AS n FROM token_ledger WHERE ts < ?"),
    events: count("SELECT COUNT(*) AS n FROM events WHERE ts < ?"),
    bodies: count("SELECT COUNT(*) AS n FROM events WHERE ts < ? AND body != ''"),
  };
}

async function seededHackathon(events: Event[]) {
  const h = await createHackathon({
    starts_at: iso(OLD - 2 * H),
    ends_at: iso(NOW + 24 * H),
    budget: { amount: 1_000_000 },
  });
  await pinClock(h.hackathon.id, NOW);
  const response = await postEvents(h.hackathon.id, h.webhook_secret, { events });
  expect(await response.json()).toEqual({ accepted: events.length, duplicates: 0 });
  return { id: h.hackathon.id, secret: h.webhook_secret };
}

/** Runs bounded passes until one says nothing is left; answers how many it took. */
function compactAll(sql: SqlStorage, now: number, batch?: { bodies: number; minutes: number }): number {
  for (let passes = 1; passes <= 100; passes++) {
    if (compactOldEvents(sql, now, batch).nextDueAt !== now + RETENTION_CONTINUE_MS) return passes;
  }
  throw new Error("compaction did not finish in 100 passes");
}

describe("retention compaction", () => {
  it("folds old raw rows into rollups and leaves every figure exactly as it was", async () => {
    const events = scriptedEvents();
    const { id } = await seededHackathon(events);
    const minutes = minutesAround(events);
    const horizon = NOW - RETENTION_MS;
    const result = await runInDurableObject(roomOf(id), (_, state) => {
      const sql = state.storage.sql;
      const before = { figures: readFigures(sql, NOW, minutes), counts: ledgerCounts(sql, horizon) };
      const passes = compactAll(sql, NOW, { bodies: 4, minutes: 1 });
      return { before, passes, after: { figures: readFigures(sql, NOW, minutes), counts: ledgerCounts(sql, horizon) } };
    });

    expect(result.after.figures).toEqual(result.before.figures);
    const oldCost = events.filter((e) => e.type === "cost" && Date.parse(e.ts) < horizon).length;
    const oldTokens = events.filter((e) => e.type === "token" && Date.parse(e.ts) < horizon).length;
    expect(result.before.counts).toMatchObject({ costRows: oldCost, tokenRows: oldTokens, bodies: result.before.counts.events });
    // Cost runs: minute 0 → 1 row; minute 1 → [3], total 10, [4, 0.75] → 3 rows; minute 5 → 1; minute 120 → 1.
    // Tokens per minute and model: (0, alpha), (0, beta), (1, alpha).
    expect(result.after.counts).toEqual({
      costRows: 6,
      costEvents: oldCost,
      tokenRows: 3,
      tokenEvents: oldTokens,
      events: result.before.counts.events,
      bodies: 0,
    });
    // Batches of one minute per ledger: one pass per old cost minute (the longest list) plus the last, empty one.
    expect(result.passes).toBeGreaterThan(4);
  });

  it("still answers a redelivery of a compacted event as a duplicate, and counts nothing twice", async () => {
    const events = scriptedEvents();
    const { id, secret } = await seededHackathon(events);
    const figures = () => runInDurableObject(roomOf(id), (_, state) => readFigures(state.storage.sql, NOW, minutesAround(events)));
    await runInDurableObject(roomOf(id), (_, state) => compactAll(state.storage.sql, NOW));
    const compacted = await figures();

    const response = await postEvents(id, secret, { events });
    expect(await response.json()).toEqual({ accepted: 0, duplicates: events.length });
    const after = await figures();
    // The refused repeats are counted as evidence about the sender; nothing else moves.
    const costEvents = events.filter((e) => e.type === "cost").length;
    expect(after.evidence[0]!.duplicateIds - compacted.evidence[0]!.duplicateIds).toBe(costEvents);
    const withoutRepeats = (figures: typeof after) => ({
      ...figures,
      evidence: figures.evidence.map(({ duplicateIds: _, ...rest }) => rest),
    });
    expect(withoutRepeats(after)).toEqual(withoutRepeats(compacted));
  });

  it("applies a back-fill into a folded minute exactly as it would have been applied to the raw rows", async () => {
    const events = scriptedEvents();
    const raw = await seededHackathon(events);
    const folded = await seededHackathon(events.map((event) => ({ ...event, id: eventId("copy") })));
    await runInDurableObject(roomOf(folded.id), (_, state) => compactAll(state.storage.sql, NOW));

    // Between two folded amounts of minute 1 (after its `total`), and between two of minute 0.
    const backfill = () => ({
      events: [cost(OLD + M + 30 * S + 500, { amount: 8 }), cost(OLD + 5 * S, { amount: 0.25 }), tokens(OLD + M + 10 * S, "alpha", 5, 5)],
    });
    for (const target of [raw, folded]) {
      const response = await postEvents(target.id, target.secret, backfill());
      expect(await response.json()).toEqual({ accepted: 3, duplicates: 0 });
    }
    const read = (target: { id: string }) =>
      runInDurableObject(roomOf(target.id), (_, state) => {
        const { dashboard, history, spend, flood, tokenMinutes } = readFigures(state.storage.sql, NOW, minutesAround(events));
        return { cost: dashboard.cost_metrics, tokens: dashboard.token_metrics, history, spend, flood, tokenMinutes };
      });
    expect(await read(folded)).toEqual(await read(raw));
  });

  it("runs from the alarm once the oldest event is past the retention period, then waits for the next one", async () => {
    const events = scriptedEvents();
    const { id } = await seededHackathon(events);
    // The old events are already past it: the first run waits only for the usual cadence.
    expect(await timerDue(id, "retention")).toBe(NOW + RETENTION_EVERY_MS);

    expect(await runAlarmAt(id, NOW + RETENTION_EVERY_MS)).toBe(true);
    const counts = await runInDurableObject(roomOf(id), (_, state) => ledgerCounts(state.storage.sql, NOW - RETENTION_MS));
    expect(counts).toMatchObject({ costRows: 6, tokenRows: 3, bodies: 0 });
    // Next: when the oldest recent event (two hours before NOW) crosses the horizon.
    expect(await timerDue(id, "retention")).toBe(compactableAt(NOW - 2 * H));
  });
});

describe("retention compaction and the by-service figures", () => {
  /** One old minute where three services interleave around a `total`, old token calls from two senders, and a recent hour. */
  const withServices = (): Event[] =>
    [
      cost(OLD + 1 * S, { amount: 2 }),
      cost(OLD + 2 * S, { amount: 3 }),
      cost(OLD + 3 * S, { amount: 1 }),
      cost(OLD + 4 * S, { amount: 0.5 }),
      cost(OLD + 10 * S, { total: 20 }),
      cost(OLD + 20 * S, { amount: 4 }),
      cost(OLD + 21 * S, { amount: 1 }),
      cost(OLD + M + 5 * S, { amount: 1 }),
      tokens(OLD + 2 * S, "alpha", 100, 10, 0.01),
      tokens(OLD + 3 * S, "alpha", 200, 20),
      tokens(OLD + 4 * S, "alpha", 300, 30, 0.03),
      cost(NOW - 30 * M, { amount: 2.5 }),
      tokens(NOW - 20 * M, "alpha", 400, 40, 0.04),
      tokens(NOW - 10 * S, "beta", 800, 80),
    ].map((event, i) => ({ ...event, ...serviceOf(i) }));
  /** Services by position in the list above: cost runs mix run/gke/unnamed, the total names bq; tokens come from two apps and an unnamed sender. */
  const SERVICES = ["run", "gke", "run", undefined, "bq", "gke", "run", "run", "app-a", "app-b", undefined, "gke", "app-a", "app-b"];
  const serviceOf = (i: number) => (SERVICES[i] === undefined ? {} : { service: SERVICES[i] });

  const byService = (sql: SqlStorage) => {
    const { cost_metrics, token_metrics } = readDashboardState({ sql, record: loadRecord(sql)!, now: NOW });
    return { spend: cost_metrics.by_service, tokens: token_metrics.by_service, current: cost_metrics.current_spend };
  };
  const oldRows = (sql: SqlStorage) => ({
    cost: sql.exec("SELECT service, amount, total FROM cost_ledger WHERE ts < ? ORDER BY ts, event_id", NOW - RETENTION_MS).toArray(),
    tokens: sql.exec<{ n: number }>("SELECT COUNT(*) AS n FROM token_ledger WHERE ts < ?", NOW - RETENTION_MS).one().n,
  });

  it("keeps spend and tokens by service, and each folded row keeps one service's amount", async () => {
    const { id } = await seededHackathon(withServices());
    const result = await runInDurableObject(roomOf(id), (_, state) => {
      const sql = state.storage.sql;
      const before = byService(sql);
      compactAll(sql, NOW, { bodies: 4, minutes: 1 });
      return { before, after: byService(sql), rows: oldRows(sql) };
    });
    expect(result.after).toEqual(result.before);
    expect(result.before.spend.reduce((sum, s) => sum + s.spend, 0)).toBeCloseTo(result.before.current, 12);
    // Minute 0: [run 2, gke 3, run 1, unnamed 0.5] → one row per service; the total; [gke 4, run 1]. Minute 1: one row.
    expect(result.rows.cost).toEqual([
      { service: "gke", amount: 3, total: null },
      { service: "run", amount: 3, total: null },
      { service: null, amount: 0.5, total: null },
      { service: "bq", amount: null, total: 20 },
      { service: "gke", amount: 4, total: null },
      { service: "run", amount: 1, total: null },
      { service: "run", amount: 1, total: null },
    ]);
    // Token calls of one model in one minute fold per sender: app-a, app-b and the unnamed one.
    expect(result.rows.tokens).toBe(3);
  });

  it("applies a back-fill before a folded total to the services exactly as on the raw rows", async () => {
    const events = withServices();
    const raw = await seededHackathon(events);
    const folded = await seededHackathon(events.map((event) => ({ ...event, id: eventId("copy") })));
    await runInDurableObject(roomOf(folded.id), (_, state) => compactAll(state.storage.sql, NOW));
    // Between folded rows of minute 0, before its total: the total's service gives back what it now counts.
    const backfill = () => ({
      events: [{ ...cost(OLD + 2 * S + 500, { amount: 1.5 }), service: "gke" }, cost(OLD + 30 * S, { amount: 2 })],
    });
    for (const target of [raw, folded]) {
      const response = await postEvents(target.id, target.secret, backfill());
      expect(await response.json()).toEqual({ accepted: 2, duplicates: 0 });
    }
    const read = (target: { id: string }) =>
      runInDurableObject(roomOf(target.id), (_, state) => {
        const sql = state.storage.sql;
        return { ...byService(sql), spendAt: [OLD + 15 * S, OLD + 3 * M, NOW].map((instant) => spendAt(sql, instant)) };
      });
    const [rawFigures, foldedFigures] = [await read(raw), await read(folded)];
    expect(foldedFigures).toEqual(rawFigures);
    expect(rawFigures.spend.find((s) => s.service === "bq")?.spend).toBeCloseTo(20 - 6.5 - 1.5, 12);
  });
});

describe("retention compaction and whose data a row is", () => {
  it("folds the sender's own rows and the catch-up a poll brought into the same minute apart", async () => {
    const { hackathon } = await createHackathon();
    const folded = await runInDurableObject(roomOf(hackathon.id), (_, state) => {
      const sql = state.storage.sql;
      [true, false, true, false].forEach((own, i) => {
        const id = `cost-${i}`;
        applyCostEvent(sql, id, OLD + i * S, { id, type: "cost", ts: iso(OLD + i * S), amount: i + 1, service: "run" }, own);
        const call = `call-${i}`;
        const event = { id: call, type: "token" as const, ts: iso(OLD + i * S), model: "m1", input_tokens: 10 * (i + 1), output_tokens: 0 };
        applyTokenEvent(sql, call, OLD + i * S, event, OLD + i * S, own);
      });
      foldCostLedger(sql, OLD + M, 10);
      foldTokenLedger(sql, OLD + M, 10);
      return {
        cost: sql.exec("SELECT own, amount, events FROM cost_ledger ORDER BY own").toArray(),
        tokens: sql.exec("SELECT own, input_tokens, events FROM token_ledger ORDER BY own").toArray(),
      };
    });
    expect(folded.cost).toEqual([
      { own: 0, amount: 6, events: 2 },
      { own: 1, amount: 4, events: 2 },
    ]);
    expect(folded.tokens).toEqual([
      { own: 0, input_tokens: 60, events: 2 },
      { own: 1, input_tokens: 40, events: 2 },
    ]);
  });
});
