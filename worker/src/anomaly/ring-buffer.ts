/**
 * Fixed-capacity FIFO of numbers. Capacity is fixed at construction so a
 * series that runs for months still costs the same memory as one that ran
 * for an hour.
 */
export class RingBuffer {
  private readonly values: Float64Array;
  private start = 0;
  private count = 0;

  constructor(readonly capacity: number) {
    this.values = new Float64Array(capacity);
  }

  get length(): number {
    return this.count;
  }

  /** Appends `value`; returns the value pushed out, or NaN if nothing was evicted. */
  push(value: number): number {
    // Wrapped by a compare rather than `%` (an integer division per push).
    const capacity = this.capacity;
    const start = this.start;
    if (this.count < capacity) {
      const end = start + this.count;
      this.values[end >= capacity ? end - capacity : end] = value;
      this.count++;
      return Number.NaN;
    }
    const evicted = this.values[start] as number;
    this.values[start] = value;
    this.start = start + 1 === capacity ? 0 : start + 1;
    return evicted;
  }

  /** 0 is the oldest value, length-1 the newest. */
  at(index: number): number {
    const i = this.start + index;
    return this.values[i >= this.capacity ? i - this.capacity : i] as number;
  }

  sum(): number {
    // Recomputed rather than kept incrementally so a restored buffer yields
    // bit-identical sums (a running sum would carry its rounding history).
    // Oldest first, in two straight runs (no modulo per value).
    const values = this.values;
    const end = this.start + this.count;
    let total = 0;
    for (let i = this.start; i < Math.min(end, this.capacity); i++) total += values[i] as number;
    for (let i = 0; i < end - this.capacity; i++) total += values[i] as number;
    return total;
  }

  /** Oldest-first copy, the serialised form. */
  toArray(): number[] {
    const out = new Array<number>(this.count);
    for (let i = 0; i < this.count; i++) out[i] = this.at(i);
    return out;
  }
}

/**
 * A ring buffer that also keeps its contents sorted, so window quantiles are
 * O(1) to read and O(capacity) (a memmove) to maintain — far cheaper than
 * sorting the window on every point.
 */
export class SortedWindow {
  private readonly ring: RingBuffer;
  private readonly sorted: Float64Array;

  constructor(readonly capacity: number) {
    this.ring = new RingBuffer(capacity);
    this.sorted = new Float64Array(capacity);
  }

  get length(): number {
    return this.ring.length;
  }

  push(value: number): void {
    const n = this.ring.length;
    const evicted = this.ring.push(value);
    const sorted = this.sorted;
    if (Number.isNaN(evicted)) {
      const at = lowerBound(sorted, n, value);
      sorted.copyWithin(at + 1, at, n);
      sorted[at] = value;
      return;
    }
    // Full window: the new value takes the evicted value's slot and walks to its place,
    // shifting only the values between the two (one search, no second pass).
    let at = lowerBound(sorted, n, evicted);
    if (value > evicted) {
      while (at + 1 < n && (sorted[at + 1] as number) < value) {
        sorted[at] = sorted[at + 1] as number;
        at++;
      }
    } else {
      while (at > 0 && (sorted[at - 1] as number) > value) {
        sorted[at] = sorted[at - 1] as number;
        at--;
      }
    }
    sorted[at] = value;
  }

  /** The quartiles quantile(0.25), quantile(0.5), quantile(0.75) as last computed by quartiles(). */
  lowerQuartile = Number.NaN;
  median = Number.NaN;
  upperQuartile = Number.NaN;

  /**
   * Computes the three quartiles into lowerQuartile/median/upperQuartile (each exactly as
   * quantile() would): one call per point, and no number returned (a returned or passed
   * double that is not inlined costs V8 a heap allocation).
   */
  quartiles(): void {
    this.lowerQuartile = this.quantile(0.25);
    this.median = this.quantile(0.5);
    this.upperQuartile = this.quantile(0.75);
  }

  /** Linear-interpolated quantile, q in [0,1]. NaN when empty. */
  quantile(q: number): number {
    const n = this.ring.length;
    if (n === 0) return Number.NaN;
    const pos = q * (n - 1);
    const lo = Math.floor(pos);
    const frac = pos - lo;
    const a = this.sorted[lo] as number;
    return frac === 0 ? a : a + ((this.sorted[lo + 1] as number) - a) * frac;
  }

  at(index: number): number {
    return this.ring.at(index);
  }

  toArray(): number[] {
    return this.ring.toArray();
  }
}

function lowerBound(sorted: Float64Array, size: number, value: number): number {
  let lo = 0;
  let hi = size;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((sorted[mid] as number) < value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
