import { backoffDelayMs } from "./backoff";
import type { SourceModeConfig } from "./config";
import type { SourceModeState } from "./state";
import { moveTo, stay, type SourceModeStep } from "./transition";

/**
 * A poll of this source worked. Any poll counts, the scheduled ones and those made for
 * reconciliation alike: the circuit describes the provider, whatever the call was for.
 */
export function pollSucceeded(state: SourceModeState, config: SourceModeConfig, now: number): SourceModeStep {
  const wasProbe = state.circuit !== "closed";
  const healthy: SourceModeState = {
    ...state,
    lastPollAt: now,
    lastGoodPollAt: now,
    consecutiveFailures: 0,
    lastFailureReason: null,
    circuit: "closed",
  };
  // Event mode gets its figures from events; polls there only serve reconciliation.
  if (state.mode === "event") return stay({ ...healthy, nextPollAt: null });
  const scheduled = { ...healthy, nextPollAt: now + config.pollIntervalMs };
  if (state.mode === "polling") return stay(scheduled);
  return moveTo(scheduled, "polling", wasProbe ? "probe succeeded" : "poll succeeded", now);
}

/**
 * A poll failed (error, timeout, or a result rejected as implausible). Retries back off;
 * after failuresToOpen in a row the circuit opens and a polling source becomes degraded.
 * While open, each probe failure lengthens the wait before the next probe.
 */
export function pollFailed(state: SourceModeState, config: SourceModeConfig, now: number, reason: string): SourceModeStep {
  const failures = state.consecutiveFailures + 1;
  const opens = failures >= config.failuresToOpen;
  const next: SourceModeState = {
    ...state,
    lastPollAt: now,
    consecutiveFailures: failures,
    lastFailureReason: reason,
    circuit: opens ? "open" : "closed",
    nextPollAt: now + backoffDelayMs(failures, config),
  };
  if (opens && state.mode === "polling") {
    return moveTo(next, "degraded", `${failures} consecutive poll failures: ${reason}`, now);
  }
  // Event mode keeps its mode (events still flow; only reconciliation is affected), and a
  // degraded source is already degraded.
  return stay(next);
}
