import type { ProviderTruth } from "./types";

/** Sums token usage buckets into the provider's truth: total, per-model breakdown, freshness. */
export function usageTotals() {
  let total = 0;
  let lastEnd: number | null = null;
  const breakdown: Record<string, number> = {};
  return {
    add(model: string | null | undefined, tokens: number, bucketEnd: number) {
      if (tokens === 0) return;
      const name = model ?? "unknown";
      breakdown[name] = (breakdown[name] ?? 0) + tokens;
      total += tokens;
      lastEnd = Math.max(lastEnd ?? bucketEnd, bucketEnd);
    },
    /** A day bucket ends at midnight, so its end is capped at now: data never covers the future. */
    truth(now: number): ProviderTruth {
      return { value: total, dataUntil: lastEnd === null ? null : Math.min(lastEnd, now), breakdown };
    },
  };
}
