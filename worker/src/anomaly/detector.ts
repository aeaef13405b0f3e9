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
// Gross-outlier bar: the series' own tail is learned as the 98th percentile of
// its deviations (in spreads), by a stochastic-approximation quantile on the
// log scale. Its rate is 1/n early on, so it is usable by the end of warm-up,
// and TAIL_RATE later: it follows a slow change of the noise's shape within a
// few hundred points.
const TAIL_QUANTILE = 0.98;
const TAIL_RATE = 0.02;
// Never treat the tail as narrower than one spread, so a very tidy series still
// needs a deviation of at least grossDeviation spreads.
const TAIL_FLOOR = 1;
// Deviations beyond this many tails are far outliers; if they recur (incidents,
// spikes) and were learned, the detector would soon call them normal.
const TAIL_EXCLUDE = 3;
// Gross outliers and new extremes closer together than this many points are one
// event (a burst, an incident whose points are mostly beyond the bar) and alert
// once; after this many quiet points the next one is a new event and alerts.
const EVENT_GAP = 10;

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
  private sinceEvent = Number.POSITIVE_INFINITY;
  // Log of the learned TAIL_QUANTILE deviation (in spreads), and the number of
  // points it has learned from.
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
      this.sinceEvent = state.sinceEvent ?? Number.POSITIVE_INFINITY;
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
    const s = this.settings;
    const newExtreme = this.isNewExtreme(value);
    const deviation = n >= Math.min(MIN_HISTORY, this.likelihoodStart) ? this.deviation(value) : 0;
    const gross = n >= s.warmupPoints && this.isGross(value, deviation);
    let score = 0;
    if (n >= MIN_HISTORY && n < s.warmupPoints) score = this.warmupScore(value);
    if (n >= this.likelihoodStart) {
      this.learnTail(deviation);
      const likelihood = this.likelihood.update(squash(deviation, s.deviationHalfPoint));
      if (n >= s.warmupPoints) score = likelihood;
    }
    // A new extreme or a gross outlier scores 1 and is never damped — unless it
    // continues an event that already did (see EVENT_GAP); then it is scored
    // like any other point, so an incident raises one alert, not one per point.
    const extreme = newExtreme && n >= s.warmupPoints;
    const inEvent = this.sinceEvent <= EVENT_GAP;
    if ((extreme || gross) && !inEvent) score = this.applyRefractory(1, true);
    else score = this.applyRefractory(score, false);
    if (extreme || gross) this.sinceEvent = 0;
    // Capped so the saved state stops changing once the gap is over.
    else if (this.sinceEvent <= EVENT_GAP) this.sinceEvent++;

    this.learn(value);
    return score;
  }

  private iqrSpread(): number {
    return (this.window.quantile(0.75) - this.window.quantile(0.25)) / 1.349;
  }

  /** The spread floors: below these, an observed spread is noise quantisation. */
  private spreadFloor(median: number): number {
    return Math.max(LEVEL_FLOOR * Math.abs(median), RANGE_FLOOR * (this.runningMax - this.runningMin), ABSOLUTE_FLOOR);
  }

  /** |value - window median| in robust spread units; squashed, it is the raw score. */
  private deviation(value: number): number {
    const median = this.window.quantile(0.5);
    return Math.abs(value - median) / Math.max(this.iqrSpread(), this.spreadFloor(median));
  }

  /**
   * A gross outlier stands out on its own, whatever the running range and the
   * likelihood's averaging say: it is at least grossDeviation times the
   * series' learned tail deviation away from the window median, and moves by
   * at least grossJump times the median's magnitude (so a small-but-tidy
   * series' ordinary wiggles never qualify). It needs a spread the window
   * actually shows: against a flat or noiseless window (spread at its floors)
   * any change would be "gross", yet steps and spikes on such a series are its
   * normal pattern, left to the new-extreme and likelihood rules.
   */
  private isGross(value: number, deviation: number): boolean {
    const s = this.settings;
    if (s.grossDeviation <= 0) return false;
    const median = this.window.quantile(0.5);
    if (this.iqrSpread() < this.spreadFloor(median)) return false;
    if (deviation < s.grossDeviation * Math.max(Math.exp(this.logTail), TAIL_FLOOR)) return false;
    return Math.abs(value - median) >= s.grossJump * Math.abs(median);
  }

  private learnTail(deviation: number): void {
    const tail = Math.exp(this.logTail);
    if (deviation > TAIL_EXCLUDE * Math.max(tail, TAIL_FLOOR)) return;
    this.tailCount++;
    const rate = Math.max(TAIL_RATE, 1 / this.tailCount);
    this.logTail += rate * (deviation > tail ? TAIL_QUANTILE : TAIL_QUANTILE - 1);
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
      sinceEvent: Number.isFinite(this.sinceEvent) ? this.sinceEvent : null,
      logTail: this.logTail,
      tailCount: this.tailCount,
      likelihood: this.likelihood.toState(),
    };
  }
}
