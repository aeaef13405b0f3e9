import { MINUTE_MS } from "../../lib/time";
import { recentTokens, recentTokensByModel, type ModelWindow } from "./token-seconds";

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
  /** USD of the last minute's priced calls; null when none could be priced (unpriced, never $0). */
  costPerMinute: number | null;
};

function tokensIn(sql: SqlStorage, from: number, to: number): number {
  const { input, output } = recentTokens(sql, from, to);
  return input + output;
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

/**
 * The reading once there is a baseline; before it nothing can be a flood, and the last minute is
 * not read. `lastMinute`: the minute's calls by model, when the caller has already read them.
 */
export function readFloodOnceBaselined(sql: SqlStorage, now: number, lastMinute?: ModelWindow[]): FloodReading | null {
  return baselineRate(sql, now) === null ? null : readFlood(sql, now, lastMinute);
}

export function isFlooding(sql: SqlStorage, now: number, lastMinute?: ModelWindow[]): boolean {
  return readFloodOnceBaselined(sql, now, lastMinute)?.flooding ?? false;
}

/**
 * Whether tokens are flooding now: far above their own baseline, and for a while (every slice of
 * the last half minute). The slices are read only when the minute is over the bar.
 */
export function readFlood(sql: SqlStorage, now: number, lastMinute?: ModelWindow[]): FloodReading {
  const models = (lastMinute ?? recentTokensByModel(sql, now - MINUTE_MS, now)).map((m) => ({
    model: m.model,
    tokens: m.input + m.output,
    cost: m.cost,
  }));
  const rate = models.reduce((sum, m) => sum + m.tokens, 0);
  const priced = models.flatMap((m) => (m.cost === null ? [] : [m.cost]));
  const costPerMinute = priced.length === 0 ? null : priced.reduce((sum, cost) => sum + cost, 0);
  const baseline = baselineRate(sql, now);
  const bar = baseline === null ? Infinity : Math.max(FLOOD_FACTOR * baseline, FLOOD_MIN_RATE);
  const flooding = rate >= bar && sustainedAbove(sql, now, bar);
  const top = models.reduce<(typeof models)[number] | null>((best, m) => (best === null || m.tokens > best.tokens ? m : best), null);
  return { flooding, rate, baseline: baseline ?? 0, model: flooding ? (top?.model ?? null) : null, costPerMinute };
}

/** Whether every slice of the last half minute ran at `bar` tokens per minute or more. */
function sustainedAbove(sql: SqlStorage, now: number, bar: number): boolean {
  const slice = SUSTAIN_MS / SUSTAIN_SLICES;
  const perMinute = MINUTE_MS / slice;
  return Array.from({ length: SUSTAIN_SLICES }, (_, i) => now - i * slice).every(
    (end) => tokensIn(sql, end - slice, end) * perMinute >= bar,
  );
}
