/**
 * Small robust-statistics helpers. Robust (median-based) estimates are used
 * because the very points we want to flag would otherwise inflate the spread
 * and hide themselves.
 */

/**
 * Median of the first `n` entries of `scratch` (reorders them). Small counts (the
 * trend's own points, n ≤ 12) by insertion sort; the pairwise slopes (up to 66) by
 * selection, which finds the very same middle values with a few times fewer steps. No
 * allocation either way (a subarray view plus the built-in sort would allocate).
 */
function medianInPlace(scratch: Float64Array, n: number): number {
  const mid = n >> 1;
  if (n > 16) {
    const upper = selectInPlace(scratch, n, mid);
    if (n % 2 === 1) return upper;
    // Selection leaves the entries below `mid` all ≤ the upper middle: the lower middle is
    // their largest.
    let lower = scratch[0] as number;
    for (let i = 1; i < mid; i++) if ((scratch[i] as number) > lower) lower = scratch[i] as number;
    return (lower + upper) / 2;
  }
  for (let i = 1; i < n; i++) {
    const v = scratch[i] as number;
    let j = i - 1;
    while (j >= 0 && (scratch[j] as number) > v) {
      scratch[j + 1] = scratch[j] as number;
      j--;
    }
    scratch[j + 1] = v;
  }
  return n % 2 === 1 ? (scratch[mid] as number) : ((scratch[mid - 1] as number) + (scratch[mid] as number)) / 2;
}

/**
 * The k-th smallest of the first `n` entries (Wirth's selection, in place): afterwards
 * every entry before k is ≤ it and every entry after is ≥ it. For NaN-free input.
 */
function selectInPlace(a: Float64Array, n: number, k: number): number {
  let lo = 0;
  let hi = n - 1;
  while (lo < hi) {
    const pivot = a[k] as number;
    let i = lo;
    let j = hi;
    do {
      while ((a[i] as number) < pivot) i++;
      while (pivot < (a[j] as number)) j--;
      if (i <= j) {
        const t = a[i] as number;
        a[i] = a[j] as number;
        a[j] = t;
        i++;
        j--;
      }
    } while (i <= j);
    if (j < k) lo = i;
    if (k < i) hi = j;
  }
  return a[k] as number;
}

export interface TrendFit {
  /** Value the trend line predicts for the next point. */
  prediction: number;
  /** Robust spread (1.4826 × MAD) of the residuals around the line. */
  residualScale: number;
}

/**
 * Theil–Sen line through the first `n` entries of `history` (evenly spaced, oldest
 * first), extrapolated one step, written into `fit` (no allocation per point). Used while
 * history is too short for window statistics: a steady ramp then predicts its own next
 * value instead of looking like a spike, and a single outlier in a handful of points
 * cannot drag the line. The slopes between finite values are never NaN (at worst
 * infinite), which the selection needs.
 */
export function theilSenNext(history: Float64Array, n: number, scratch: Float64Array, fit: TrendFit): void {
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
  fit.prediction = intercept + slope * n;
  fit.residualScale = 1.4826 * mad;
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
  const erfcAbs =
    t *
    Math.exp(
      -ax * ax -
        1.26551223 +
        t *
          (1.00002368 +
            t *
              (0.37409196 +
                t *
                  (0.09678418 +
                    t * (-0.18628806 + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277)))))))),
    );
  const erfc = x >= 0 ? erfcAbs : 2 - erfcAbs;
  return 0.5 * erfc;
}
