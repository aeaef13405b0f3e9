import { runInDurableObject } from "cloudflare:test";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { applyTokenEvent, readTokenMetrics, tokensBetween } from "../../../../worker/src/durable/figures/tokens";
import {
  pruneTokenSeconds,
  recentTokens,
  recentTokensByModel,
  recentTokensBySender,
  sumWindowsBy,
  TOKEN_SECONDS_KEPT_MS,
} from "../../../../worker/src/durable/figures/token-seconds";
import { createHackathon } from "../../../helpers/hackathons";
import { roomOf } from "../../../helpers/rooms";
import { storeCall } from "../../../helpers/token-calls";

const NOW = Date.parse("2026-11-28T10:00:00Z");
const MINUTE = 60_000;

async function inRoom<T>(run: (sql: SqlStorage) => T): Promise<T> {
  const { hackathon } = await createHackathon();
  return runInDurableObject(roomOf(hackathon.id), (_, state) => run(state.storage.sql));
}

/** The ledger's own grouped sums over (from, to], the reference the per-second buckets must match (cost null when none was priced). */
function ledgerBy(sql: SqlStorage, key: "model" | "service", from: number, to: number) {
  return sql
    .exec<{ key: string; input: number; output: number; cost: number | null }>(
      `SELECT COALESCE(${key}, '') AS key, SUM(input_tokens) AS input, SUM(output_tokens) AS output, SUM(cost) AS cost
       FROM token_ledger WHERE ts > ? AND ts <= ? GROUP BY COALESCE(${key}, '') ORDER BY key`,
      from,
      to,
    )
    .toArray();
}

const sortedBy = <T extends object>(rows: T[], key: keyof T) =>
  rows.map(({ [key]: name, ...sums }) => ({ key: String(name), ...sums })).sort((a, b) => a.key.localeCompare(b.key));

describe("token windows", () => {
  it("sum the calls in the window, per model", async () => {
    const read = await inRoom((sql) => {
      storeCall(sql, "a", NOW - 30_000, "m1", 100, 10, 0.01);
      storeCall(sql, "b", NOW - 10 * MINUTE, "m2", 200, 20, 0.01);
      storeCall(sql, "c", NOW - 2 * 60 * MINUTE, "m1", 999, 999, 0.01);
      return { minute: recentTokens(sql, NOW - MINUTE, NOW), models: readTokenMetrics(sql, NOW, null).by_model };
    });
    expect(read.minute).toEqual({ input: 100, output: 10 });
    expect(read.models.map((m) => [m.model, m.current_rate, m.last_hour])).toEqual([
      ["m2", 0, 220],
      ["m1", 110, 110],
    ]);
  });

  it("match the raw calls exactly for any window near now, whole seconds or not, by model and by service", async () => {
    const call = fc.record({
      ago: fc.oneof(
        fc.integer({ min: 0, max: 70 * MINUTE }),
        fc.integer({ min: 0, max: 4200 }).map((s) => s * 1000),
      ),
      model: fc.constantFrom("m1", "m2", "m3"),
      service: fc.constantFrom(undefined, "app-a", "app-b"),
      input: fc.integer({ min: 0, max: 5000 }),
      output: fc.integer({ min: 0, max: 5000 }),
      cost: fc.option(fc.integer({ min: 0, max: 100 }), { nil: undefined }),
    });
    const window = fc.record({ fromAgo: fc.integer({ min: 0, max: 65 * MINUTE }), toAgo: fc.integer({ min: 0, max: 3000 }) });
    await inRoom((sql) => {
      let n = 0;
      fc.assert(
        fc.property(fc.array(call, { maxLength: 30 }), fc.array(window, { minLength: 1, maxLength: 8 }), (calls, windows) => {
          for (const c of calls) storeCall(sql, `p${n++}`, NOW - c.ago, c.model, c.input, c.output, c.cost, c.service);
          for (const { fromAgo, toAgo } of windows) {
            const [from, to] = [NOW - Math.max(fromAgo, toAgo), NOW - Math.min(fromAgo, toAgo)];
            expect(recentTokens(sql, from, to)).toEqual(tokensBetween(sql, from, to));
            expect(sortedBy(recentTokensByModel(sql, from, to), "model")).toEqual(ledgerBy(sql, "model", from, to));
            const senders = recentTokensBySender(sql, from, to);
            expect(sortedBy(sumWindowsBy(senders, "model"), "model")).toEqual(ledgerBy(sql, "model", from, to));
            expect(sortedBy(sumWindowsBy(senders, "service"), "service")).toEqual(ledgerBy(sql, "service", from, to));
          }
        }),
        { numRuns: 60 },
      );
    });
  });

  it("drop buckets older than the longest window, which reads the same before and after", async () => {
    const read = await inRoom((sql) => {
      storeCall(sql, "old", NOW - TOKEN_SECONDS_KEPT_MS - 5_000, "m1", 7, 7);
      storeCall(sql, "new", NOW - 20 * MINUTE, "m1", 100, 10);
      const before = recentTokens(sql, NOW - 61 * MINUTE, NOW);
      const count = () => sql.exec<{ n: number }>("SELECT COUNT(*) AS n FROM token_seconds").one().n;
      const buckets = count();
      pruneTokenSeconds(sql, NOW);
      return { before, after: recentTokens(sql, NOW - 61 * MINUTE, NOW), buckets, left: count() };
    });
    expect(read.before).toEqual({ input: 100, output: 10 });
    expect(read.after).toEqual(read.before);
    expect([read.buckets, read.left]).toEqual([2, 1]);
  });

  it("keep no bucket for a call already older than the buckets kept when it arrives (back-fill); the ledger has it", async () => {
    const read = await inRoom((sql) => {
      const ts = NOW - TOKEN_SECONDS_KEPT_MS - 1;
      applyTokenEvent(
        sql,
        "late",
        ts,
        { id: "late", type: "token", ts: new Date(ts).toISOString(), model: "m1", input_tokens: 5, output_tokens: 1 },
        NOW,
        true,
      );
      return {
        buckets: sql.exec<{ n: number }>("SELECT COUNT(*) AS n FROM token_seconds").one().n,
        ledger: tokensBetween(sql, ts - 1, ts),
      };
    });
    expect(read).toEqual({ buckets: 0, ledger: { input: 5, output: 1 } });
  });

  it("are read from an index alone: the buckets by second, the ledger's partial seconds by time", async () => {
    const plans = await inRoom((sql) => {
      const plan = (query: string, ...params: number[]) =>
        sql
          .exec<{ detail: string }>(`EXPLAIN QUERY PLAN ${query}`, ...params)
          .toArray()
          .map((row) => row.detail)
          .join("; ");
      return {
        ledger: plan(
          "SELECT model, COALESCE(service, ''), SUM(input_tokens + output_tokens), SUM(cost) FROM token_ledger WHERE ts > ? AND ts <= ? GROUP BY model",
          NOW - MINUTE,
          NOW,
        ),
        buckets: plan("SELECT SUM(input_tokens) FROM token_seconds WHERE second >= ? AND second <= ?", NOW / 1000 - 60, NOW / 1000),
      };
    });
    expect(plans.ledger).toContain("COVERING INDEX token_ledger_window");
    expect(plans.buckets).toContain("SEARCH token_seconds USING PRIMARY KEY");
  });
});
