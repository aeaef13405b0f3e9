/**
 * Streaming anomaly detector for one metric series: pure TS, O(1) memory/time.
 *
 * Raw score: distance of each value from the median of the last `windowSize`
 * (128) points, in robust spread units (IQR/1.349, floored at 0.1% of the level
 * and 0.5% of the running range), squashed to [0,1] (0.5 at
 * `deviationHalfPoint` = 3 spreads).
 * Likelihood (after Numenta): the `averagingWindow` (20)-point mean of raw
 * scores is judged against an exponentially weighted mean/variance of itself
 * (rate >= `likelihoodRate` = 1/2000); its Gaussian tail probability is
 * log-scaled, so only very improbable behaviour nears 1, and a red-zone filter
 * keeps only the first of consecutive near-impossible points.
 * New extreme: a value beyond the running min/max by `spatialTolerance` (5%)
 * of the range scores 1; the range relaxes by `rangeDecay` (1e-4) per point so
 * old extremes fade.
 * Gross outlier: a point whose deviation from the window median is at least
 * `grossDeviation` (8) times the series' own tail deviation, and which moves
 * by at least `grossJump` (1) times the median's magnitude, scores 1 on its
 * own — bypassing the running range and the likelihood's averaging, so the
 * tenth identical spike of the day alerts like the first. The tail is a
 * learned 98th percentile of deviations in spreads (floored at 1); far
 * outliers (beyond 3 tails) are left out of that learning, so recurring
 * incidents never become "normal", while a naturally heavy-tailed series
 * earns a higher bar. It needs a spread the window actually shows: on a flat
 * or noiseless window every step would be "gross", yet is its pattern.
 * Change points (change-point.ts): two-sided CUSUMs on the residual against
 * the baseline — its level (a shift that stays, a drift) and its log-spread (a
 * variance change) — each standardised by its own learned scale and lag-1
 * autocorrelation, alarming past `changeThreshold` (and past 2.5 times the
 * series' own 98th percentile of the sums), scored by the evidence per point.
 * Seasonal baseline (seasonal.ts): daily (half-hour) and weekly (hourly)
 * profiles keyed on the timestamp, each with its own level; once the series has
 * spanned a season and a profile predicts clearly better than a plain level,
 * the change tests read the residual against it (a quiet day where a busy one
 * was due). Stuck values (stuck.ts): a run of identical readings improbable
 * under the series' learned repeat rate.
 * Events (events.ts): an alert opens an event; until the series has returned
 * (two consecutive points scoring below 0.3) further alerting points are
 * damped by half, unless they escalate 0.2 above the event's peak.
 * Warm-up: for the first `warmupPoints` (128) points the score is the deviation
 * from a Theil–Sen trend of the last 12 points, with spread floored at 5% of the
 * level — a ramp is not an anomaly, a spike after 3 points is.
 * Timestamps place points in the day and week (UTC) for the seasonal profiles;
 * irregular spacing and gaps are fine. Non-finite input returns 0 and leaves
 * state untouched.
 * State: toJSON() / restoreDetector(), versioned, about 9 KB of JSON.
 * Parameters (settings.ts): windowSize, warmupPoints, deviationHalfPoint,
 * averagingWindow, likelihoodRate, spatialTolerance, rangeDecay,
 * grossDeviation (0 disables the gross path), grossJump, changeThreshold,
 * alertLevel. docs/anomaly.md has the design and the figures.
 */
import { StreamingDetector } from "./detector";
import { resolveSettings, SETTING_KEYS, type DetectorSettings } from "./settings";
import { parseState, type DetectorState } from "./state";

export type { DetectorSettings } from "./settings";
export type { DetectorState } from "./state";
export { DEFAULT_SETTINGS } from "./settings";

/** Overrides for any subset of the settings; omitted ones take DEFAULT_SETTINGS. */
export type DetectorOptions = Partial<DetectorSettings>;

export interface AnomalyDetector {
  /**
   * Scores one point in [0,1], then learns from it. `highSideOnly`: only a rise above the
   * recent median is news (a fall scores 0 and opens no event); omitted, both sides are.
   */
  update(timestampMs: number, value: number, highSideOnly?: boolean): number;
  /**
   * The level a new point is measured against: the median of the recent window (NaN before
   * the first point). Read-only; it tells a caller which side of usual a point lies on.
   */
  level(): number;
  /** Plain JSON-serialisable snapshot; pass it to restoreDetector to resume. */
  toJSON(): DetectorState;
}

// The core is handed out as it is (it has update, level and toJSON): a wrapper object would add
// a call per point, which the throughput budget notices.
function wrap(core: StreamingDetector): AnomalyDetector {
  return core;
}

/** Fresh detector, or a resumed one when `state` is given (see restoreDetector). */
export function createDetector(options: DetectorOptions & { state?: unknown } = {}): AnomalyDetector {
  const { state, ...settings } = options;
  if (state !== undefined) return restoreDetector(state, settings);
  return wrap(new StreamingDetector(resolveSettings(settings)));
}

/**
 * Resumes a detector from toJSON() output (after a JSON round trip); it then
 * scores exactly as the original would have. The saved settings are used;
 * passing options that differ from them is an error rather than a silent
 * override, since the learned state only makes sense under its own settings.
 * Throws on corrupt, foreign-version or incompatible state: the caller should
 * then start the series afresh with createDetector.
 */
export function restoreDetector(state: unknown, options: DetectorOptions = {}): AnomalyDetector {
  const parsed = parseState(state);
  for (const key of SETTING_KEYS) {
    const requested = options[key];
    if (requested !== undefined && requested !== parsed.settings[key]) {
      throw new Error(`anomaly detector state rejected: saved with ${key}=${parsed.settings[key]}, requested ${requested}`);
    }
  }
  return wrap(new StreamingDetector(parsed.settings, parsed));
}
