/**
 * Small robust-statistics helpers. Robust (median-based) estimates are used
 * because the very points we want to flag would otherwise inflate the spread
 * and hide themselves.
 */

/** Median of the first `n` entries of `scratch` (reorders them). */
function medianInPlace(scratch: Float64Array, n: number): number {
  const view = scratch.subarray(0, n).sort();
  const mid = n >> 1;
  return n % 2 === 1 ? (view[mid] as number) : ((view[mid - 1] as number) + (view[mid] as number)) / 2;
}

export interface TrendFit {
  /** Value the trend line predicts for the next point. */
  prediction: number;
  /** Robust spread (1.4826 × MAD) of the residuals around the line. */
  residualScale: number;
}

/**
 * Theil–Sen line through `history` (evenly spaced, oldest first), extrapolated
 * one step. Used while history is too short for window statistics: a steady
 * ramp then predicts its own next value instead of looking like a spike, and
 * a single outlier in a handful of points cannot drag the line.
 */
export function theilSenNext(history: readonly number[], scratch: Float64Array): TrendFit {
  const n = history.length;
  let pairs = 0;
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++) {
      scratch[pairs++] = ((history[j] as number) - (history[i] as number)) / (j - i);
    }
  }
  const slope = pairs > 0 ? medianInPlace(scratch, pairs) : 0;
  for (let i = 0; i < n; i++) scratch[i] = (history[i] as number) - slope * i;
  const intercept = medianInPlace(scratch, n);
  for (let i = 0; i < n; i++) {
    scratch[i] = Math.abs((history[i] as number) - (intercept + slope * i));
  }
  const mad = medianInPlace(scratch, n);
  return { prediction: intercept + slope * n, residualScale: 1.4826 * mad };
}

/**
 * Maps a non-negative deviation (in spread units) to [0,1). Rational rather
 * than exponential so that very large deviations stay distinguishable from
 * merely large ones instead of all saturating at 1.
 */
export function squash(deviation: number, halfPoint: number): number {
  const d2 = deviation * deviation;
  return d2 / (d2 + halfPoint * halfPoint);
}

/**
 * Upper-tail probability of the standard normal, P(Z > z). Uses the
 * Numerical Recipes erfc approximation (relative error < 1.2e-7), accurate
 * far into the tail, which is where anomaly likelihoods live.
 */
export function normalTail(z: number): number {
  const x = z / Math.SQRT2;
  const ax = Math.abs(x);
  const t = 1 / (1 + 0.5 * ax);
  const erfcAbs = t * Math.exp(-ax * ax - 1.26551223 + t * (1.00002368 + t * (0.37409196 + t * (0.09678418 +
    t * (-0.18628806 + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587 +
    t * (-0.82215223 + t * 0.17087277)))))))));
  const erfc = x >= 0 ? erfcAbs : 2 - erfcAbs;
  return 0.5 * erfc;
}
