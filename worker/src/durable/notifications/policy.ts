import { HOUR_MS } from "../../lib/time";

/** Alertmanager-like timing and retry policy for outbound notifications, in one place. */
export const NOTIFY_POLICY = {
  /** A new group (first change after a quiet spell) waits this long, so a burst goes out as one message. */
  groupWaitMs: 10_000,
  /** Further changes to a group are sent at most this often. */
  groupIntervalMs: 60_000,
  /** A still-firing alert is re-announced after this long. */
  repeatIntervalMs: 4 * HOUR_MS,
  sendTimeoutMs: 10_000,
  /** Attempts per delivery before it is marked failed. */
  maxAttempts: 5,
  /** Consecutive failed attempts after which a channel is `failing` and no longer tried. */
  failingAfter: 5,
  backoffBaseMs: 10_000,
  backoffMaxMs: 10 * 60_000,
  /** A claimed delivery whose send never finished (the object died mid-fetch) is retried after this. */
  claimLeaseMs: 60_000,
} as const;

/** Exponential backoff with up to +50% jitter after the `attempts`-th failure. */
export function retryDelayMs(attempts: number, random: () => number = Math.random): number {
  const base = Math.min(NOTIFY_POLICY.backoffMaxMs, NOTIFY_POLICY.backoffBaseMs * 2 ** Math.max(0, attempts - 1));
  return Math.round(base * (1 + 0.5 * random()));
}
