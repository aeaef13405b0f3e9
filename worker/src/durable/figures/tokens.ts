import type { TokenEvent, TokenMetrics } from "../../contract";
import { HOUR_MS, MINUTE_MS, toIsoOrNull } from "../../lib/time";
import { forgetFloodBaseline, isFlooding } from "./token-flood";
import { addTokenSecond, recentTokens, recentTokensByModel } from "./token-seconds";

const EFFICIENCY_WINDOW_MS = HOUR_MS;

export function applyTokenEvent(sql: SqlStorage, eventId: string, ts: number, event: TokenEvent): void {
  const tokens = event.input_tokens + event.output_tokens;
  forgetFloodBaseline(sql, ts);
  sql.exec(
    "INSERT INTO token_ledger (event_id, ts, model, input_tokens, output_tokens, cost) VALUES (?, ?, ?, ?, ?, ?)",
    eventId,
    ts,
    event.model,
    event.input_tokens,
    event.output_tokens,
    event.cost ?? null,
  );
  addTokenSecond(sql, { ...event, ts });
  sql.exec(
    `INSERT INTO token_totals (id, tokens, cost, costed_tokens) VALUES (1, ?, ?, ?)
     ON CONFLICT (id) DO UPDATE SET tokens = tokens + excluded.tokens, cost = cost + excluded.cost,
       costed_tokens = costed_tokens + excluded.costed_tokens`,
    tokens,
    event.cost ?? 0,
    event.cost === undefined ? 0 : tokens,
  );
}

/** Tokens whose event time falls in (from, to]. */
export function tokensBetween(sql: SqlStorage, from: number, to: number): { input: number; output: number } {
  const row = sql
    .exec<{ input: number | null; output: number | null }>(
      "SELECT SUM(input_tokens) AS input, SUM(output_tokens) AS output FROM token_ledger WHERE ts > ? AND ts <= ?",
      from,
      to,
    )
    .one();
  return { input: row.input ?? 0, output: row.output ?? 0 };
}

export function totalTokens(sql: SqlStorage): { tokens: number; cost: number; costedTokens: number } {
  const row = sql
    .exec<{ tokens: number; cost: number; costed_tokens: number }>(
      "SELECT tokens, cost, costed_tokens FROM token_totals WHERE id = 1",
    )
    .toArray()[0];
  return { tokens: row?.tokens ?? 0, cost: row?.cost ?? 0, costedTokens: row?.costed_tokens ?? 0 };
}

/** Tokens per minute over the last minute. */
export function tokenRate(sql: SqlStorage, now: number): number {
  const { input, output } = recentTokens(sql, now - MINUTE_MS, now);
  return input + output;
}

/** Share of recent tokens that were output rather than prompt: low means prompts are bloated. */
export function efficiencyScore(sql: SqlStorage, now: number): number {
  const { input, output } = recentTokens(sql, now - EFFICIENCY_WINDOW_MS, now);
  return input + output === 0 ? 0 : output / (input + output);
}

/** More models than this are summed away; a dashboard row per model stops being readable. */
const MAX_MODELS = 12;

/** Each model's tokens over the last minute and hour, busiest first over the hour. */
export function tokensByModel(sql: SqlStorage, now: number): TokenMetrics["by_model"] {
  const lastMinute = new Map(recentTokensByModel(sql, now - MINUTE_MS, now).map((m) => [m.model, m.tokens]));
  return recentTokensByModel(sql, now - HOUR_MS, now)
    .sort((a, b) => b.tokens - a.tokens)
    .slice(0, MAX_MODELS)
    .map((m) => ({ model: m.model, current_rate: lastMinute.get(m.model) ?? 0, last_hour: m.tokens, cost_last_hour: m.cost }));
}

export function readTokenMetrics(sql: SqlStorage, now: number, lastEventAt: number | null): TokenMetrics {
  const totals = totalTokens(sql);
  return {
    current_rate: tokenRate(sql, now),
    total_consumed: totals.tokens,
    cost_per_token: totals.costedTokens === 0 ? 0 : totals.cost / totals.costedTokens,
    efficiency_score: efficiencyScore(sql, now),
    flood_detected: isFlooding(sql, now),
    by_model: tokensByModel(sql, now),
    last_updated: toIsoOrNull(lastEventAt),
  };
}
