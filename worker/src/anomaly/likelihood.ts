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

export class AnomalyLikelihood {
  private readonly recentRaw: RingBuffer;
  private count = 0;
  private mean = 0;
  private variance = 0;
  private previousTail = 1;

  constructor(private readonly settings: LikelihoodSettings) {
    this.recentRaw = new RingBuffer(settings.averagingWindow);
  }

  /** Feeds one raw score in [0,1]; returns a log-scaled likelihood in [0,1]. */
  update(raw: number): number {
    this.recentRaw.push(raw);
    const averaged = this.recentRaw.sum() / this.recentRaw.length;
    let score = 0;
    if (this.count >= this.settings.learningPoints) {
      const mean = Math.max(this.mean, MEAN_FLOOR);
      const std = Math.sqrt(Math.max(this.variance, VARIANCE_FLOOR));
      // One-sided: a raw score that is unusually *low* is not an anomaly.
      const tail = averaged <= mean ? 1 : normalTail((averaged - mean) / std);
      const filtered = tail <= RED_ZONE && this.previousTail <= RED_ZONE ? YELLOW_ZONE : tail;
      this.previousTail = tail;
      score = Math.log(filtered + LOG_EPSILON) / Math.log(LOG_EPSILON);
    }
    this.learn(averaged);
    return Math.min(1, Math.max(0, score));
  }

  private learn(averaged: number): void {
    this.count++;
    const rate = Math.max(1 / this.count, this.settings.minRate);
    const delta = averaged - this.mean;
    this.mean += rate * delta;
    this.variance = (1 - rate) * (this.variance + rate * delta * delta);
  }

  toState(): LikelihoodState {
    return {
      recentRaw: this.recentRaw.toArray(),
      count: this.count,
      mean: this.mean,
      variance: this.variance,
      previousTail: this.previousTail,
    };
  }

  static fromState(settings: LikelihoodSettings, state: LikelihoodState): AnomalyLikelihood {
    const likelihood = new AnomalyLikelihood(settings);
    for (const v of state.recentRaw) likelihood.recentRaw.push(v);
    likelihood.count = state.count;
    likelihood.mean = state.mean;
    likelihood.variance = state.variance;
    likelihood.previousTail = state.previousTail;
    return likelihood;
  }
}
