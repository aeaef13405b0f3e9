import { AnomalyLikelihood, type LikelihoodSettings } from "./likelihood";
import { SortedWindow } from "./ring-buffer";
import { squash, theilSenNext } from "./robust-stats";
import type { DetectorSettings } from "./settings";
import { STATE_VERSION, type DetectorState } from "./state";

// With this few points there is nothing to compare against.
const MIN_HISTORY = 3;
// The warm-up trend fit looks only at the most recent points: cheap, and a
// short series may well have changed regime since its first point.
const TREND_POINTS = 12;
// With a handful of points the observed spread is unreliable (it may be 0), so
// spreads are floored at a fraction of the level — "5% off the usual value" is
// the smallest move treated as meaningful while history is short.
const WARMUP_LEVEL_FLOOR = 0.05;
// Warm-up deviations are measured against a cruder spread, so they must be
// larger (in spread units) than later ones before they count as alarming.
const WARMUP_HALF_POINT_FACTOR = 2.5;
// Once history is longer, much smaller relative moves can matter, but a spread
// below 0.1% of the level or 0.5% of the observed range is treated as noise
// quantisation rather than true stillness.
const LEVEL_FLOOR = 0.001;
const RANGE_FLOOR = 0.005;
const ABSOLUTE_FLOOR = 1e-9;
// How much a suppressed repeat is scaled down: far enough below the alert level
// to stay silent, while still visibly elevated on a chart.
const REFRACTORY_DAMPING = 0.5;
const TAIL_QUANTILE = 0.95;
const TAIL_RATE = 0.02;
const TAIL_FLOOR = 1;
const TAIL_EXCLUDE = 3;
const GROSS_MIN_SPREAD = 1;

export class StreamingDetector {
  private readonly window: SortedWindow;
  private readonly likelihood: AnomalyLikelihood;
  private readonly trendScratch: Float64Array;
  private readonly trendHistory: number[] = [];
  private readonly likelihoodStart: number;
  private count = 0;
  private runningMin = Number.NaN;
  private runningMax = Number.NaN;
  private sinceAlert = Number.POSITIVE_INFINITY;
  private sinceGross = Number.POSITIVE_INFINITY;
  // Running estimate of log(TAIL_QUANTILE-th percentile deviation in spreads),
  // and how many points it has learned from.
  private logTail = 0;
  private tailCount = 0;

  constructor(readonly settings: DetectorSettings, state?: DetectorState) {
    this.window = new SortedWindow(settings.windowSize);
    this.trendScratch = new Float64Array((TREND_POINTS * (TREND_POINTS - 1)) / 2 + TREND_POINTS);
    // Raw scores from a nearly empty window are meaningless, so the likelihood
    // starts learning part-way into warm-up and reports once warm-up ends.
    this.likelihoodStart = Math.min(settings.windowSize, settings.warmupPoints) / 2;
    const likelihoodSettings: LikelihoodSettings = {
      averagingWindow: settings.averagingWindow,
      learningPoints: Math.max(1, settings.warmupPoints - this.likelihoodStart),
      minRate: settings.likelihoodRate,
    };
    if (state) {
      for (const v of state.window) this.window.push(v);
      this.likelihood = AnomalyLikelihood.fromState(likelihoodSettings, state.likelihood);
      this.count = state.count;
      this.runningMin = state.runningMin ?? Number.NaN;
      this.runningMax = state.runningMax ?? Number.NaN;
      this.sinceAlert = state.sinceAlert ?? Number.POSITIVE_INFINITY;
      this.sinceGross = state.sinceGross ?? Number.POSITIVE_INFINITY;
      this.logTail = state.logTail;
      this.tailCount = state.tailCount;
    } else {
      this.likelihood = new AnomalyLikelihood(likelihoodSettings);
    }
  }

  update(timestampMs: number, value: number): number {
    // Garbage in must not poison months of learned state: skip it entirely.
    if (!Number.isFinite(value) || !Number.isFinite(timestampMs)) return 0;

    const n = this.count;
    const newExtreme = this.isNewExtreme(value);
    const deviation = n >= MIN_HISTORY ? this.deviation(value) : 0;
    const gross = n >= this.settings.warmupPoints && this.isGross(value, deviation);
    if (n >= this.likelihoodStart) this.learnTail(deviation);
    let score = 0;
    if (n >= MIN_HISTORY && n < this.settings.warmupPoints) score = this.warmupScore(value);
    if (n >= this.likelihoodStart) {
      const likelihood = this.likelihood.update(this.rawScore(value));
      if (n >= this.settings.warmupPoints) score = likelihood;
    }
    // A new extreme is an escalation by definition, so it is never damped.
    const freshGross = gross && this.sinceGross > this.settings.refractoryPoints;
    if ((newExtreme && n >= this.settings.warmupPoints) || freshGross) score = this.applyRefractory(1, true);
    else score = this.applyRefractory(score, false);
    if (gross) this.sinceGross = 0;
    else if (this.sinceGross <= this.settings.refractoryPoints) this.sinceGross++;

    this.learn(value);
    return score;
  }

