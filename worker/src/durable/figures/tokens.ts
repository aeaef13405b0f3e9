// Figures: the numbers on the dashboard, kept current as events are applied. This one: tokens.
import type { TokenEvent, TokenMetrics } from "../../contract";
import { HOUR_MS, MINUTE_MS, toIsoOrNull } from "../../lib/time";
import { MAX_SERVICE_ROWS, serviceLabel } from "./service-label";
import { forgetFloodBaseline, isFlooding } from "./token-flood";
import {
  addTokenSecond,
  type ModelWindow,
  recentTokensByModel,
  recentTokensBySender,
  type ServiceWindow,
  sumWindowsBy,
} from "./token-seconds";

/** The efficiency score's window, and the by-model and by-service figures' longer one. */
const EFFICIENCY_WINDOW_MS = HOUR_MS;

/**
 * `receivedAt`: when the call was stored (its `ts` is when it was made, maybe long before: back-fill).
 * `own`: the sender's own call rather than catch-up (ingest/origin.ts); only those make its token rate.
 */
export function applyTokenEvent(sql: SqlStorage, eventId: string, ts: number, event: TokenEvent, receivedAt: number, own: boolean): void {
  const tokens = event.input_tokens + event.output_tokens;
  forgetFloodBaseline(sql, ts);
  sql.exec(
    "INSERT INTO token_ledger (event_id, ts, model, service, input_tokens, output_tokens, cost, own) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
    eventId,
    ts,
    event.model,
    event.service ?? null,
    event.input_tokens,
    event.output_tokens,
    event.cost ?? null,
    own ? 1 : 0,
  );
  addTokenSecond(sql, { ...event, ts }, receivedAt);
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
    .exec<{ tokens: number; cost: number; costed_tokens: number }>("SELECT tokens, cost, costed_tokens FROM token_totals WHERE id = 1")
    .toArray()[0];
  return { tokens: row?.tokens ?? 0, cost: row?.cost ?? 0, costedTokens: row?.costed_tokens ?? 0 };
}

/** Only the busiest this many models are listed; a dashboard row per model stops being readable. */
const MAX_MODELS = 12;

const tokensOf = (rows: ModelWindow[], pick: (m: ModelWindow) => number) => rows.reduce((sum, m) => sum + pick(m), 0);

/** Share of recent tokens that were output rather than prompt: low means prompts are bloated. */
function efficiencyScore(window: ModelWindow[]): number {
  const output = tokensOf(window, (m) => m.output);
  const all = tokensOf(window, (m) => m.input + m.output);
  return all === 0 ? 0 : output / all;
}

/** Each model's tokens over the last minute and hour, busiest first over the hour; cost null when none was priced. */
function tokensByModel(minute: ModelWindow[], hour: ModelWindow[]): TokenMetrics["by_model"] {
  const lastMinute = new Map(minute.map((m) => [m.model, m.input + m.output]));
  return hour
    .map((m) => ({ model: m.model, current_rate: lastMinute.get(m.model) ?? 0, last_hour: m.input + m.output, cost_last_hour: m.cost }))
    .sort((a, b) => b.last_hour - a.last_hour)
    .slice(0, MAX_MODELS);
}

/** Each sending service's tokens and USD cost over the last hour, busiest first; calls that named none are unattributed. */
function tokensByService(hour: ServiceWindow[]): TokenMetrics["by_service"] {
  return hour
    .map((s) => ({ service: serviceLabel(s.service), tokens: s.input + s.output, cost: s.cost }))
    .sort((a, b) => b.tokens - a.tokens)
    .slice(0, MAX_SERVICE_ROWS);
}

export function readTokenMetrics(sql: SqlStorage, now: number, lastEventAt: number | null): TokenMetrics {
  const totals = totalTokens(sql);
  const minute = recentTokensByModel(sql, now - MINUTE_MS, now);
  const hourBySender = recentTokensBySender(sql, now - EFFICIENCY_WINDOW_MS, now);
  const hour = sumWindowsBy(hourBySender, "model");
  return {
    current_rate: tokensOf(minute, (m) => m.input + m.output),
    total_consumed: totals.tokens,
    // Over the priced calls only: an unpriced call is unknown, not free (docs/contract.md section 7).
    cost_per_token: totals.costedTokens === 0 ? null : totals.cost / totals.costedTokens,
    priced_share: totals.tokens === 0 ? 0 : totals.costedTokens / totals.tokens,
    efficiency_score: efficiencyScore(hour),
    flood_detected: isFlooding(sql, now, minute),
    by_model: tokensByModel(minute, hour),
    by_service: tokensByService(sumWindowsBy(hourBySender, "service")),
    last_updated: toIsoOrNull(lastEventAt),
  };
}
