/**
 * Tunable parameters and their defaults. Kept deliberately few; every one is
 * a count of points or a dimensionless ratio, so nothing depends on the
 * series' units or on timestamp spacing.
 */
export interface DetectorSettings {
  /** Points in the sliding window the robust baseline (median/IQR) is taken from. */
  windowSize: number;
  /** Points scored by the short-history trend rule before the likelihood takes over. */
  warmupPoints: number;
  /** Deviation (in robust spread units) at which the raw score reaches 0.5. */
  deviationHalfPoint: number;
  /** Raw scores averaged by the likelihood stage. */
  averagingWindow: number;
  /** Slowest exponential-weighting rate of the likelihood's mean/variance. */
  likelihoodRate: number;
  /** How far (fraction of the running range) beyond the running min/max counts as a new extreme. */
  spatialTolerance: number;
  /** Per-point fraction by which the running min/max relax toward the median, so old extremes fade. */
  rangeDecay: number;
  /**
   * Gross outlier: a point whose deviation from the window median is at least
   * this many times the series' learned tail deviation (98th percentile, in
   * robust spreads, at least 1) alerts on its own. 0 disables the gross path.
   */
  grossDeviation: number;
  /** Gross outlier: the move must also be at least this multiple of the median's magnitude. */
  grossJump: number;
  /**
   * Change-point bar: how much standardised evidence (beyond the slack) the level and
   * log-spread CUSUMs must sum before they call a level shift, drift or variance change
   * (change-point.ts). Lower finds smaller changes sooner and costs more false alarms.
   * The default (16) and deviationHalfPoint's are what leave-one-category-out chose
   * (bench/anomaly/loco.mjs, docs/anomaly.md).
   */
  changeThreshold: number;
  /** Score at or above which a point counts as an alert (opens an event, see events.ts). */
  alertLevel: number;
}

export const DEFAULT_SETTINGS: Readonly<DetectorSettings> = Object.freeze({
  windowSize: 128,
  warmupPoints: 128,
  deviationHalfPoint: 3,
  averagingWindow: 20,
  likelihoodRate: 1 / 2000,
  spatialTolerance: 0.05,
  rangeDecay: 0.0001,
  grossDeviation: 8,
  grossJump: 1,
  changeThreshold: 16,
  alertLevel: 0.5,
});

export const SETTING_KEYS = Object.keys(DEFAULT_SETTINGS) as (keyof DetectorSettings)[];

/** Merges caller overrides onto the defaults, rejecting values that would break the detector. */
export function resolveSettings(overrides: Partial<DetectorSettings> = {}): DetectorSettings {
  const settings = { ...DEFAULT_SETTINGS };
  for (const key of SETTING_KEYS) {
    const value = overrides[key];
    if (value === undefined) continue;
    if (typeof value !== "number" || !Number.isFinite(value) || value < 0) {
      throw new Error(`anomaly detector: option ${key} must be a finite non-negative number`);
    }
    settings[key] = value;
  }
  if (!Number.isInteger(settings.windowSize) || settings.windowSize < 4 || settings.windowSize > 512) {
    throw new Error("anomaly detector: windowSize must be an integer in [4, 512]");
  }
  if (!Number.isInteger(settings.averagingWindow) || settings.averagingWindow < 1 || settings.averagingWindow > 256) {
    throw new Error("anomaly detector: averagingWindow must be an integer in [1, 256]");
  }
  if (settings.likelihoodRate <= 0 || settings.likelihoodRate > 1 || settings.rangeDecay > 1) {
    throw new Error("anomaly detector: likelihoodRate must be in (0, 1] and rangeDecay in [0, 1]");
  }
  if (settings.changeThreshold <= 0) {
    throw new Error("anomaly detector: changeThreshold must be positive");
  }
  return settings;
}
