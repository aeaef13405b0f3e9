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
    const end = (this.start + this.count) % this.capacity;
    if (this.count < this.capacity) {
      this.values[end] = value;
      this.count++;
      return Number.NaN;
    }
    const evicted = this.values[this.start] as number;
    this.values[this.start] = value;
    this.start = (this.start + 1) % this.capacity;
    return evicted;
  }

  /** 0 is the oldest value, length-1 the newest. */
  at(index: number): number {
    return this.values[(this.start + index) % this.capacity] as number;
  }

  sum(): number {
    // Recomputed rather than kept incrementally so a restored buffer yields
    // bit-identical sums (a running sum would carry its rounding history).
    let total = 0;
    for (let i = 0; i < this.count; i++) total += this.at(i);
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
    let size = n;
    if (!Number.isNaN(evicted)) {
      const at = lowerBound(this.sorted, size, evicted);
      this.sorted.copyWithin(at, at + 1, size);
      size--;
    }
    const at = lowerBound(this.sorted, size, value);
    this.sorted.copyWithin(at + 1, at, size);
    this.sorted[at] = value;
  }

  /** Linear-interpolated quantile, q in [0,1]. NaN when empty. */
  quantile(q: number): number {
    const n = this.ring.length;
    if (n === 0) return Number.NaN;
    const pos = q * (n - 1);
    const lo = Math.floor(pos);
    const frac = pos - lo;
    const a = this.sorted[lo] as number;
    return frac === 0 ? a : a + (((this.sorted[lo + 1] as number) - a) * frac);
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
