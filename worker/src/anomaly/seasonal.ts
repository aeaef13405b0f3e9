import { count, finite, nullableFinite, record, fail } from "./state-checks";
import { LEVEL_RATE, MAE_TO_SPREAD, parseProfile, Profile, type ProfileState } from "./seasonal-profile";

/**
 * Seasonal baseline learned online: a level plus a daily profile (48 half-hour buckets)
 * and, separately, a level plus a weekly profile (168 hourly buckets), keyed on the
 * timestamp, so irregular spacing and gaps do not matter. A profile is only used once the
 * series has spanned a whole season, and only while it predicts clearly better than the
 * same level without any profile: a series with no rhythm keeps the window median.
 */

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
// Half-hour buckets catch a working-day rhythm's edges; hourly ones for the week keep the
// state small (168 + 48 buckets, about 5 KB of JSON).
const DAILY = { period: DAY, buckets: 48 };
const WEEKLY = { period: 7 * DAY, buckets: 168 };
const DAILY_PERIOD = DAILY.period;
const WEEKLY_PERIOD = WEEKLY.period;
// Spacing learned over the last hundred or so gaps.
const GAP_RATE = 1 / 128;
// Learning stride (see learn()): one point per this span (a third of a daily bucket)...
const STRIDE_SPAN = DAY / 48 / 3;
// ...but never skipping more than this many, so a level still follows within minutes.
const MAX_STRIDE = 8;
// Prediction errors are compared over a few hundred points: long enough to span the
// rhythm, short enough to notice that it has gone.
const ERROR_RATE = 1 / 256;
// A profile must cut the typical error by this much to be used: a marginal gain is not
// worth trading the robust window median for.
const SEASON_GAIN = 0.7;
// Points a profile's error must have been judged on before the profile may be used.
const MIN_JUDGED = 64;
// A challenger baseline must beat the one in use by this much to replace it.
const SWITCH_MARGIN = 0.8;
// The plain level's learning ignores the part of a residual beyond this many typical
// errors, as the profiles' does (seasonal-profile.ts).
const LEARN_CLIP = 4;

export interface SeasonalState {
  firstTs: number | null;
  lastTs: number | null;
  gap: number;
  plainLevel: number;
  plainError: number;
  learned: number;
  model: number;
  daily: ProfileState;
  weekly: ProfileState;
}

/** Which baseline predict() chose: none (the window median), daily or weekly. */
type Model = 0 | 1 | 2;

export class SeasonalBaseline {
  private firstTs = Number.NaN;
  // The same EW level without a profile: the yardstick a profile must beat.
  private plainLevel = 0;
  private plainError = 0;
  private learned = 0;
  private model: Model = 0;
  private lastTs = Number.NaN;
  // Typical spacing of the points (ms), learned from the timestamps.
  private gap = 0;
  private readonly daily = new Profile(DAILY.buckets, DAILY.period);
  private readonly weekly = new Profile(WEEKLY.buckets, WEEKLY.period);

  /** What predict() found: the chosen profile's expectation and spread (NaN when none). */
  expected = Number.NaN;
  spread = Number.NaN;
  /** Whether predict() chose a different baseline than for the previous point. */
  switched = false;

  /**
   * Locates `ts` in both profiles and chooses the best one that has earned its place;
   * true when one did (see expected/spread). Must be followed by learn() for the point.
   */
  predict(ts: number): boolean {
    // Each baseline's typical error, Infinity where it cannot be used; a profile must
    // beat the plain level by SEASON_GAIN. The cheap conditions come first: a profile is
    // located in its season (the costly part) only when it could be used, so until a
    // season of data exists, and on most points after, nothing is located here; learn()
    // locates the points it learns from.
    const spanned = this.learned > 0 ? ts - this.firstTs : 0;
    const plain = this.plainError;
    const daily = this.daily;
    const weekly = this.weekly;
    daily.located = false;
    weekly.located = false;
    const dailyError = spanned >= DAILY_PERIOD && this.usable(daily) && daily.locate(ts) ? daily.error : Infinity;
    const weeklyError = spanned >= WEEKLY_PERIOD && this.usable(weekly) && weekly.locate(ts) ? weekly.error : Infinity;
    let model: Model = dailyError < Math.min(plain, weeklyError) ? 1 : weeklyError < Math.min(plain, dailyError) ? 2 : 0;
    // Hysteresis: the baseline in use stays while it still qualifies and the challenger is
    // not clearly better, so an anomaly that inflates one profile's error (a broken day
    // spoils the weekly profile's recent record) does not flip the baseline mid-event.
    const current = this.model === 1 ? dailyError : this.model === 2 ? weeklyError : plain;
    const challenger = model === 1 ? dailyError : model === 2 ? weeklyError : plain;
    const clearlyBetter = challenger <= SWITCH_MARGIN * current;
    if (model !== this.model && current !== Infinity && !clearlyBetter) model = this.model;
    this.switched = model !== this.model;
    this.model = model;
    if (model === 0) {
      this.expected = Number.NaN;
      this.spread = Number.NaN;
      return false;
    }
    // A profile chosen here qualified, so it was located above.
    const best = model === 1 ? daily : weekly;
    this.expected = best.level + best.season;
    this.spread = MAE_TO_SPREAD * best.error;
    return true;
  }

