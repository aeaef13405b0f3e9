import { finite, finiteArray, record, fail } from "./state-checks";

/**
 * One seasonal profile (a day, a week) for SeasonalBaseline: a level plus one value per
 * bucket of the season, keyed on the timestamp. A point's expectation is interpolated
 * between the two nearest bucket centres, and it teaches both in proportion.
 */

// The level follows a change over about a hundred points, slowly enough for the
// change-point test to sum the evidence before the new level is absorbed.
export const LEVEL_RATE = 1 / 128;
// A bucket remembers about its last four seasons: one odd day moves it by a quarter at
// most. The rate is per visit, so it is spread over the points a visit holds (bucket
// width / typical spacing, learned from the timestamps).
const VISIT_RATE = 1 / 4;
// Learning ignores the part of a residual beyond this many typical errors, so a spike
// or an outage neither moves the level much nor scars the profile.
const LEARN_CLIP = 4;
// Mean absolute error → standard-deviation-like spread (normal: sd = 1.2533 × MAE).
export const MAE_TO_SPREAD = 1.2533;
// Judged points are counted only up to here: enough to tell a proven profile.
export const JUDGED_CAP = 1024;
// Points counted per bucket only up to here (fits a byte); 1/count rates early on.
const COUNT_CAP = 255;

export interface ProfileState {
  level: number;
  error: number;
  judged: number;
  values: number[];
  counts: number[];
}

export class Profile {
  level = 0;
  error = 0;
  /** Later-season points the error was learned from (capped): an unproven profile is not used. */
  judged = 0;
  readonly values: Float64Array;
  readonly counts: Uint8Array;
  /** The profile's value at the point last located (NaN while a bucket there is unlearned). */
  season = Number.NaN;
  /** Whether locate() ran for the current point (SeasonalBaseline resets it per point). */
  located = false;
  // Interpolation of the point last located between its two nearest bucket centres.
  private b0 = 0;
  private b1 = 0;
  private w1 = 0;
  // Start (ms) of the span between the centres of b0 and b1 the last point fell in.
  private spanStart = Number.NaN;
  // Bucket width in ms, and its inverse (a multiplication per point instead of a division).
  private readonly bucketMs: number;
  private readonly bucketsPerMs: number;

  constructor(
    readonly buckets: number,
    period: number,
  ) {
    this.values = new Float64Array(buckets);
    this.counts = new Uint8Array(buckets);
    this.bucketMs = period / buckets;
    this.bucketsPerMs = buckets / period;
  }

  /**
   * Locates `ts` in the season: `season` is then the profile's value there, NaN while
   * unknown. Returns whether it is known (a boolean, not the value: a returned double
   * costs V8 an allocation when the call is not inlined).
   */
  locate(ts: number): boolean {
    // Between the same two bucket centres as the last point (the usual case for a series
    // sampled faster than the buckets), only the weight moves.
    if (!(ts >= this.spanStart && ts < this.spanStart + this.bucketMs)) this.findSpan(ts);
    const w1 = Math.max(0, Math.min(1, (ts - this.spanStart) * this.bucketsPerMs));
    const b0 = this.b0;
    const b1 = this.b1;
    this.w1 = w1;
    this.located = true;
    this.season =
      this.counts[b0] === 0 || this.counts[b1] === 0
        ? Number.NaN
        : (1 - w1) * (this.values[b0] as number) + w1 * (this.values[b1] as number);
    return !Number.isNaN(this.season);
  }

  /** The two bucket centres bracketing `ts`: the span from the first centre to the next. */
  private findSpan(ts: number): void {
    const buckets = this.buckets;
    // Spans counted from the epoch, centres sitting mid-bucket. A division (rare: once per
    // span) keeps this exact for whole-millisecond timestamps, so the cached span and a
    // freshly found one always agree and a restored detector scores like the original.
    const span = Math.floor((ts - this.bucketMs / 2) / this.bucketMs);
    const b0 = span - Math.floor(span / buckets) * buckets;
    this.b0 = b0;
    this.b1 = b0 + 1 === buckets ? 0 : b0 + 1;
    this.spanStart = (span + 0.5) * this.bucketMs;
  }

  /**
   * Learns `value` at the location last passed to locate(): first its error (counted as
   * judged when `judged`; an unfinished profile is not judged), then the level and the two
   * buckets. Each move is bounded by LEARN_CLIP typical errors (at least `spreadFloor`),
   * so a spike or an outage neither shifts the level much nor scars the profile. `gap`
   * (typical spacing between learned points) spreads VISIT_RATE over a visit's points;
   * `errorRate` and `levelRate` are already scaled for points skipped. One method, not
   * three, since it runs for every learned point of every series.
   */
  learn(value: number, spreadFloor: number, errorRate: number, levelRate: number, gap: number, first: boolean, judged: boolean): void {
    const clip = LEARN_CLIP * Math.max(MAE_TO_SPREAD * this.error, spreadFloor);
    const season = this.season;
    const known = Number.isNaN(season) ? 0 : season;
    if (!Number.isNaN(season)) {
      const err = Math.min(Math.abs(value - this.level - season), clip);
      this.error = this.error === 0 ? err : this.error + errorRate * (err - this.error);
      if (judged && this.judged < JUDGED_CAP) this.judged++;
    }
    this.level = first ? value - known : this.level + levelRate * Math.max(-clip, Math.min(clip, value - known - this.level));
    const target = value - this.level;
    const rate = VISIT_RATE * Math.min(1, Math.max(gap, 1) * this.bucketsPerMs);
    this.learnBucket(this.b0, 1 - this.w1, target, clip, rate);
    this.learnBucket(this.b1, this.w1, target, clip, rate);
  }

  private learnBucket(b: number, weight: number, target: number, clip: number, rate: number): void {
    const n = this.counts[b] as number;
    if (n === 0) {
      this.values[b] = target;
      this.counts[b] = 1;
      return;
    }
    const delta = Math.max(-clip, Math.min(clip, target - (this.values[b] as number)));
    // max(1/n, rate) without a division once the count has passed 1/rate.
    this.values[b] = (this.values[b] as number) + weight * (n * rate < 1 ? 1 / n : rate) * delta;
    if (weight >= 0.5 && n < COUNT_CAP) this.counts[b] = n + 1;
  }

  toState(): ProfileState {
    return { level: this.level, error: this.error, judged: this.judged, values: Array.from(this.values), counts: Array.from(this.counts) };
  }

  restore(state: ProfileState): void {
    this.level = state.level;
    this.error = state.error;
    this.judged = state.judged;
    this.values.set(state.values);
    this.counts.set(state.counts);
  }
}

export function parseProfile(raw: unknown, name: string, buckets: number): ProfileState {
  const p = record(raw, name);
  const values = finiteArray(p.values, `${name}.values`, buckets);
  const counts = finiteArray(p.counts, `${name}.counts`, buckets);
  if (values.length !== buckets || counts.length !== buckets) fail(`${name} must have ${buckets} buckets`);
  counts.forEach((c, i) => {
    if (!Number.isInteger(c) || c < 0 || c > COUNT_CAP) fail(`${name}.counts[${i}] out of range`);
  });
  const error = finite(p.error, `${name}.error`);
  if (error < 0) fail(`${name}.error negative`);
  const judged = finite(p.judged, `${name}.judged`);
  if (!Number.isInteger(judged) || judged < 0 || judged > JUDGED_CAP) fail(`${name}.judged out of range`);
  return { level: finite(p.level, `${name}.level`), error, judged, values, counts };
}
