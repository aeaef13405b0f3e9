import type { SourceModeConfig } from "./config";
import type { SourceModeState } from "./state";
import { formatSeconds, moveTo, stay, type SourceModeStep } from "./transition";

export { pollFailed, pollSucceeded } from "./poll-outcome";
export type { ModeTransition, SourceModeStep } from "./transition";

/** Silence in event mode counts from the last event, or from entering the mode if later. */
function silenceStart(state: SourceModeState): number {
  return state.lastEventAt === null ? state.modeSince : Math.max(state.lastEventAt, state.modeSince);
}

function silenceDeadline(state: SourceModeState, config: SourceModeConfig): number {
  return silenceStart(state) + config.eventTimeoutMs;
}

/**
 * Outside event mode, events count toward recovery only while each arrives strictly within
 * the event timeout of the previous one — a gap that would have tripped the silence timer
 * breaks the run. One stray event therefore starts a run of 1 and never flips the mode.
 *
 * The exception is a source without a poller (idle, or left degraded by an older rule): the
 * hysteresis guards against flapping between events and polls, and with no poll to hand
 * back from, the first event is the source speaking again.
 */
export function eventArrived(state: SourceModeState, config: SourceModeConfig, now: number): SourceModeStep {
  if (state.mode === "event") return stay({ ...state, lastEventAt: now });
  if (state.mode === "idle" || !config.hasPoller) {
    const quiet = state.lastEventAt === null ? "first event" : `event after ${formatSeconds(now - state.lastEventAt)} of quiet`;
    const calm = { ...state, lastEventAt: now, nextPollAt: null, circuit: "closed" as const, consecutiveFailures: 0 };
    return moveTo(calm, "event", `${quiet}; no poll to hand back from`, now);
  }
  const steady = state.lastEventAt !== null && now - state.lastEventAt < config.eventTimeoutMs;
  const steadyRun = steady ? state.steadyRun + 1 : 1;
  const counted = { ...state, lastEventAt: now, steadyRun };
  if (steadyRun < config.steadyEventsToRecover) return stay(counted);
  // An open circuit keeps its probe schedule; a closed one stops regular polling.
  const nextPollAt = state.circuit === "closed" ? null : state.nextPollAt;
  const reason = `${steadyRun} events in a row, each within ${formatSeconds(config.eventTimeoutMs)} of the last`;
  return moveTo({ ...counted, nextPollAt }, "event", reason, now);
}

/** Idle: nothing polls and nothing is wrong; the circuit no longer describes a provider we call. */
function goIdle(state: SourceModeState, reason: string, now: number): SourceModeStep {
  return moveTo({ ...state, nextPollAt: null, circuit: "closed", consecutiveFailures: 0 }, "idle", reason, now);
}

/** The poller was added to an idle source, or removed from a polling or degraded one (a config change). */
function pollerChanged(state: SourceModeState, config: SourceModeConfig): boolean {
  if (state.mode === "idle") return config.hasPoller;
  return state.mode !== "event" && !config.hasPoller;
}

/**
 * A source with no poller that is neither in event mode nor idle (its poller was removed, or it
 * was left degraded by a rule from before idle existed) has nothing polling and nothing known to
 * be wrong: idle now, rather than at its next tick or event, so it is never shown stale meanwhile.
 */
export function settleWithoutPoller(state: SourceModeState, config: SourceModeConfig, now: number): SourceModeStep {
  if (config.hasPoller || !pollerChanged(state, config)) return stay(state);
  return goIdle(state, "no poller configured", now);
}

/**
 * Leaves event mode after silence. With a poller: polling, first poll due now — unless the
 * circuit is already open, in which case polling would only hit a provider known to be
 * failing, so the source is degraded and waits for its probe. Without a poller there is
 * nothing to fall back on and nothing known to be wrong: senders such as budget notifications
 * are quiet for hours, so the source is idle, its figure still the latest there is.
 */
function leaveEventMode(state: SourceModeState, config: SourceModeConfig, now: number): SourceModeStep {
  const silence = `no event for ${formatSeconds(now - silenceStart(state))}`;
  if (!config.hasPoller) {
    return goIdle(state, `${silence} and no poller configured`, now);
  }
  if (state.circuit !== "closed") return moveTo(state, "degraded", `${silence} and the poll circuit is open`, now);
  // A retry still backing off from an earlier failure keeps its time; otherwise poll now.
  const nextPollAt = state.nextPollAt === null ? now : Math.max(now, state.nextPollAt);
  return moveTo({ ...state, nextPollAt }, "polling", silence, now);
}

/** Applies the timers due at `now`. Idempotent: a second tick at the same time changes nothing. */
export function tick(state: SourceModeState, config: SourceModeConfig, now: number): SourceModeStep {
  let next = state;
  if (next.circuit === "open" && next.nextPollAt !== null && now >= next.nextPollAt) {
    next = { ...next, circuit: "half_open" };
  }
  if (next.mode === "event" && now >= silenceDeadline(next, config)) return leaveEventMode(next, config, now);
  if (pollerChanged(next, config)) {
    if (config.hasPoller) return moveTo({ ...next, nextPollAt: now }, "polling", "poller configured", now);
    return goIdle(next, "poller removed", now);
  }
  return stay(next);
}

/** The earliest time the machine needs a tick (and, if `pollDue` then, a poll); null when nothing is pending. */
export function nextDueAt(state: SourceModeState, config: SourceModeConfig): number | null {
  const due = state.mode === "event" ? [silenceDeadline(state, config)] : [];
  if (state.nextPollAt !== null) due.push(state.nextPollAt);
  if (pollerChanged(state, config)) due.push(state.modeSince);
  return due.length ? Math.min(...due) : null;
}

/** Whether the caller should poll now (a regular poll, a retry, or the half-open probe). */
export function pollDue(state: SourceModeState, now: number): boolean {
  return state.nextPollAt !== null && now >= state.nextPollAt && state.circuit !== "open";
}

/** Since when the source's last good figure must be shown as stale; null while it is fresh. */
export function staleSince(state: SourceModeState): number | null {
  return state.mode === "degraded" ? state.modeSince : null;
}
