import type { TokenEvent } from "../../contract";
import { HOUR_MS } from "../../lib/time";

// Token calls summed per second and model, so that the recent windows every frame and every
// token ingest read (the last minute and hour, the flood's baseline and slices) cost the same
// during a flood of thousands of calls a second as on a quiet afternoon: at most one row per
// second and model, plus the calls of the two partial seconds at the window's ends.

const SECOND_MS = 1000;
/** Buckets older than this are dropped: the longest window read through them is an hour and a minute. */
export const TOKEN_SECONDS_KEPT_MS = 2 * HOUR_MS;

/** A token event at its event time in ms. */
export type TokenCall = Pick<TokenEvent, "model" | "input_tokens" | "output_tokens" | "cost"> & { ts: number };

/** Adds a call to its second's bucket; a call already older than the kept buckets when it arrives (back-fill) never will be read through them. */
export function addTokenSecond(sql: SqlStorage, call: TokenCall, receivedAt: number): void {
  if (call.ts < receivedAt - TOKEN_SECONDS_KEPT_MS) return;
  sql.exec(
    `INSERT INTO token_seconds (second, model, input_tokens, output_tokens, cost) VALUES (?, ?, ?, ?, ?)
     ON CONFLICT (second, model) DO UPDATE SET input_tokens = input_tokens + excluded.input_tokens,
       output_tokens = output_tokens + excluded.output_tokens, cost = cost + excluded.cost`,
    Math.floor(call.ts / SECOND_MS),
    call.model,
    call.input_tokens,
    call.output_tokens,
    call.cost ?? 0,
  );
}

export function pruneTokenSeconds(sql: SqlStorage, now: number): void {
  sql.exec("DELETE FROM token_seconds WHERE second < ?", Math.floor((now - TOKEN_SECONDS_KEPT_MS) / SECOND_MS));
}

/**
 * The calls in (from, to] as rows (model, input_tokens, output_tokens, cost): whole seconds from
 * the buckets, the rest from the ledger. Only for windows ending near now (see TOKEN_SECONDS_KEPT_MS).
 */
function windowRows(from: number, to: number): { rows: string; params: number[] } {
  const ledger = "SELECT model, input_tokens, output_tokens, cost FROM token_ledger";
  const firstWhole = Math.floor(from / SECOND_MS) + 1;
  const lastWhole = Math.floor((to + 1) / SECOND_MS) - 1;
  if (firstWhole > lastWhole) return { rows: `${ledger} WHERE ts > ? AND ts <= ?`, params: [from, to] };
  return {
    rows: `SELECT model, input_tokens, output_tokens, cost FROM token_seconds WHERE second >= ? AND second <= ?
      UNION ALL ${ledger} WHERE ts > ? AND ts < ?
      UNION ALL ${ledger} WHERE ts >= ? AND ts <= ?`,
    params: [firstWhole, lastWhole, from, firstWhole * SECOND_MS, (lastWhole + 1) * SECOND_MS, to],
  };
}

/** Tokens of the calls in (from, to], a window ending near now. */
export function recentTokens(sql: SqlStorage, from: number, to: number): { input: number; output: number } {
  const { rows, params } = windowRows(from, to);
  const row = sql
    .exec<{ input: number | null; output: number | null }>(
      `SELECT SUM(input_tokens) AS input, SUM(output_tokens) AS output FROM (${rows})`,
      ...params,
    )
    .one();
  return { input: row.input ?? 0, output: row.output ?? 0 };
}

export type ModelWindow = { model: string; input: number; output: number; cost: number };

/** Each model's tokens and cost of the calls in (from, to], a window ending near now. */
export function recentTokensByModel(sql: SqlStorage, from: number, to: number): ModelWindow[] {
  const { rows, params } = windowRows(from, to);
  return sql
    .exec<ModelWindow>(
      `SELECT model, SUM(input_tokens) AS input, SUM(output_tokens) AS output, COALESCE(SUM(cost), 0) AS cost
       FROM (${rows}) GROUP BY model`,
      ...params,
    )
    .toArray();
}
