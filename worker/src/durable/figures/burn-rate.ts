// Figures: how fast money is spent, read so that a sender who reports rarely or late (a Cloud
// Billing budget notification a few times a day, a BigQuery export hours behind) neither drops
// the rate to 0 between its reports nor makes a spike of each one. docs/API.md, "Burn rate".
import { HOUR_MS, MINUTE_MS } from "../../lib/time";
import { lastRowAtOrBefore } from "./cost-ledger";

/** The window a steady sender's rate is read over: its recent hour. */
export const BURN_WINDOW_MS = HOUR_MS;
/** The band's short window: the latest pace (still at least one whole interval between reports). */
const SHORT_WINDOW_MS = 15 * MINUTE_MS;
/** No window reaches further back than this, nor before `starts_at`. */
export const BURN_LOOKBACK_MS = 24 * HOUR_MS;
/** Reports the main window always spans: two whole intervals, so one odd interval cannot swing it. */
const MAIN_REPORTS = 3;
/** Reports the short window spans: the latest whole interval. */
const SHORT_REPORTS = 2;
/** Reports a sender's cadence is measured over. */
const CADENCE_REPORTS = 4;

export type BurnEstimate = {
  /** Currency per hour over the main window. */
  rate: number;
  /**
   * Where every window ends: the sender's last report, moved on by however long its next report
   * is overdue. Spend is known up to here; projections run from here.
   */
  measuredTo: number;
  /** The lowest and highest of the rates over the short, main and whole-lookback windows. */
  low: number;
  high: number;
};

/** A report: the end of a minute holding cost rows, and spend to date then. */
type Report = { t: number; spend: number };

const minuteEnd = (ts: number) => Math.floor(ts / MINUTE_MS) * MINUTE_MS + MINUTE_MS - 1;
/** The last minute end at or before `at`. */
const minuteEndAtOrBefore = (at: number) => Math.floor((at + 1) / MINUTE_MS) * MINUTE_MS - 1;

/**
 * The latest `count` reports at or before `at`, newest first. Reports are taken per minute, at
 * the minute's end (or `at`, inside the current one): retention folds a minute's rows into fewer
 * without moving spend at its end, so the rate reads the same before and after.
 */
function latestReports(sql: SqlStorage, at: number, count: number): Report[] {
  const reports: Report[] = [];
  for (let bound = at; reports.length < count; ) {
    const row = lastRowAtOrBefore(sql, bound);
    if (!row) break;
    reports.push({ t: Math.min(minuteEnd(row.ts), at), spend: row.cum });
    bound = minuteEnd(row.ts) - MINUTE_MS;
  }
  return reports;
}

/**
 * Spend to date at `s`, read off the line through the reports around it (before the first
 * report, from 0 at `starts_at`). A report's spend accrued over the whole interval before it,
 * so a window starting between two reports takes only its share of that interval.
 */
function spendAlong(sql: SqlStorage, s: number, at: number, startsAt: number): number {
  const leftEnd = minuteEndAtOrBefore(s);
  const left = lastRowAtOrBefore(sql, leftEnd);
  const next = sql
    .exec<{ ts: number }>("SELECT ts FROM cost_ledger WHERE ts > ? AND ts <= ? ORDER BY ts, event_id LIMIT 1", leftEnd, at)
    .toArray()[0];
  if (!next) return left?.cum ?? 0;
  const rightT = Math.min(minuteEnd(next.ts), at);
  const rightSpend = lastRowAtOrBefore(sql, rightT)!.cum;
  const from = left ? { t: minuteEnd(left.ts), spend: left.cum } : { t: startsAt, spend: 0 };
  if (s <= from.t) return from.spend;
  return from.spend + ((rightSpend - from.spend) * (s - from.t)) / (rightT - from.t);
}

/** When a cost event last arrived (any origin), at or before `at`. */
function lastHeardAt(sql: SqlStorage, at: number): number | null {
  return sql.exec<{ at: number | null }>("SELECT MAX(received_at) AS at FROM events WHERE type = 'cost' AND received_at <= ?", at).one().at;
}

/**
 * The burn rate as of `at` (docs/API.md, "Burn rate"). Every window ends at `measuredTo`. The
 * main one reaches back an hour, or further to span the last three reports; the short one 15
 * minutes, or the last two reports; the whole one as far as any may: 24 h, never before `starts_at`
 * unless that leaves it shorter than an hour.
 */
export function estimateBurn(sql: SqlStorage, at: number, startsAt: number): BurnEstimate {
  const reports = latestReports(sql, at, CADENCE_REPORTS);
  const last = reports[0];
  if (!last) return { rate: 0, measuredTo: at, low: 0, high: 0 };
  const oldest = reports.at(-1)!;
  const cadence = Math.max(MINUTE_MS, reports.length > 1 ? (last.t - oldest.t) / (reports.length - 1) : last.t - startsAt);
  const heard = Math.max(last.t, lastHeardAt(sql, at) ?? last.t);
  // Silence up to one cadence after the last arrival is the sender's rhythm; beyond it, no spend.
  const measuredTo = last.t + Math.max(0, at - heard - cadence);
  // In the first hour a window may reach back before `starts_at`, where nothing was spent: a
  // first report minutes in is spread over an hour (as velocity is), not read as a pace per minute.
  const floor = Math.min(Math.max(startsAt, measuredTo - BURN_LOOKBACK_MS), measuredTo - BURN_WINDOW_MS);

  const rateFrom = (start: number) => {
    const s = Math.min(measuredTo - MINUTE_MS, start);
    return Math.max(0, last.spend - spendAlong(sql, s, at, startsAt)) / ((measuredTo - s) / HOUR_MS);
  };
  const windowStart = (targetMs: number, spanned: number) => {
    const report = reports[spanned - 1];
    return Math.max(floor, report ? Math.min(measuredTo - targetMs, report.t) : Number.NEGATIVE_INFINITY);
  };
  const rate = rateFrom(windowStart(BURN_WINDOW_MS, MAIN_REPORTS));
  const rates = [rate, rateFrom(windowStart(SHORT_WINDOW_MS, SHORT_REPORTS)), rateFrom(floor)];
  return { rate, measuredTo, low: Math.min(...rates), high: Math.max(...rates) };
}
