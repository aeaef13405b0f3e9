import { count, finite, record, fail } from "./state-checks";

/**
 * Stuck values: a run of identical readings from a series that rarely repeats itself (a
 * frozen sensor, a exporter re-sending its last value). The series' own repeat rate is
 * learned, so a quantised or flat series, whose repeats are normal, needs a far longer run.
 */

// Repeat rate learned over about a thousand points.
const REPEAT_RATE = 1 / 1000;
// A run this improbable under the learned rate (rate^(run−1)) is called stuck...
const STUCK_PROBABILITY = 1e-12;
// ...but never before this many identical points, whatever the rate.
const MIN_RUN = 6;
// The repeat rate is never taken below this: a series that has never repeated still
// needs MIN_RUN-ish points, not two.
const RATE_FLOOR = 0.05;

export interface StuckState {
  last: number | null;
  run: number;
  repeatRate: number;
  seen: number;
  fired: boolean;
}

export class StuckRun {
  private last = Number.NaN;
  private run = 0;
  private repeatRate = 0;
  private seen = 0;
  private fired = false;

  /** Feeds one value; true only at the point where a run first becomes improbable. */
  update(value: number, learning: boolean): boolean {
    const repeat = value === this.last;
    this.run = repeat ? this.run + 1 : 1;
    if (!repeat) this.fired = false;
    this.last = value;
    let stuck = false;
    if (!this.fired && !learning && this.run >= MIN_RUN) {
      const p = Math.max(this.repeatRate, RATE_FLOOR);
      stuck = p < 1 && (this.run - 1) * Math.log(p) < Math.log(STUCK_PROBABILITY);
    }
    if (stuck) this.fired = true;
    // A run already called stuck is not learned as ordinary repetition.
    if (!this.fired) {
      this.seen++;
      this.repeatRate += Math.max(1 / this.seen, REPEAT_RATE) * ((repeat ? 1 : 0) - this.repeatRate);
    }
    return stuck;
  }

  toState(): StuckState {
    return {
      last: Number.isNaN(this.last) ? null : this.last,
      run: this.run,
      repeatRate: this.repeatRate,
      seen: this.seen,
      fired: this.fired,
    };
  }

  restore(state: StuckState): void {
    this.last = state.last ?? Number.NaN;
    this.run = state.run;
    this.repeatRate = state.repeatRate;
    this.seen = state.seen;
    this.fired = state.fired;
  }
}

export function parseStuckState(raw: unknown): StuckState {
  const s = record(raw, "stuck");
  const repeatRate = finite(s.repeatRate, "stuck.repeatRate");
  if (repeatRate < 0 || repeatRate > 1) fail("stuck.repeatRate outside [0,1]");
  if (typeof s.fired !== "boolean") fail("stuck.fired must be a boolean");
  return {
    last: s.last === null ? null : finite(s.last, "stuck.last"),
    run: count(s.run, "stuck.run"),
    repeatRate,
    seen: count(s.seen, "stuck.seen"),
    fired: s.fired,
  };
}
