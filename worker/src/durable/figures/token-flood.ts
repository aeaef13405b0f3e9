import { MINUTE_MS } from "../../lib/time";

/** A flood runs at this multiple of the token rate's own recent baseline... */
const FLOOD_FACTOR = 4;
/** ...above this absolute rate (tokens per minute), so a quiet hackathon waking up is not a flood... */
const FLOOD_MIN_RATE = 1000;
/** ...in every slice of the last half minute: one huge call is a burst, not a flood. */
const SUSTAIN_MS = 30_000;
const SUSTAIN_SLICES = 3;
const BASELINE_MINUTES = 30;
/** Without this much history there is no baseline to be far above. */
const MIN_HISTORY_MS = 10 * MINUTE_MS;

export type FloodReading = {
  flooding: boolean;
  /** Tokens per minute over the last minute. */
  rate: number;
  /** Mean tokens per minute over the half hour before the previous minute began. */
  baseline: number;
  /** The model with most tokens in the last minute. */
  model: string | null;
};

function tokensIn(sql: SqlStorage, from: number, to: number): number {
  return sql
    .exec<{ n: number | null }>("SELECT SUM(input_tokens + output_tokens) AS n FROM token_ledger WHERE ts > ? AND ts <= ?", from, to)
    .one().n ?? 0;
}

function topModel(sql: SqlStorage, from: number, to: number): string | null {
  return (
    sql
      .exec<{ model: string }>(
        `SELECT model FROM token_ledger WHERE ts > ? AND ts <= ? GROUP BY model
         ORDER BY SUM(input_tokens + output_tokens) DESC LIMIT 1`,
        from,
        to,
      )
      .toArray()[0]?.model ?? null
  );
}

/**
 * The baseline ends at the start of the previous minute, so it changes once a minute: it is
 * kept per object until then (summing half an hour of calls on every ingest would grow with
 * traffic). A late call inside the window drops it (see `forgetFloodBaseline`).
 */
const baselines = new WeakMap<SqlStorage, { end: number; rate: number | null }>();

export function forgetFloodBaseline(sql: SqlStorage, callTs: number): void {
  const cached = baselines.get(sql);
  if (cached && callTs <= cached.end) baselines.delete(sql);
}

function baselineRate(sql: SqlStorage, now: number): number | null {
  const end = (Math.floor(now / MINUTE_MS) - 1) * MINUTE_MS;
  const cached = baselines.get(sql);
  if (cached?.end === end) return cached.rate;
  const first = sql.exec<{ ts: number | null }>("SELECT MIN(ts) AS ts FROM token_ledger").one().ts;
  let rate: number | null = null;
  if (first !== null && end - first >= MIN_HISTORY_MS - MINUTE_MS) {
    const minutes = Math.min(BASELINE_MINUTES, (end - first) / MINUTE_MS);
    rate = tokensIn(sql, end - minutes * MINUTE_MS, end) / minutes;
  }
  baselines.set(sql, { end, rate });
  return rate;
}

function sustainedAbove(sql: SqlStorage, now: number, perMinute: number): boolean {
  const slice = SUSTAIN_MS / SUSTAIN_SLICES;
  for (let i = 0; i < SUSTAIN_SLICES; i++) {
    const end = now - i * slice;
    if (tokensIn(sql, end - slice, end) * (MINUTE_MS / slice) < perMinute) return false;
  }
  return true;
}

/** Whether tokens are flooding now: far above their own baseline, and for a while. */
export function readFlood(sql: SqlStorage, now: number): FloodReading {
  const rate = tokensIn(sql, now - MINUTE_MS, now);
  const baseline = baselineRate(sql, now);
  const bar = baseline === null ? Infinity : Math.max(FLOOD_FACTOR * baseline, FLOOD_MIN_RATE);
  const flooding = rate >= bar && sustainedAbove(sql, now, bar);
  return { flooding, rate, baseline: baseline ?? 0, model: flooding ? topModel(sql, now - MINUTE_MS, now) : null };
}
