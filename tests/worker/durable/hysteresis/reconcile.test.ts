import { describe, expect, it } from "vitest";
import {
  reconcile,
  rejectImplausiblePoll,
  toleranceFor,
  RECONCILE_DEFAULTS,
  type ReconcileEvidence,
  type ReconcileInput,
} from "../../../../worker/src/durable/hysteresis/reconcile";
import { SECOND, T0 } from "./driver";

const FROM = T0;
const TO = T0 + 3600 * SECOND;

/** A healthy hour: steady events, no duplicates, provider current, clocks in agreement. */
const healthy: ReconcileEvidence = {
  eventCount: 120,
  duplicateIds: 0,
  longestGapMs: 12 * SECOND,
  latestEventAt: TO - 5 * SECOND,
  providerDataUntil: TO,
  maxClockSkewMs: 2 * SECOND,
  maxDeliveryDelayMs: 3 * SECOND,
};

function input(truth: number, derived: number, evidence: Partial<ReconcileEvidence> = {}): ReconcileInput {
  return { truth, derived, from: FROM, to: TO, evidence: { ...healthy, ...evidence } };
}

describe("tolerance", () => {
  it("is the larger of 0.01 and 1% of the truth", () => {
    expect([0.5, 250, -300].map((truth) => toleranceFor(truth, RECONCILE_DEFAULTS))).toEqual([0.01, 2.5, 3]);
  });

  it("records agreement, with its drift, when the difference is within 1% of the truth", () => {
    expect(reconcile(input(100, 99.5))).toEqual({ kind: "agreement", drift: 0.5, from: FROM, to: TO });
    expect(reconcile(input(100, 101))).toEqual({ kind: "agreement", drift: -1, from: FROM, to: TO });
    expect(reconcile(input(100, 98.75)).kind).toBe("correction");
  });

  it("uses the absolute floor for small totals", () => {
    expect(reconcile(input(0.5, 0.4921875)).kind).toBe("agreement");
    expect(reconcile(input(0.5, 0.484375)).kind).toBe("correction");
  });
});

