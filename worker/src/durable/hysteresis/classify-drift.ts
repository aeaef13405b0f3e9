import { formatSeconds } from "./transition";

export const DRIFT_CAUSES = ["missed_events", "duplicate_or_overcount", "provider_lag", "clock_skew", "unknown"] as const;
export type DriftCause = (typeof DRIFT_CAUSES)[number];

/** Facts about the compared range, gathered by the caller from its event log and the provider's answer. */
export type ReconcileEvidence = {
  /** Events counted in the range. */
  eventCount: number;
  /** Deliveries dropped in the range because their id had been seen before. */
  duplicateIds: number;
  /** Longest stretch of the range with no event (edges included); null if unknown. */
  longestGapMs: number | null;
  /** Newest event timestamp counted in the range. */
  latestEventAt: number | null;
  /** Where the provider says its data ends (from its reported lag or last data time). */
  providerDataUntil: number | null;
  /**
   * Largest amount a recent event was stamped AHEAD of its arrival (0 if none was). Only this
   * is clock skew: nothing can be delivered before it happens, so a future stamp means the
   * sender's clock runs fast. A stamp behind arrival is a late delivery (a webhook retry, a
   * queue, a batch), which is normal and says nothing about clocks.
   */
  maxClockSkewMs: number;
  /** Largest amount a recent event arrived after its stamp: reported, never blamed. */
  maxDeliveryDelayMs: number;
};

export type ClassifyThresholds = {
  /** A gap at least this long means the stream went silent (the source's event timeout). */
  gapThresholdMs: number;
  /** A future stamp beyond this puts events in the wrong range. */
  maxClockSkewMs: number;
};

export type DriftClassification = { cause: DriftCause; explanation: string };

/** Amounts in sentences: six significant digits hide float noise such as 2.4999999999. */
function amount(n: number): string {
  return String(Number(Math.abs(n).toPrecision(6)));
}

/**
 * Names the most likely cause of a drift (truth − derived, beyond tolerance). The rules
 * are checked in order and the first that matches wins; each says why it is trusted.
 */
export function classifyDrift(drift: number, e: ReconcileEvidence, t: ClassifyThresholds): DriftClassification {
  const side = `provider is ${amount(drift)} ${drift > 0 ? "above" : "below"} our events`;
  // First: the figure over [from, to] groups events by their own stamps; stamps ahead of
  // arrival put events in the wrong range on our side only, so the drift's direction says
  // nothing and the rules below would guess. Late deliveries are not skew: they carry the
  // time the cost happened, which is the right range, and a retry is exactly how a silence
  // that swallowed events looks from here.
  if (e.maxClockSkewMs > t.maxClockSkewMs) {
    const skew = `event stamps were up to ${formatSeconds(e.maxClockSkewMs)} ahead of their arrival`;
    return { cause: "clock_skew", explanation: `${side}; ${skew} (limit ${formatSeconds(t.maxClockSkewMs)})` };
  }
  if (drift < 0) {
    // The provider's data stops before events we already counted: it has not ingested them
    // yet, and the shortfall closes on its own.
    if (e.providerDataUntil !== null && e.latestEventAt !== null && e.providerDataUntil < e.latestEventAt) {
      const lag = formatSeconds(e.latestEventAt - e.providerDataUntil);
      return { cause: "provider_lag", explanation: `${side}; provider data ends ${lag} before our latest event` };
    }
    // We count more than a provider that is up to date: a resend under a new id, or
    // events it does not bill. Caught duplicates are the evidence that resends happen.
    const duplicates = `${e.duplicateIds} duplicate ids were dropped in the range`;
    return { cause: "duplicate_or_overcount", explanation: `${side}; ${duplicates}` };
  }
  // The provider has more than we received, and our stream went silent long enough to trip
  // the event timeout: the missing amount is what the silence swallowed.
  const silent = e.eventCount === 0 || (e.longestGapMs !== null && e.longestGapMs >= t.gapThresholdMs);
  if (silent) {
    const gap = e.eventCount === 0 ? "no events arrived in the range" : `events stopped for ${formatSeconds(e.longestGapMs ?? 0)}`;
    return { cause: "missed_events", explanation: `${side}; ${gap} (timeout ${formatSeconds(t.gapThresholdMs)})` };
  }
  // More on the provider's side while our stream stayed continuous: nothing here explains
  // it, and a guess would mislead whoever reads the RCA log.
  return { cause: "unknown", explanation: `${side}; events were continuous and clocks agreed` };
}
