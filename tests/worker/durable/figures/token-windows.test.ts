import { runInDurableObject } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { tokensBetween, tokensByModel } from "../../../../worker/src/durable/figures/tokens";
import { createHackathon } from "../../../helpers/hackathons";
import { roomOf } from "../../../helpers/rooms";

const NOW = Date.parse("2026-11-28T10:00:00Z");
const MINUTE = 60_000;

function storeCall(sql: SqlStorage, id: string, ts: number, model: string, input: number, output: number) {
  sql.exec("INSERT INTO token_ledger (event_id, ts, model, input_tokens, output_tokens, cost) VALUES (?, ?, ?, ?, ?, 0.01)", id, ts, model, input, output);
}

describe("token windows", () => {
  it("sum the calls in the window, per model", async () => {
    const { hackathon } = await createHackathon();
    const read = await runInDurableObject(roomOf(hackathon.id), (_, state) => {
      const sql = state.storage.sql;
      storeCall(sql, "a", NOW - 30_000, "m1", 100, 10);
      storeCall(sql, "b", NOW - 10 * MINUTE, "m2", 200, 20);
      storeCall(sql, "c", NOW - 2 * 60 * MINUTE, "m1", 999, 999);
      return { minute: tokensBetween(sql, NOW - MINUTE, NOW), models: tokensByModel(sql, NOW) };
    });
    expect(read.minute).toEqual({ input: 100, output: 10 });
    expect(read.models.map((m) => [m.model, m.current_rate, m.last_hour])).toEqual([
      ["m2", 0, 220],
      ["m1", 110, 110],
    ]);
  });

  it("are read from the index alone, without visiting each call's row", async () => {
    const { hackathon } = await createHackathon();
    const plans = await runInDurableObject(roomOf(hackathon.id), (_, state) => {
      const plan = (query: string) =>
        state.storage.sql
          .exec<{ detail: string }>(`EXPLAIN QUERY PLAN ${query}`, NOW - MINUTE, NOW)
          .toArray()
          .map((row) => row.detail)
          .join("; ");
      return [
        plan("SELECT SUM(input_tokens + output_tokens) FROM token_ledger WHERE ts > ? AND ts <= ?"),
        plan("SELECT model, SUM(input_tokens + output_tokens), COALESCE(SUM(cost), 0) FROM token_ledger WHERE ts > ? AND ts <= ? GROUP BY model"),
      ];
    });
    for (const plan of plans) expect(plan).toContain("COVERING INDEX token_ledger_window");
  });
});