describe("cause classification", () => {
  it("blames missed events when the provider has more and the stream went silent for a timeout or longer", () => {
    expect(reconcile(input(112.5, 100, { longestGapMs: 95 * SECOND }))).toEqual({
      kind: "correction",
      drift: 12.5,
      corrected_to: 112.5,
      apply: true,
      cause: "missed_events",
      explanation: "provider is 12.5 above our events; events stopped for 95 s (timeout 30 s)",
      evidence: { ...healthy, longestGapMs: 95 * SECOND },
      from: FROM,
      to: TO,
    });
  });

  it("blames missed events when no event arrived in the range at all", () => {
    const result = reconcile(input(4, 0, { eventCount: 0, longestGapMs: null, latestEventAt: null }));
    expect(result).toMatchObject({ cause: "missed_events", corrected_to: 4, drift: 4 });
    expect(result.kind === "correction" && result.explanation).toBe(
      "provider is 4 above our events; no events arrived in the range (timeout 30 s)",
    );
  });

  it("measures gaps against the source's own timeout", () => {
    const gap = { longestGapMs: 40 * SECOND };
    expect(reconcile(input(112.5, 100, gap))).toMatchObject({ cause: "missed_events" });
    expect(reconcile(input(112.5, 100, gap), { gapThresholdMs: 60 * SECOND })).toMatchObject({ cause: "unknown" });
  });

  it("says unknown when the provider has more but the stream was continuous and nothing else is off", () => {
    const result = reconcile(input(112.5, 100));
    expect(result).toMatchObject({ kind: "correction", cause: "unknown", apply: true });
    expect(result.kind === "correction" && result.explanation).toBe(
      "provider is 12.5 above our events; events were continuous and clocks agreed",
    );
  });

  it("blames duplicates or over-counting when the provider, up to date, has less", () => {
    const result = reconcile(input(90, 100, { duplicateIds: 3 }));
    expect(result).toMatchObject({
      kind: "correction",
      cause: "duplicate_or_overcount",
      drift: -10,
      corrected_to: 90,
      apply: true,
    });
    expect(result.kind === "correction" && result.explanation).toBe(
      "provider is 10 below our events; 3 duplicate ids were dropped in the range",
    );
  });

  it("blames provider lag, without applying it, when the provider's data ends before our latest event", () => {
    const result = reconcile(input(90, 100, { providerDataUntil: TO - 600 * SECOND }));
    expect(result).toMatchObject({ kind: "correction", cause: "provider_lag", drift: -10, corrected_to: 90, apply: false });
    expect(result.kind === "correction" && result.explanation).toBe(
      "provider is 10 below our events; provider data ends 595 s before our latest event",
    );
  });

  it("does not blame provider lag when the provider's data reaches our latest event", () => {
    const current = reconcile(input(90, 100, { providerDataUntil: TO - 5 * SECOND }));
    expect(current).toMatchObject({ cause: "duplicate_or_overcount" });
  });

  it("blames clock skew first, in either direction of drift, when event stamps are far ahead of their arrival", () => {
    const skewed = { maxClockSkewMs: 300 * SECOND, longestGapMs: 95 * SECOND, providerDataUntil: TO - 600 * SECOND };
    const over = reconcile(input(112.5, 100, skewed));
    expect(over).toMatchObject({ cause: "clock_skew", apply: true });
    expect(over.kind === "correction" && over.explanation).toBe(
      "provider is 12.5 above our events; event stamps were up to 300 s ahead of their arrival (limit 60 s)",
    );
    expect(reconcile(input(90, 100, skewed))).toMatchObject({ cause: "clock_skew" });
    expect(reconcile(input(112.5, 100, { maxClockSkewMs: 60 * SECOND }))).toMatchObject({ cause: "unknown" });
  });

  it("does not call a late delivery clock skew: a retried webhook then silence is missed events", () => {
    const late = { maxDeliveryDelayMs: 300 * SECOND, longestGapMs: 95 * SECOND };
    expect(reconcile(input(112.5, 100, late))).toMatchObject({ cause: "missed_events" });
  });

  it("keeps float noise out of the sentence", () => {
    const result = reconcile(input(12.7, 0.1 + 0.2, { longestGapMs: 31 * SECOND }));
    expect(result.drift).toBe(12.399999999999999);
    expect(result.kind === "correction" && result.explanation).toBe(
      "provider is 12.4 above our events; events stopped for 31 s (timeout 30 s)",
    );
  });
});

describe("rejectImplausiblePoll", () => {
  it("accepts the first total and any growth", () => {
    expect(rejectImplausiblePoll(null, 0)).toBeNull();
    expect(rejectImplausiblePoll(null, 12.5)).toBeNull();
    expect(rejectImplausiblePoll(12.5, 400)).toBeNull();
  });

  it("refuses negative and non-finite totals", () => {
    expect(rejectImplausiblePoll(null, -3)).toBe("negative total -3");
    expect(rejectImplausiblePoll(10, Number.NaN)).toBe("total NaN is not a finite number");
    expect(rejectImplausiblePoll(10, Number.POSITIVE_INFINITY)).toBe("total Infinity is not a finite number");
  });

  it("accepts a small drop (credits, closed issues) but refuses a total more than half below the last accepted one", () => {
    expect(rejectImplausiblePoll(100, 97)).toBeNull();
    expect(rejectImplausiblePoll(100, 50)).toBeNull();
    expect(rejectImplausiblePoll(100, 49.5)).toBe("total 49.5 is 51% below the last accepted total 100");
    expect(rejectImplausiblePoll(100, 0)).toBe("total 0 is 100% below the last accepted total 100");
  });

  it("has nothing to compare against after a zero total", () => {
    expect(rejectImplausiblePoll(0, 0)).toBeNull();
  });

  it("takes a stricter limit when asked", () => {
    expect(rejectImplausiblePoll(100, 85, 0.1)).toBe("total 85 is 15% below the last accepted total 100");
  });
});
