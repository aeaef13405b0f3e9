import { MINUTE_MS } from "../../lib/time";

/**
 * A trailing window ending at `now`, never reaching back before the hackathon
 * started and never shorter than a minute (so rates do not explode at the start).
 */
export function trailingWindowMs(now: number, startsAt: number, maxMs: number): number {
  return Math.max(MINUTE_MS, Math.min(maxMs, now - startsAt));
}