  private rawScore(value: number): number {
    const w = this.window;
    const median = w.quantile(0.5);
    const iqrSpread = (w.quantile(0.75) - w.quantile(0.25)) / 1.349;
    const range = this.runningMax - this.runningMin;
    const spread = Math.max(iqrSpread, LEVEL_FLOOR * Math.abs(median), RANGE_FLOOR * range, ABSOLUTE_FLOOR);
    return squash(Math.abs(value - median) / spread, this.settings.deviationHalfPoint);
  }

  /** |value - median| in robust spread units (the raw score's input). */
  private deviation(value: number): number {
    const w = this.window;
    const median = w.quantile(0.5);
    const range = this.runningMax - this.runningMin;
    const spread = Math.max(this.iqrSpread(), LEVEL_FLOOR * Math.abs(median), RANGE_FLOOR * range, ABSOLUTE_FLOOR);
    return Math.abs(value - median) / spread;
  }

  private iqrSpread(): number {
    return (this.window.quantile(0.75) - this.window.quantile(0.25)) / 1.349;
  }

  private isGross(value: number, deviation: number): boolean {
    const s = this.settings;
    if (s.grossDeviation <= 0) return false;
    const median = this.window.quantile(0.5);
    const range = this.runningMax - this.runningMin;
    if (this.iqrSpread() < GROSS_MIN_SPREAD * Math.max(LEVEL_FLOOR * Math.abs(median), RANGE_FLOOR * range, ABSOLUTE_FLOOR)) return false;
    const bar = s.grossDeviation * Math.max(Math.exp(this.logTail), TAIL_FLOOR);
    return deviation >= bar && Math.abs(value - median) >= s.grossJump * Math.abs(median);
  }

  private learnTail(deviation: number): void {
    this.tailCount++;
    const rate = Math.max(TAIL_RATE, 1 / this.tailCount);
    const tail = Math.exp(this.logTail);
    // Far outliers say nothing about the bulk's tail and, if they recur (incidents),
    // would teach it that they are normal; they are left out.
    if (deviation > TAIL_EXCLUDE * Math.max(tail, TAIL_FLOOR)) return;
    const above = deviation > tail;
    this.logTail += rate * (above ? TAIL_QUANTILE : TAIL_QUANTILE - 1);
  }

  private warmupScore(value: number): number {
    const w = this.window;
    const points = Math.min(TREND_POINTS, w.length);
    const history = this.trendHistory;
    history.length = points;
    for (let i = 0; i < points; i++) history[i] = w.at(w.length - points + i);
    const fit = theilSenNext(history, this.trendScratch);
    const level = Math.max(Math.abs(fit.prediction), Math.abs(w.quantile(0.5)));
    const spread = Math.max(fit.residualScale, WARMUP_LEVEL_FLOOR * level, ABSOLUTE_FLOOR);
    return squash(Math.abs(value - fit.prediction) / spread, this.settings.deviationHalfPoint * WARMUP_HALF_POINT_FACTOR);
  }

  private isNewExtreme(value: number): boolean {
    if (Number.isNaN(this.runningMax)) return false;
    // The level floor keeps float jitter on a (near-)constant series from
    // counting as a new extreme; a series stuck at exactly 0 has no floor, so
    // its first non-zero value does count.
    const median = this.window.quantile(0.5);
    const tolerance = Math.max(
      (this.runningMax - this.runningMin) * this.settings.spatialTolerance,
      LEVEL_FLOOR * Math.abs(median),
      ABSOLUTE_FLOOR,
    );
    return value > this.runningMax + tolerance || value < this.runningMin - tolerance;
  }

  private applyRefractory(score: number, escalation: boolean): number {
    const s = this.settings;
    if (s.refractoryPoints <= 0) return score;
    // Capped so the saved state stops changing once the period is over.
    if (this.sinceAlert <= s.refractoryPoints) this.sinceAlert++;
    if (score < s.alertLevel) return score;
    if (this.sinceAlert <= s.refractoryPoints && !escalation) return score * REFRACTORY_DAMPING;
    this.sinceAlert = 0;
    return score;
  }

  private learn(value: number): void {
    this.count++;
    this.window.push(value);
    if (Number.isNaN(this.runningMin)) {
      this.runningMin = value;
      this.runningMax = value;
      return;
    }
    const decay = this.settings.rangeDecay;
    if (decay > 0) {
      const median = this.window.quantile(0.5);
      this.runningMax -= decay * (this.runningMax - median);
      this.runningMin += decay * (median - this.runningMin);
    }
    if (value > this.runningMax) this.runningMax = value;
    if (value < this.runningMin) this.runningMin = value;
  }

  toState(): DetectorState {
    return {
      version: STATE_VERSION,
      settings: { ...this.settings },
      count: this.count,
      window: this.window.toArray(),
      runningMin: Number.isNaN(this.runningMin) ? null : this.runningMin,
      runningMax: Number.isNaN(this.runningMax) ? null : this.runningMax,
      sinceAlert: Number.isFinite(this.sinceAlert) ? this.sinceAlert : null,
      sinceGross: Number.isFinite(this.sinceGross) ? this.sinceGross : null,
      logTail: this.logTail,
      tailCount: this.tailCount,
      likelihood: this.likelihood.toState(),
    };
  }
}
