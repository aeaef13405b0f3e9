import type { TokenEvent } from "../../contract";
import { HOUR_MS } from "../../lib/time";

// Token calls summed per second, model and sending service, so that the recent windows every
// frame and every token ingest read (the last minute and hour, the flood's baseline and slices)
// cost the same during a flood of thousands of calls a second as on a quiet afternoon: at most
// one row per second, model and service, plus the calls of the two partial seconds at the
// window's ends. A bucket's cost stays NULL until one of its calls carries a price, as SUM over
// the raw calls answers: a window with no priced call reads as unpriced, never as $0.

const SECOND_MS = 1000;
/** Buckets older than this are dropped: the longest window read through them is an hour and a minute. */
export const TOKEN_SECONDS_KEPT_MS = 2 * HOUR_MS;

/** A token event at its event time in ms. */
export type TokenCall = Pick<TokenEvent, "model" | "input_tokens" | "output_tokens" | "cost" | "service"> & { ts: number };

/** Adds a call to its second's bucket; a call already older than the kept buckets when it arrives (back-fill) never will be read through them. */
export function addTokenSecond(sql: SqlStorage, call: TokenCall, receivedAt: number): void {
  if (call.ts < receivedAt - TOKEN_SECONDS_KEPT_MS) return;
  sql.exec(
    `INSERT INTO token_seconds (second, model, service, input_tokens, output_tokens, cost) VALUES (?, ?, ?, ?, ?, ?)
     ON CONFLICT (second, model, service) DO UPDATE SET input_tokens = input_tokens + excluded.input_tokens,
       output_tokens = output_tokens + excluded.output_tokens, cost = COALESCE(cost + excluded.cost, cost, excluded.cost)`,
    Math.floor(call.ts / SECOND_MS),
    call.model,
    call.service ?? "",
    call.input_tokens,
    call.output_tokens,
    call.cost ?? null,
  );
}

export function pruneTokenSeconds(sql: SqlStorage, now: number): void {
  sql.exec("DELETE FROM token_seconds WHERE second < ?", Math.floor((now - TOKEN_SECONDS_KEPT_MS) / SECOND_MS));
}

/**
 * The calls in (from, to] as rows (model, service, input_tokens, output_tokens, cost): whole seconds
 * from the buckets, the rest from the ledger. Only for windows ending near now (see TOKEN_SECONDS_KEPT_MS).
 */
function windowRows(from: number, to: number): { rows: string; params: number[] } {
  const ledger = "SELECT model, COALESCE(service, '') AS service, input_tokens, output_tokens, cost FROM token_ledger";
  const firstWhole = Math.floor(from / SECOND_MS) + 1;
  const lastWhole = Math.floor((to + 1) / SECOND_MS) - 1;
  if (firstWhole > lastWhole) return { rows: `${ledger} WHERE ts > ? AND ts <= ?`, params: [from, to] };
  return {
    rows: `SELECT model, service, input_tokens, output_tokens, cost FROM token_seconds WHERE second >= ? AND second <= ?
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

/** Tokens and USD cost of a window's calls; cost null when none of them carried or was given a price. */
type WindowSums = { input: number; output: number; cost: number | null };
export type ModelWindow = WindowSums & { model: string };
/** `service` '' for calls that named none. */
export type ServiceWindow = WindowSums & { service: string };
export type SenderWindow = ModelWindow & ServiceWindow;

/** Each model's tokens and cost of the calls in (from, to], a window ending near now. */
export function recentTokensByModel(sql: SqlStorage, from: number, to: number): ModelWindow[] {
  const { rows, params } = windowRows(from, to);
  return sql
    .exec<ModelWindow>(
      `SELECT model, SUM(input_tokens) AS input, SUM(output_tokens) AS output, SUM(cost) AS cost FROM (${rows}) GROUP BY model`,
      ...params,
    )
    .toArray();
}

/** The same per model and sending service: one read of a window serves both breakdowns (see `sumWindowsBy`). */
export function recentTokensBySender(sql: SqlStorage, from: number, to: number): SenderWindow[] {
  const { rows, params } = windowRows(from, to);
  return sql
    .exec<SenderWindow>(
      `SELECT model, service, SUM(input_tokens) AS input, SUM(output_tokens) AS output, SUM(cost) AS cost
       FROM (${rows}) GROUP BY model, service`,
      ...params,
    )
    .toArray();
}

/** Adds up windows per model or per service; a cost stays null only while none of the summed ones had one. */
export function sumWindowsBy<K extends "model" | "service">(windows: SenderWindow[], key: K): Array<WindowSums & Record<K, string>> {
  const sums = new Map<string, WindowSums>();
  for (const w of windows) {
    const sum = sums.get(w[key]) ?? { input: 0, output: 0, cost: null };
    sums.set(w[key], {
      input: sum.input + w.input,
      output: sum.output + w.output,
      cost: w.cost === null ? sum.cost : (sum.cost ?? 0) + w.cost,
    });
  }
  return [...sums].map(([name, sum]) => ({ ...sum, [key]: name }) as WindowSums & Record<K, string>);
}
