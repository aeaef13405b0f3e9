import { classifyDrift, type ClassifyThresholds, type DriftCause, type ReconcileEvidence } from "./classify-drift";

export { DRIFT_CAUSES, classifyDrift } from "./classify-drift";
export type { ClassifyThresholds, DriftCause, DriftClassification, ReconcileEvidence } from "./classify-drift";
export { MAX_PLAUSIBLE_DROP, rejectImplausiblePoll } from "./plausibility";

export type ReconcileInput = {
  /** The provider's total for [from, to]. */
  truth: number;
  /** Our event-derived figure for the same range. */
  derived: number;
  from: number;
  to: number;
  evidence: ReconcileEvidence;
};

export type ReconcileOptions = ClassifyThresholds & {
  toleranceAbsolute: number;
  toleranceRelative: number;
};

export const RECONCILE_DEFAULTS: ReconcileOptions = {
  toleranceAbsolute: 0.01,
  toleranceRelative: 0.01,
  gapThresholdMs: 30_000,
  maxClockSkewMs: 60_000,
};

/** drift = truth − derived: positive when our events under-count. */
export type Reconciliation =
  | { kind: "agreement"; drift: number; from: number; to: number }
  | {
      kind: "correction";
      drift: number;
      corrected_to: number;
      /** False for provider lag: the truth is behind, and moving the live figure back would be undone next time. */
      apply: boolean;
      cause: DriftCause;
      explanation: string;
      evidence: ReconcileEvidence;
      from: number;
      to: number;
    };

/** Drift at or under max(absolute, relative × |truth|) is rounding and timing, not a discrepancy. */
export function toleranceFor(truth: number, options: ReconcileOptions): number {
  return Math.max(options.toleranceAbsolute, options.toleranceRelative * Math.abs(truth));
}

/** Compares the provider's truth with the event-derived figure over one range. */
export function reconcile(input: ReconcileInput, overrides: Partial<ReconcileOptions> = {}): Reconciliation {
  const options = { ...RECONCILE_DEFAULTS, ...overrides };
  const drift = input.truth - input.derived;
  const range = { from: input.from, to: input.to };
  if (Math.abs(drift) <= toleranceFor(input.truth, options)) return { kind: "agreement", drift, ...range };
  const { cause, explanation } = classifyDrift(drift, input.evidence, options);
  return {
    kind: "correction",
    drift,
    corrected_to: input.truth,
    apply: cause !== "provider_lag",
    cause,
    explanation,
    evidence: input.evidence,
    ...range,
  };
}
