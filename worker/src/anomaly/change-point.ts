import { count, finite, record, fail } from "./state-checks";
import { Standardiser, parseStandardiserState, type StandardiserState } from "./standardiser";

/**
 * Change-point tests on the baseline's residual z = (value − baseline) / spread, for what
 * the spike path forgets within a window: a level that shifts and stays (or drifts), and
 * a spread that grows or collapses with no change of level. Both are two-sided CUSUMs
 * (Page's test), O(1) per point: they add up evidence point by point and alarm once it
 * passes a bar, so a step too small to stand out on any one point is still found within
 * a few dozen. The level test reads z, the variance test log z²; each is standardised
 * first (standardiser.ts), so one bar and one slack serve both and every series.
 */

// Slack per point, in standardised units: evidence smaller than this never accumulates,
// so ordinary noise keeps the sums near zero (Page's k for a shift of one unit).
const SLACK = 0.5;
// A single point contributes at most this much: a spike is the spike path's job and
// must not raise a level or variance alarm on its own.
const CLIP = 4;
// z² is floored before its log so a value exactly on the baseline is not −∞ evidence of
// a collapsed spread.
const LOG_FLOOR = 0.01;
// Each series earns its own bar: the sums' 98th percentile is learned (a log-scale
// stochastic-approximation quantile, rate TOP_RATE) and an alarm needs TOP_MARGIN times
// it as well as the configured bar. Under independent noise that percentile is about 4,
// below the bar; a series whose daily ramps or bursts keep pushing the sums up (a
// change-point test's false alarms) gets a proportionally higher bar.
const TOP_QUANTILE = 0.98;
const TOP_RATE = 0.01;
const TOP_MARGIN = 2.5;
// The quantile's steps on the log scale, as factors (no log/exp per point).
const TOP_UP = Math.exp(TOP_RATE * TOP_QUANTILE);
const TOP_DOWN = Math.exp(TOP_RATE * (TOP_QUANTILE - 1));
// The tests are for changes too small to stand out on any one point. Evidence arriving
// faster than this per point is a move the spike path judges (it knows the series'
// bursts); if it stayed quiet, the move is ordinary for this series, so the run is
// dropped rather than alarmed.
const MAX_SIZE = 2.5;

export interface ChangePointState {
  level: StandardiserState;
  spread: StandardiserState;
  /** CUSUM sums: level up/down, log-spread up/down. */
  sums: number[];
  /** The learned 98th percentile of the largest sum. */
  top: number;
  run: number;
  hold: number;
}

export class ChangePoint {
  private readonly level = new Standardiser();
  private readonly spread = new Standardiser();
  private readonly sums = new Float64Array(4);
  private top = 1;
  // Points since the sums were last all zero: the length of the run being tested.
  private run = 0;
  // Points left before the tests resume after an alarm (the baseline is catching up).
  private hold = 0;

  /**
   * @param bar CUSUM alarm level, in standardised units summed beyond the slack.
   * @param settle points the baseline needs to absorb a change; the tests rest that long
   *   after an alarm, so one change raises one alarm.
   */
  constructor(
    private readonly bar: number,
    private readonly settle: number,
  ) {}

  /**
   * Feeds one residual; returns the alarm's size — the mean standardised shift per point
   * over the run that raised it (slack included, so always ≥ SLACK) — or 0 when there is
   * no alarm. A number rather than an object: nothing is allocated per point.
   */
  update(z: number): number {
    const l = clip(this.level.next(z));
    const v = clip(this.spread.next(Math.log(z * z + LOG_FLOOR)));
    if (this.hold > 0) {
      this.hold--;
      return 0;
    }
    const s = this.sums;
    const s0 = Math.max(0, (s[0] as number) + l - SLACK);
    const s1 = Math.max(0, (s[1] as number) - l - SLACK);
    const s2 = Math.max(0, (s[2] as number) + v - SLACK);
    const s3 = Math.max(0, (s[3] as number) - v - SLACK);
    s[0] = s0;
    s[1] = s1;
    s[2] = s2;
    s[3] = s3;
    const top = Math.max(s0, s1, s2, s3);
    this.run = top > 0 ? this.run + 1 : 0;
    const learnedTop = this.top;
    this.top *= top > learnedTop ? TOP_UP : TOP_DOWN;
    if (top < this.bar || top < TOP_MARGIN * learnedTop) return 0;
    // Which test fired (level when s0 or s1 passed the bar, else variance) does not change
    // the score, so it is not worked out.
    const size = top / this.run + SLACK;
    this.reset(this.settle);
    return size <= MAX_SIZE ? size : 0;
  }

  /** Another path alerted: clear the evidence and rest as after an alarm of our own. */
  rest(): void {
    this.reset(Math.max(this.hold, this.settle));
  }

  /** Drops the evidence gathered so far (the residual changed meaning); any rest goes on. */
  clear(): void {
    this.sums.fill(0);
    this.run = 0;
  }

  /** Clears the evidence and rests for `points`. */
  reset(points: number): void {
    this.clear();
    this.hold = points;
  }

  toState(): ChangePointState {
    return {
      level: this.level.toState(),
      spread: this.spread.toState(),
      sums: Array.from(this.sums),
      top: this.top,
      run: this.run,
      hold: this.hold,
    };
  }

  restore(state: ChangePointState): void {
    this.level.restore(state.level);
    this.spread.restore(state.spread);
    state.sums.forEach((v, i) => {
      this.sums[i] = v;
    });
    this.top = state.top;
    this.run = state.run;
    this.hold = state.hold;
  }
}

function positive(raw: unknown): number {
  const v = finite(raw, "change.top");
  if (v <= 0) fail("change.top must be positive");
  return v;
}

const clip = (x: number) => Math.max(-CLIP, Math.min(CLIP, x));

export function parseChangePointState(raw: unknown): ChangePointState {
  const c = record(raw, "change");
  if (!Array.isArray(c.sums) || c.sums.length !== 4) fail("change.sums must hold 4 numbers");
  const sums = c.sums.map((v, i) => finite(v, `change.sums[${i}]`));
  if (sums.some((v) => v < 0)) fail("change.sums negative");
  return {
    level: parseStandardiserState(c.level, "change.level"),
    spread: parseStandardiserState(c.spread, "change.spread"),
    sums,
    top: positive(c.top),
    run: count(c.run, "change.run"),
    hold: count(c.hold, "change.hold"),
  };
}
