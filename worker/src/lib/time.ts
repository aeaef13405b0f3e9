export const MINUTE_MS = 60_000;
export const HOUR_MS = 3_600_000;
export const DAY_MS = 86_400_000;

export function toIso(ms: number): string {
  return new Date(ms).toISOString();
}

export function toIsoOrNull(ms: number | null | undefined): string | null {
  return ms === null || ms === undefined ? null : toIso(ms);
}

/** Start of the minute containing `ms`, in epoch seconds (the history key). */
export function minuteOf(ms: number): number {
  return Math.floor(ms / MINUTE_MS) * 60;
}

/** A `?from=&to=` range as `[from, to]` epoch ms for `BETWEEN`: a missing end is open. */
export function rangeMs(range: { from?: string; to?: string }): [number, number] {
  return [range.from ? Date.parse(range.from) : Number.MIN_SAFE_INTEGER, range.to ? Date.parse(range.to) : Number.MAX_SAFE_INTEGER];
}