  /**
   * A profile may be used once the series spans its season (checked by the caller), it
   * predicts here (checked by the caller, after this), its error has been judged on
   * MIN_JUDGED points of a later season (a profile learned from one day that held a
   * shift would otherwise be trusted on its first-season record), and it beats the
   * plain level.
   */
  private usable(profile: Profile): boolean {
    return profile.judged >= MIN_JUDGED && profile.error < SEASON_GAIN * this.plainError;
  }

  /**
   * Learns the point last passed to predict(); `spreadFloor` keeps a flat series sane.
   * A densely sampled series teaches the baseline only every `stride`-th point (with
   * rates scaled to match): a few points per third of a bucket describe the rhythm as
   * well as all of them, and the baseline is the detector's costliest part per point.
   */
  learn(ts: number, value: number, spreadFloor: number): void {
    const first = this.learned === 0;
    if (first) this.firstTs = ts;
    else {
      const step = Math.max(0, ts - this.lastTs);
      this.gap = this.gap === 0 ? step : this.gap + GAP_RATE * (step - this.gap);
    }
    this.lastTs = ts;
    this.learned++;
    const stride = this.stride();
    if (this.learned % stride !== 0) return;
    const rate = this.learned * ERROR_RATE < 1 ? 1 / this.learned : ERROR_RATE * stride;
    const levelRate = LEVEL_RATE * stride;
    const plainClip = LEARN_CLIP * Math.max(MAE_TO_SPREAD * this.plainError, spreadFloor);
    this.plainError += rate * (Math.min(Math.abs(value - this.plainLevel), plainClip) - this.plainError);
    this.plainLevel = first ? value : this.plainLevel + levelRate * Math.max(-plainClip, Math.min(plainClip, value - this.plainLevel));
    // Only second-season points count as judged: in the first season each bucket has just
    // learned the very points it is measured on, so its record is too clean to trust.
    const spanned = ts - this.firstTs;
    const gap = this.gap * stride;
    // Located by predict() only when it could be used; locating is a pure function of the
    // timestamp and the (not yet changed) buckets, so doing it here gives the same values.
    if (!this.daily.located) this.daily.locate(ts);
    if (!this.weekly.located) this.weekly.locate(ts);
    this.daily.learn(value, spreadFloor, rate, levelRate, gap, first, spanned >= DAILY_PERIOD);
    this.weekly.learn(value, spreadFloor, rate, levelRate, gap, first, spanned >= WEEKLY_PERIOD);
  }

  /**
   * Every how many points the baseline learns: 1 until its errors have settled
   * (1/ERROR_RATE points), then as many points as fall in a third of a daily bucket
   * (10 minutes), at most MAX_STRIDE.
   */
  private stride(): number {
    if (this.learned * ERROR_RATE < 1 || this.gap <= 0) return 1;
    return Math.max(1, Math.min(MAX_STRIDE, Math.floor(STRIDE_SPAN / this.gap)));
  }

  toState(): SeasonalState {
    return {
      firstTs: Number.isNaN(this.firstTs) ? null : this.firstTs,
      lastTs: Number.isNaN(this.lastTs) ? null : this.lastTs,
      gap: this.gap,
      plainLevel: this.plainLevel,
      plainError: this.plainError,
      learned: this.learned,
      model: this.model,
      daily: this.daily.toState(),
      weekly: this.weekly.toState(),
    };
  }

  static fromState(state: SeasonalState): SeasonalBaseline {
    const s = new SeasonalBaseline();
    s.firstTs = state.firstTs ?? Number.NaN;
    s.lastTs = state.lastTs ?? Number.NaN;
    s.gap = state.gap;
    s.plainLevel = state.plainLevel;
    s.plainError = state.plainError;
    s.learned = state.learned;
    s.model = state.model as Model;
    s.daily.restore(state.daily);
    s.weekly.restore(state.weekly);
    return s;
  }
}

function parseModel(raw: unknown): number {
  if (raw !== 0 && raw !== 1 && raw !== 2) fail("seasonal.model must be 0, 1 or 2");
  return raw;
}

export function parseSeasonalState(raw: unknown): SeasonalState {
  const s = record(raw, "seasonal");
  const plainError = finite(s.plainError, "seasonal.plainError");
  if (plainError < 0) fail("seasonal.plainError negative");
  const learned = count(s.learned, "seasonal.learned");
  const firstTs = nullableFinite(s.firstTs, "seasonal.firstTs");
  if ((firstTs === null) !== (learned === 0)) fail("seasonal.firstTs inconsistent with seasonal.learned");
  const gap = finite(s.gap, "seasonal.gap");
  if (gap < 0) fail("seasonal.gap negative");
  const lastTs = nullableFinite(s.lastTs, "seasonal.lastTs");
  if ((lastTs === null) !== (learned === 0)) fail("seasonal.lastTs inconsistent with seasonal.learned");
  return {
    firstTs,
    lastTs,
    gap,
    plainLevel: finite(s.plainLevel, "seasonal.plainLevel"),
    plainError,
    learned,
    model: parseModel(s.model),
    daily: parseProfile(s.daily, "seasonal.daily", DAILY.buckets),
    weekly: parseProfile(s.weekly, "seasonal.weekly", WEEKLY.buckets),
  };
}
