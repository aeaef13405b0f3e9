import { DAY_MS, HOUR_MS, MINUTE_MS } from "../../lib/time";

/**
 * Raw rows whose event time is older than this are folded into rollups. It is longer than
 * anything a figure reads at raw resolution: history re-rolls back-fill up to 7 days back
 * (history/mark-dirty.ts) and a burn rate looks up to 24 h further (it reads spend only at
 * minute ends, which folding keeps, so even that reads the same); every other window is
 * shorter. One constant for every hackathon: documented in docs/operations.md.
 */
export const RETENTION_MS = 8 * DAY_MS;
/** Compaction runs at most this often while events keep arriving, so it works in batches. */
export const RETENTION_EVERY_MS = HOUR_MS;
/** A run that hit its bounds goes on after this pause, leaving the object free in between. */
export const RETENTION_CONTINUE_MS = 1_000;
/** Work per alarm run: payloads stripped, and minutes folded per ledger. */
export const RETENTION_BATCH = { bodies: 2_000, minutes: 200 };
export type RetentionBatch = typeof RETENTION_BATCH;

/** Rows before this instant (a minute boundary, so a minute is folded whole) may be compacted. */
export function retentionHorizon(now: number): number {
  return Math.floor((now - RETENTION_MS) / MINUTE_MS) * MINUTE_MS;
}

/** The first run at which a row at `ts` is past the horizon. */
export function compactableAt(ts: number): number {
  return Math.floor(ts / MINUTE_MS) * MINUTE_MS + MINUTE_MS + RETENTION_MS;
}
