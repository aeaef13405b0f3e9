/**
 * The series' own tail deviation (its 98th percentile, in robust spreads), the bar a
 * gross outlier must clear many times over. Learned by a stochastic-approximation
 * quantile on the log scale: its rate is 1/n early on, so it is usable by the end of
 * warm-up, and TAIL_RATE later, following a slow change of the noise's shape within a
 * few hundred points.
 */

const TAIL_QUANTILE = 0.98;
const TAIL_RATE = 0.02;
// Never treat the tail as narrower than one spread, so a very tidy series still needs a
// deviation of at least grossDeviation spreads.
const TAIL_FLOOR = 1;
// Deviations beyond this many tails are far outliers; if they recur (incidents, spikes)
// and were learned, the detector would soon call them normal.
const TAIL_EXCLUDE = 3;

export class TailQuantile {
  // The fields get numeric initialisers (not constructor parameter properties, which are
  // declared undefined first): V8 then keeps them as doubles updated in place, rather than
  // as generic fields that allocate a new heap number on every store.
  logTail = 0;
  count = 0;
  // exp(logTail), kept beside it and stepped by the same factors, so a point costs no
  // exp once the rate has settled; saved with the state so a restore is exact.
  tail = 1;

  constructor(logTail = 0, count = 0, tail?: number) {
    this.logTail = logTail;
    this.count = count;
    this.tail = tail ?? Math.exp(logTail);
  }

  /** The learned tail, floored: deviations are judged in multiples of this. */
  bar(): number {
    return Math.max(this.tail, TAIL_FLOOR);
  }

  learn(deviation: number): void {
    const tail = this.tail;
    if (deviation > TAIL_EXCLUDE * Math.max(tail, TAIL_FLOOR)) return;
    this.count++;
    const up = deviation > tail;
    if (this.count * TAIL_RATE >= 1) {
      this.logTail += up ? SETTLED_UP : SETTLED_DOWN;
      this.tail *= up ? SETTLED_UP_FACTOR : SETTLED_DOWN_FACTOR;
      return;
    }
    this.logTail += (up ? TAIL_QUANTILE : TAIL_QUANTILE - 1) / this.count;
    this.tail = Math.exp(this.logTail);
  }
}

// The settled steps (rate TAIL_RATE) on the log scale and as factors.
const SETTLED_UP = TAIL_RATE * TAIL_QUANTILE;
const SETTLED_DOWN = TAIL_RATE * (TAIL_QUANTILE - 1);
const SETTLED_UP_FACTOR = Math.exp(SETTLED_UP);
const SETTLED_DOWN_FACTOR = Math.exp(SETTLED_DOWN);
