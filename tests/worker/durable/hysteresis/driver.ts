import type { SourceModeConfig } from "../../../../worker/src/durable/hysteresis/config";
import {
  eventArrived,
  nextDueAt,
  pollDue,
  pollFailed,
  pollSucceeded,
  tick,
  type ModeTransition,
  type SourceModeStep,
} from "../../../../worker/src/durable/hysteresis/source-mode";
import { initialSourceModeState, type SourceModeState } from "../../../../worker/src/durable/hysteresis/state";

export const T0 = Date.parse("2026-11-28T10:00:00Z");
export const SECOND = 1000;

/** 30 s timeout, 60 s polls, 3 steady events, 5 failures, 5 s..10 min backoff, jitter pinned to the middle. */
export function testConfig(overrides: Partial<SourceModeConfig> = {}): SourceModeConfig {
  return {
    eventTimeoutMs: 30 * SECOND,
    pollIntervalMs: 60 * SECOND,
    steadyEventsToRecover: 3,
    failuresToOpen: 5,
    backoffBaseMs: 5 * SECOND,
    backoffCapMs: 600 * SECOND,
    hasPoller: true,
    random: () => 0.5,
    ...overrides,
  };
}

export type PollOutcome = { ok: true } | { ok: false; reason: string };

/**
 * Plays the Durable Object's part: wakes at every nextDueAt, ticks, polls when a poll is
 * due (with the outcome the test chooses), and feeds events, recording every transition.
 */
export class Driver {
  state: SourceModeState;
  readonly transitions: ModeTransition[] = [];

  constructor(
    readonly config: SourceModeConfig,
    private readonly pollOutcome: (at: number) => PollOutcome = () => ({ ok: true }),
    start = T0,
  ) {
    this.state = initialSourceModeState(start);
  }

  /** Runs every timer due at or before `until`, in order. */
  advanceTo(until: number): void {
    for (let guard = 0; ; guard++) {
      if (guard > 100_000) throw new Error("the machine never stops being due");
      const due = nextDueAt(this.state, this.config);
      if (due === null || due > until) return;
      this.apply(tick(this.state, this.config, due));
      if (!pollDue(this.state, due)) continue;
      const outcome = this.pollOutcome(due);
      this.apply(outcome.ok ? pollSucceeded(this.state, this.config, due) : pollFailed(this.state, this.config, due, outcome.reason));
    }
  }

  event(at: number): void {
    this.advanceTo(at);
    this.apply(eventArrived(this.state, this.config, at));
  }

  private apply(step: SourceModeStep): void {
    this.state = step.state;
    this.transitions.push(...step.transitions);
  }
}
