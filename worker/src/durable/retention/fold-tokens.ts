import { MINUTE_MS } from "../../lib/time";

type TokenRow = {
  event_id: string;
  model: string;
  service: string | null;
  input_tokens: number;
  output_tokens: number;
  cost: number | null;
  events: number;
  own: number;
};

/**
 * Folds one model's calls from one service within a minute into their earliest row; the
 * sender's own calls and catch-up apart (anomaly/token-minutes.ts reads only the former). Every token
 * figure sums whole minutes by model or by service, or reads the earliest call (the flood
 * baseline), so all are unchanged.
 */
function foldGroup(sql: SqlStorage, group: TokenRow[]): void {
  const [first, ...rest] = group;
  if (!first) return;
  const sum = (pick: (row: TokenRow) => number) => group.reduce((total, row) => total + pick(row), 0);
  // Cost stays null when no call carried one, as SUM over the raw rows would answer.
  const costs = group.flatMap((row) => (row.cost === null ? [] : [row.cost]));
  for (const row of rest) sql.exec("DELETE FROM token_ledger WHERE event_id = ?", row.event_id);
  sql.exec(
    `UPDATE token_ledger SET input_tokens = ?, output_tokens = ?, cost = ?, events = ?, folded = 1
     WHERE event_id = ?`,
    sum((row) => row.input_tokens),
    sum((row) => row.output_tokens),
    costs.length === 0 ? null : costs.reduce((a, b) => a + b, 0),
    sum((row) => row.events),
    first.event_id,
  );
}

function foldTokenMinute(sql: SqlStorage, minute: number): void {
  const rows = sql
    .exec<TokenRow>(
      `SELECT event_id, model, service, input_tokens, output_tokens, cost, events, own FROM token_ledger
       WHERE ts >= ? AND ts < ? ORDER BY ts, event_id`,
      minute,
      minute + MINUTE_MS,
    )
    .toArray();
  const groups = new Map<string, TokenRow[]>();
  for (const row of rows) {
    const key = JSON.stringify([row.model, row.service, row.own]);
    groups.set(key, [...(groups.get(key) ?? []), row]);
  }
  for (const group of groups.values()) foldGroup(sql, group);
}

export function oldestUnfoldedTokens(sql: SqlStorage): number | null {
  return sql.exec<{ ts: number | null }>("SELECT MIN(ts) AS ts FROM token_ledger WHERE folded = 0").one().ts;
}

/** Folds up to `limit` minutes before `horizon`, oldest first; answers how many it folded. */
export function foldTokenLedger(sql: SqlStorage, horizon: number, limit: number): number {
  let folded = 0;
  for (; folded < limit; folded++) {
    const oldest = oldestUnfoldedTokens(sql);
    if (oldest === null || oldest >= horizon) break;
    foldTokenMinute(sql, Math.floor(oldest / MINUTE_MS) * MINUTE_MS);
  }
  return folded;
}
