import { ChangePoint } from "./change-point";
import { EventGate } from "./events";
import { AnomalyLikelihood, type LikelihoodSettings } from "./likelihood";
import { SortedWindow } from "./ring-buffer";
import { squash, theilSenNext, type TrendFit } from "./robust-stats";
import { SeasonalBaseline } from "./seasonal";
import type { DetectorSettings } from "./settings";
import { STATE_VERSION, type DetectorState } from "./state";
import { StuckRun } from "./stuck";
import { TailQuantile } from "./tail";

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
// A change alarm's score grows with its evidence per point (standardised, slack
// included): 0.5 at 0.75 — a shift that took about 40 points to prove at the default
// bar — 0.8 at 1.5, 0.9 at 2.25, so the one global threshold can still weigh it.
const CHANGE_HALF_POINT = 0.75;
// A stuck run is certain (improbable by construction) but harmless-looking; it scores
// above a typical alert threshold without claiming the certainty of a gross outlier.
const STUCK_SCORE = 0.8;

export class StreamingDetector {
  private readonly window: SortedWindow;
  private readonly likelihood: AnomalyLikelihood;
  private readonly trendScratch: Float64Array;
  private readonly trendHistory = new Float64Array(TREND_POINTS);
  private readonly trendFit: TrendFit = { prediction: 0, residualScale: 0 };
  private readonly likelihoodStart: number;
  private readonly tail: TailQuantile;
  private readonly seasonal: SeasonalBaseline;
  private readonly change: ChangePoint;
  private readonly stuck = new StuckRun();
  private readonly events: EventGate;
  private count = 0;
  private runningMin = Number.NaN;
  private runningMax = Number.NaN;

  constructor(
    readonly settings: DetectorSettings,
    state?: DetectorState,
  ) {
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
    // After a change alarm the tests rest while the window median moves to the new level
    // (half a window), so one change raises one alarm.
    this.change = new ChangePoint(settings.changeThreshold, Math.ceil(settings.windowSize / 2));
    this.events = new EventGate(settings.alertLevel);
    if (state) {
      for (const v of state.window) this.window.push(v);
      this.likelihood = AnomalyLikelihood.fromState(likelihoodSettings, state.likelihood);
      this.count = state.count;
      this.runningMin = state.runningMin ?? Number.NaN;
      this.runningMax = state.runningMax ?? Number.NaN;
      this.tail = new TailQuantile(state.logTail, state.tailCount, state.tail);
      this.seasonal = SeasonalBaseline.fromState(state.seasonal);
      this.change.restore(state.change);
      this.stuck.restore(state.stuck);
      this.events.restore(state.event);
    } else {
      this.likelihood = new AnomalyLikelihood(likelihoodSettings);
      this.tail = new TailQuantile();
      this.seasonal = new SeasonalBaseline();
    }
  }

  /**
   * Scores one point, then learns from it. `highSideOnly`: for a series where only a rise is
   * news (spend, a call rate), a point at or below the window median scores 0 — and so opens
   * no event that would damp a real rise right after it (a zero, then a spike). It is still
   * learned from in full.
   */
  update(timestampMs: number, value: number, highSideOnly = false): number {
    // Garbage in must not poison months of learned state: skip it entirely.
    if (!Number.isFinite(value) || !Number.isFinite(timestampMs)) return 0;

    const n = this.count;
    const s = this.settings;
    const mature = n >= s.warmupPoints;
    const w = this.window;
    w.quartiles();
    const median = w.median;
    const iqrSpread = (w.upperQuartile - w.lowerQuartile) / 1.349;
    // The spread floors: below these, an observed spread is noise quantisation. Before the
    // first point there is no median or range yet: only the absolute floor.
    const range = this.runningMax - this.runningMin;
    const floor = Math.max(
      LEVEL_FLOOR * (Number.isNaN(median) ? 0 : Math.abs(median)),
      RANGE_FLOOR * (Number.isNaN(range) ? 0 : range),
      ABSOLUTE_FLOOR,
    );
    const spread = Math.max(iqrSpread, floor);
    const deviation = n >= Math.min(MIN_HISTORY, this.likelihoodStart) ? Math.abs(value - median) / spread : 0;

    // The residual the change tests read: against the daily/weekly profile when one has
    // earned its place (a value normal in size can be abnormal for the hour, a quiet day
    // abnormal for a weekday), else against the window median. The spike path keeps the
    // window median: measured on the shared NAB files, profile residuals made it noisier.
    const seasonal = this.seasonal;
    const z = seasonal.predict(timestampMs)
      ? (value - seasonal.expected) / Math.max(seasonal.spread, floor)
      : n > 0
        ? (value - median) / spread
        : 0;

    let score = 0;
    if (n >= MIN_HISTORY && !mature) score = this.warmupScore(value);
    if (n >= this.likelihoodStart) {
      this.tail.learn(deviation);
      this.likelihood.update(squash(deviation, s.deviationHalfPoint));
      if (mature) score = this.likelihood.score;
    }
    // Onsets: points that carry their own evidence and score on it, whatever the
    // likelihood's averaging says. A new extreme or a gross outlier is certain (1); a
    // change alarm is graded by the size of the change.
    const extreme = mature && this.isNewExtreme(value, median);
    const gross = mature && this.isGross(value, median, iqrSpread, floor, deviation);
    if (extreme || gross) score = 1;
    // A move the spike path already alerted on is that event; the change tests start
    // afresh after it rather than alarm about its aftermath.
    if (score >= s.alertLevel || this.events.inEvent) this.change.rest();
    // A switch of baseline changes what the residual means, not the series: the evidence
    // gathered so far is dropped, with no rest.
    else if (seasonal.switched) this.change.clear();
    // Written without branches (a change score of no alarm is 0, and scores are ≥ 0): a
    // branch first taken after V8 has optimised this function would throw that code away.
    const alarmSize = mature ? this.change.update(z) : 0;
    score = Math.max(score, changeScore(alarmSize));
    score = Math.max(score, this.stuck.update(value, !mature) ? STUCK_SCORE : 0);
    // Branch-free like the rest of this path: NaN (no median yet) compares false, so it scores 0.
    score *= Number(!highSideOnly || value > median);
    score = this.events.apply(score);

    this.learn(timestampMs, value, floor);
    return score;
  }

