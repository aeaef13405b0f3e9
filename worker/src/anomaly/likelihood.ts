import { RingBuffer } from "./ring-buffer";
import { normalTail } from "./robust-stats";

/**
 * Numenta-style anomaly likelihood: instead of thresholding a noisy raw score
 * directly, ask how improbable its recent short average is given how that
 * average has behaved so far on *this* series. A noisy series thereby earns
 * a high bar and a quiet one a low bar, which is what makes one global alert
 * threshold workable across very different metrics.
 */

export interface LikelihoodSettings {
  /** Raw scores averaged before judging (smooths single-point jitter). */
  averagingWindow: number;
  /** Averaged scores seen before any likelihood is reported. */
  learningPoints: number;
  /** Slowest EW rate for mean/variance; early on the rate is 1/count (plain average). */
  minRate: number;
}

export interface LikelihoodState {
  recentRaw: number[];
  /** Running sum of recentRaw (recomputed exactly every averagingWindow points). */
  recentSum: number;
  count: number;
  mean: number;
  variance: number;
  previousTail: number;
}

// Floors from the Numenta implementation: they stop a series whose raw score
// has been almost constant from making every tiny wobble "impossible".
const MEAN_FLOOR = 0.03;
const VARIANCE_FLOOR = 0.0003;
// Red zone: a second consecutive near-impossible point is demoted to merely
// unusual, so one event yields one alert instead of a burst.
const RED_ZONE = 1e-5;
const YELLOW_ZONE = 1e-3;
const LOG_EPSILON = 1e-10;
const LOG_OF_EPSILON = Math.log(LOG_EPSILON);
// The score of a tail probability of 1, by the same expression as any other.
const SCORE_OF_ONE = Math.log(1 + LOG_EPSILON) / LOG_OF_EPSILON;

export class AnomalyLikelihood {
  private readonly recentRaw: RingBuffer;
  // Kept running (two flops a point instead of a sum over the window) and recomputed
  // exactly once per window length, so rounding never accumulates; saved with the state
  // so a restored detector carries the very same value.
  private recentSum = 0;
  private count = 0;
  private mean = 0;
  private variance = 0;
  private previousTail = 1;
  // count mod averagingWindow, derived from count (not saved).
  private phase = 0;

  constructor(private readonly settings: LikelihoodSettings) {
    this.recentRaw = new RingBuffer(settings.averagingWindow);
  }

  /** The log-scaled likelihood in [0,1] of the raw score last fed to update(). */
  score = 0;

  /**
   * Feeds one raw score in [0,1]; the log-scaled likelihood is then in `score` (a field,
   * not a return value: a returned double costs V8 an allocation when the call is not
   * inlined).
   */
  update(raw: number): void {
    const evicted = this.recentRaw.push(raw);
    // Recomputed exactly at every multiple of the window length (phase = count mod window,
    // kept beside count so no point pays an integer division).
    const phase = this.phase;
    this.phase = phase + 1 === this.settings.averagingWindow ? 0 : phase + 1;
    this.recentSum = phase === 0 ? this.recentRaw.sum() : this.recentSum + raw - (Number.isNaN(evicted) ? 0 : evicted);
    const averaged = this.recentSum / this.recentRaw.length;
    let score = 0;
    if (this.count >= this.settings.learningPoints) {
      const mean = Math.max(this.mean, MEAN_FLOOR);
      // One-sided: a raw score that is unusually *low* is not an anomaly (and needs no
      // spread).
      const tail = averaged <= mean ? 1 : normalTail((averaged - mean) / Math.sqrt(Math.max(this.variance, VARIANCE_FLOOR)));
      // Both in the red zone (one comparison, so there is no branch V8 first meets late).
      const filtered = Math.max(tail, this.previousTail) <= RED_ZONE ? YELLOW_ZONE : tail;
      this.previousTail = tail;
      // A value at or below the mean (tail 1, the usual case) needs no logarithm.
      score = filtered === 1 ? SCORE_OF_ONE : Math.log(filtered + LOG_EPSILON) / LOG_OF_EPSILON;
    }
    this.score = Math.min(1, Math.max(0, score));
    // Learns the average (written out here: one call per point, not two).
    this.count++;
    const rate = Math.max(1 / this.count, this.settings.minRate);
    const delta = averaged - this.mean;
    this.mean += rate * delta;
    this.variance = (1 - rate) * (this.variance + rate * delta * delta);
  }

  toState(): LikelihoodState {
    return {
      recentRaw: this.recentRaw.toArray(),
      recentSum: this.recentSum,
      count: this.count,
      mean: this.mean,
      variance: this.variance,
      previousTail: this.previousTail,
    };
  }

  static fromState(settings: LikelihoodSettings, state: LikelihoodState): AnomalyLikelihood {
    const likelihood = new AnomalyLikelihood(settings);
    for (const v of state.recentRaw) likelihood.recentRaw.push(v);
    likelihood.recentSum = state.recentSum;
    likelihood.count = state.count;
    likelihood.phase = state.count % settings.averagingWindow;
    likelihood.mean = state.mean;
    likelihood.variance = state.variance;
    likelihood.previousTail = state.previousTail;
    return likelihood;
  }
}
