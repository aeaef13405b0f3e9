import { count, finite, record, fail } from "./state-checks";

/**
 * Turns a stream into roughly independent unit-variance evidence for a CUSUM: subtracts
 * its learned mean, divides by its learned spread, and divides again by the long-run
 * factor √((1+φ)/(1−φ)) of its lag-1 autocorrelation φ. Real series wander: a sum of n
 * residuals with autocorrelation φ spreads like √(n·(1+φ)/(1−φ)), not √n, so without this
 * a wandering series would look like one level shift after another.
 */

// Learned over about 500 points (1/n before that): long enough to be stable, short
// enough to follow a series whose character changes over a day or two.
const RATE = 1 / 512;
// φ is capped so a random-walk-like series still gets a finite (if high) bar.
const MAX_AUTOCORRELATION = 0.95;
// Values count for learning only up to this many spreads from the mean, so the shift
// being tested does not teach the test that shifts are normal.
const LEARN_CLIP = 4;
const MIN_VARIANCE = 1e-12;
// The divisor (spread × long-run factor) moves slowly; it is recomputed every this many
// points, which saves a square root and three divisions on the others.
const RESCALE_EVERY = 8;

export interface StandardiserState {
  mean: number;
  variance: number;
  lag1: number;
  previous: number;
  learned: number;
  /** 1 / (spread × long-run factor), as last recomputed. */
  inverseScale: number;
}

export class Standardiser {
  private mean = 0;
  private variance = 0;
  // EW mean of (x − mean)(x_prev − mean): the lag-1 autocovariance.
  private lag1 = 0;
  private previous = 0;
  private learned = 0;
  private inverseScale = 0;

  /** Standardises `x` against what was learned so far, then learns it. 0 until 2 points were seen. */
  next(x: number): number {
    let out = 0;
    let c = x;
    if (this.learned >= 2) {
      if (this.learned < 2 * RESCALE_EVERY || this.learned % RESCALE_EVERY === 0) {
        const variance = Math.max(this.variance, MIN_VARIANCE);
        const phi = Math.max(0, Math.min(MAX_AUTOCORRELATION, this.lag1 / variance));
        this.inverseScale = 1 / Math.sqrt(variance * ((1 + phi) / (1 - phi)));
      }
      const d = x - this.mean;
      out = d * this.inverseScale;
      // Compared squared, so the usual unclipped point needs no second square root.
      if (d * d > LEARN_CLIP * LEARN_CLIP * this.variance) c = this.mean + Math.sign(d) * LEARN_CLIP * Math.sqrt(this.variance);
    }
    this.learn(c);
    return out;
  }

  private learn(c: number): void {
    this.learned++;
    // max(1/n, RATE), dividing only while 1/n is the larger.
    const rate = this.learned * RATE < 1 ? 1 / this.learned : RATE;
    const delta = c - this.mean;
    this.mean += rate * delta;
    this.variance = (1 - rate) * (this.variance + rate * delta * delta);
    const deviation = c - this.mean;
    if (this.learned > 1) this.lag1 += rate * (deviation * this.previous - this.lag1);
    this.previous = deviation;
  }

  toState(): StandardiserState {
    return {
      mean: this.mean,
      variance: this.variance,
      lag1: this.lag1,
      previous: this.previous,
      learned: this.learned,
      inverseScale: this.inverseScale,
    };
  }

  restore(state: StandardiserState): void {
    this.mean = state.mean;
    this.variance = state.variance;
    this.lag1 = state.lag1;
    this.previous = state.previous;
    this.learned = state.learned;
    this.inverseScale = state.inverseScale;
  }
}

export function parseStandardiserState(raw: unknown, name: string): StandardiserState {
  const s = record(raw, name);
  const variance = finite(s.variance, `${name}.variance`);
  if (variance < 0) fail(`${name}.variance negative`);
  return {
    mean: finite(s.mean, `${name}.mean`),
    variance,
    lag1: finite(s.lag1, `${name}.lag1`),
    previous: finite(s.previous, `${name}.previous`),
    learned: count(s.learned, `${name}.learned`),
    inverseScale: finite(s.inverseScale, `${name}.inverseScale`),
  };
}