  /** The median of the recent window: what update() measures the next point against. */
  level(): number {
    return this.window.quantile(0.5);
  }

  /**
   * A gross outlier stands out on its own: at least grossDeviation times the series'
   * learned tail deviation away from the window median, and a move of at least grossJump
   * times the median's magnitude (so a small-but-tidy series' ordinary wiggles never
   * qualify). It needs a spread the window actually shows: against a flat or noiseless
   * window any change would be "gross", yet steps on such a series are its pattern.
   */
  private isGross(value: number, median: number, iqrSpread: number, floor: number, deviation: number): boolean {
    const s = this.settings;
    if (s.grossDeviation <= 0 || iqrSpread < floor) return false;
    if (deviation < s.grossDeviation * this.tail.bar()) return false;
    return Math.abs(value - median) >= s.grossJump * Math.abs(median);
  }

  private warmupScore(value: number): number {
    const w = this.window;
    const points = Math.min(TREND_POINTS, w.length);
    const history = this.trendHistory;
    for (let i = 0; i < points; i++) history[i] = w.at(w.length - points + i);
    const fit = this.trendFit;
    theilSenNext(history, points, this.trendScratch, fit);
    const level = Math.max(Math.abs(fit.prediction), Math.abs(w.quantile(0.5)));
    const spread = Math.max(fit.residualScale, WARMUP_LEVEL_FLOOR * level, ABSOLUTE_FLOOR);
    return squash(Math.abs(value - fit.prediction) / spread, this.settings.deviationHalfPoint * WARMUP_HALF_POINT_FACTOR);
  }

  private isNewExtreme(value: number, median: number): boolean {
    if (Number.isNaN(this.runningMax)) return false;
    // The level floor keeps float jitter on a (near-)constant series from
    // counting as a new extreme; a series stuck at exactly 0 has no floor, so
    // its first non-zero value does count.
    const tolerance = Math.max(
      (this.runningMax - this.runningMin) * this.settings.spatialTolerance,
      LEVEL_FLOOR * Math.abs(median),
      ABSOLUTE_FLOOR,
    );
    return value > this.runningMax + tolerance || value < this.runningMin - tolerance;
  }

  private learn(timestampMs: number, value: number, floor: number): void {
    this.count++;
    this.seasonal.learn(timestampMs, value, floor);
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

  /** JSON.stringify(detector) saves the state; see restoreDetector. */
  toJSON(): DetectorState {
    return this.toState();
  }

  toState(): DetectorState {
    return {
      version: STATE_VERSION,
      settings: { ...this.settings },
      count: this.count,
      window: this.window.toArray(),
      runningMin: Number.isNaN(this.runningMin) ? null : this.runningMin,
      runningMax: Number.isNaN(this.runningMax) ? null : this.runningMax,
      logTail: this.tail.logTail,
      tail: this.tail.tail,
      tailCount: this.tail.count,
      likelihood: this.likelihood.toState(),
      seasonal: this.seasonal.toState(),
      change: this.change.toState(),
      stuck: this.stuck.toState(),
      event: this.events.toState(),
    };
  }
}

/** A change alarm scores by the strength of its evidence per point (see ChangePoint.update); no alarm (0) scores 0. */
function changeScore(size: number): number {
  return squash(size, CHANGE_HALF_POINT);
}
