import { describe, expect, it } from "vitest";
import type { SourceModeConfig } from "../../../../worker/src/durable/hysteresis/config";
import {
  eventArrived,
  nextDueAt,
  pollDue,
  pollFailed,
  pollSucceeded,
  settleWithoutPoller,
  staleSince,
  tick,
} from "../../../../worker/src/durable/hysteresis/source-mode";
import { initialSourceModeState, type SourceModeState } from "../../../../worker/src/durable/hysteresis/state";
import { SECOND, T0, testConfig } from "./driver";

const config = testConfig();
const TIMEOUT = 30 * SECOND;

/** A source that heard its last event at T0 and went to polling at T0 + 30 s. */
function pollingSource(cfg: SourceModeConfig = config): SourceModeState {
  const heard = eventArrived(initialSourceModeState(T0), cfg, T0).state;
  return tick(heard, cfg, T0 + TIMEOUT).state;
}

/** Feeds events at the given offsets from `start`, returning the last step. */
function events(state: SourceModeState, start: number, offsets: number[], cfg: SourceModeConfig = config) {
  let step = { state, transitions: [] as ReturnType<typeof tick>["transitions"] };
  const runs: number[] = [];
  for (const offset of offsets) {
    step = eventArrived(step.state, cfg, start + offset);
    runs.push(step.state.steadyRun);
  }
  return { ...step, runs };
}

describe("silence in event mode", () => {
  it("stays in event mode until a full event timeout has passed since the last event", () => {
    const heard = eventArrived(initialSourceModeState(T0), config, T0 + 5 * SECOND).state;
    const before = tick(heard, config, T0 + 5 * SECOND + TIMEOUT - 1);
    expect(before.state.mode).toBe("event");
    expect(before.transitions).toEqual([]);

    const after = tick(heard, config, T0 + 5 * SECOND + TIMEOUT);
    expect(after.transitions).toEqual([{ from: "event", to: "polling", reason: "no event for 30 s", at: T0 + 35 * SECOND }]);
    expect(after.state).toMatchObject({ mode: "polling", modeSince: T0 + 35 * SECOND, nextPollAt: T0 + 35 * SECOND });
    expect(pollDue(after.state, T0 + 35 * SECOND)).toBe(true);
  });

  it("counts silence from the start when no event has ever arrived", () => {
    const fresh = initialSourceModeState(T0);
    expect(nextDueAt(fresh, config)).toBe(T0 + TIMEOUT);
    expect(tick(fresh, config, T0 + TIMEOUT).state.mode).toBe("polling");
  });

  it("states the silence actually observed when the tick comes late", () => {
    const step = tick(initialSourceModeState(T0), config, T0 + 47_500);
    expect(step.transitions[0]?.reason).toBe("no event for 47.5 s");
  });

  it("changes nothing when the same tick runs twice (an alarm retried by the platform)", () => {
    const once = tick(initialSourceModeState(T0), config, T0 + TIMEOUT);
    const twice = tick(once.state, config, T0 + TIMEOUT);
    expect(twice.state).toEqual(once.state);
    expect(twice.transitions).toEqual([]);
  });

  it("keeps a pending retry's backoff instead of polling at once", () => {
    const failedReconciliation = pollFailed(initialSourceModeState(T0), config, T0 + 28 * SECOND, "timeout").state;
    expect(failedReconciliation.nextPollAt).toBe(T0 + 28 * SECOND + 3750);
    const step = tick(failedReconciliation, config, T0 + TIMEOUT);
    expect(step.state.mode).toBe("polling");
    expect(step.state.nextPollAt).toBe(T0 + 28 * SECOND + 3750);
  });
});

describe("recovery to event mode", () => {
  it("does not flip on one stray event, and keeps polling on schedule", () => {
    const polling = pollingSource();
    const step = eventArrived(polling, config, T0 + 40 * SECOND);
    expect(step.transitions).toEqual([]);
    expect(step.state).toMatchObject({ mode: "polling", steadyRun: 1, lastEventAt: T0 + 40 * SECOND });
    expect(step.state.nextPollAt).toBe(polling.nextPollAt);
  });

  it("flips back exactly at the third event in a row, each within the timeout of the last", () => {
    const start = T0 + 40 * SECOND;
    const two = events(pollingSource(), start, [0, 10 * SECOND]);
    expect(two.state.mode).toBe("polling");
    const three = eventArrived(two.state, config, start + 20 * SECOND);
    expect(three.transitions).toEqual([
      { from: "polling", to: "event", reason: "3 events in a row, each within 30 s of the last", at: start + 20 * SECOND },
    ]);
    expect(three.state).toMatchObject({ mode: "event", steadyRun: 0, nextPollAt: null, modeSince: start + 20 * SECOND });
  });

  it("restarts the run when a gap reaches the timeout", () => {
    const start = T0 + 40 * SECOND;
    const run = events(pollingSource(), start, [0, 10 * SECOND, 40 * SECOND, 69 * SECOND]);
    expect(run.runs).toEqual([1, 2, 1, 2]);
    expect(run.state.mode).toBe("polling");
    expect(eventArrived(run.state, config, start + 98 * SECOND).state.mode).toBe("event");
  });

  it("honours a configured run length", () => {
    const five = testConfig({ steadyEventsToRecover: 5 });
    const run = events(
      pollingSource(five),
      T0 + 40 * SECOND,
      [0, 1, 2, 3].map((i) => i * SECOND),
      five,
    );
    expect(run.state.mode).toBe("polling");
    const fifth = eventArrived(run.state, five, T0 + 44 * SECOND);
    expect(fifth.transitions[0]?.reason).toBe("5 events in a row, each within 30 s of the last");
  });
});

describe("polling", () => {
  it("polls every poll interval and records the good poll", () => {
    const step = pollSucceeded(pollingSource(), config, T0 + 31 * SECOND);
    expect(step.transitions).toEqual([]);
    expect(step.state).toMatchObject({
      lastPollAt: T0 + 31 * SECOND,
      lastGoodPollAt: T0 + 31 * SECOND,
      nextPollAt: T0 + 91 * SECOND,
    });
    expect(nextDueAt(step.state, config)).toBe(T0 + 91 * SECOND);
    expect(pollDue(step.state, T0 + 91 * SECOND - 1)).toBe(false);
    expect(pollDue(step.state, T0 + 91 * SECOND)).toBe(true);
  });

  it("stops scheduling polls after a successful reconciliation poll in event mode", () => {
    const step = pollSucceeded(initialSourceModeState(T0), config, T0 + SECOND);
    expect(step.state.nextPollAt).toBeNull();
    expect(nextDueAt(step.state, config)).toBe(T0 + TIMEOUT);
  });
});

describe("nextDueAt", () => {
  it("is the silence deadline in event mode, moved by each event", () => {
    const heard = eventArrived(initialSourceModeState(T0), config, T0 + 12 * SECOND).state;
    expect(nextDueAt(heard, config)).toBe(T0 + 42 * SECOND);
  });

  it("is the earlier of a pending retry and the silence deadline in event mode", () => {
    const retrying = pollFailed(initialSourceModeState(T0), config, T0 + SECOND, "HTTP 502").state;
    expect(nextDueAt(retrying, config)).toBe(T0 + SECOND + 3750);
  });

  it("is the next poll while polling, whatever events arrive", () => {
    const polling = eventArrived(pollingSource(), config, T0 + 31 * SECOND).state;
    expect(nextDueAt(polling, config)).toBe(T0 + TIMEOUT);
  });
});

describe("a source with no poller", () => {
  const noPoller = testConfig({ hasPoller: false });

  it("becomes idle after the timeout: nothing scheduled, and its figures are not stale", () => {
    const step = tick(initialSourceModeState(T0), noPoller, T0 + 30 * SECOND);
    expect(step.transitions).toEqual([
      { from: "event", to: "idle", reason: "no event for 30 s and no poller configured", at: T0 + 30 * SECOND },
    ]);
    expect(nextDueAt(step.state, noPoller)).toBeNull();
    expect(staleSince(step.state)).toBeNull();
  });

  it("returns to event mode on the very next event, since there is no poll to hand back from", () => {
    let state = eventArrived(initialSourceModeState(T0), noPoller, T0 + 5 * SECOND).state;
    state = tick(state, noPoller, T0 + 35 * SECOND).state;
    const step = eventArrived(state, noPoller, T0 + 100 * SECOND);
    expect(step.transitions).toEqual([
      { from: "idle", to: "event", reason: "event after 95 s of quiet; no poll to hand back from", at: T0 + 100 * SECOND },
    ]);
    expect(nextDueAt(step.state, noPoller)).toBe(T0 + 130 * SECOND);
  });

  it("starts polling at once when a poller is configured while it is idle", () => {
    const idle = tick(initialSourceModeState(T0), noPoller, T0 + 30 * SECOND).state;
    const withPoller = testConfig();
    expect(nextDueAt(idle, withPoller)).toBe(T0 + 30 * SECOND);
    const step = tick(idle, withPoller, T0 + 40 * SECOND);
    expect(step.transitions).toEqual([{ from: "idle", to: "polling", reason: "poller configured", at: T0 + 40 * SECOND }]);
    expect(pollDue(step.state, T0 + 40 * SECOND)).toBe(true);
  });

  it("settles at once without a poller: degraded or polling turn idle, event and idle stay, a poller changes nothing", () => {
    let degraded = pollingSource();
    for (let i = 0; i < 5; i++) degraded = pollFailed(degraded, config, T0 + (31 + i) * SECOND, "HTTP 500").state;
    const step = settleWithoutPoller(degraded, noPoller, T0 + 40 * SECOND);
    expect(step.transitions).toEqual([{ from: "degraded", to: "idle", reason: "no poller configured", at: T0 + 40 * SECOND }]);
    expect(step.state).toMatchObject({ circuit: "closed", consecutiveFailures: 0, nextPollAt: null });
    expect(settleWithoutPoller(pollingSource(), noPoller, T0 + 40 * SECOND).state.mode).toBe("idle");
    expect(settleWithoutPoller(degraded, config, T0 + 40 * SECOND).transitions).toEqual([]);
    expect(settleWithoutPoller(initialSourceModeState(T0), noPoller, T0 + 40 * SECOND).transitions).toEqual([]);
    expect(settleWithoutPoller(step.state, noPoller, T0 + 50 * SECOND).transitions).toEqual([]);
  });

  it("turns idle when the poller of a degraded source is removed, clearing the circuit", () => {
    let state = pollingSource();
    for (let i = 0; i < 5; i++) state = pollFailed(state, config, T0 + (31 + i) * SECOND, "HTTP 500").state;
    expect(state).toMatchObject({ mode: "degraded", circuit: "open" });
    const step = tick(state, noPoller, T0 + 40 * SECOND);
    expect(step.transitions).toEqual([{ from: "degraded", to: "idle", reason: "poller removed", at: T0 + 40 * SECOND }]);
    expect(step.state).toMatchObject({ circuit: "closed", consecutiveFailures: 0, nextPollAt: null });
    expect(staleSince(step.state)).toBeNull();
  });
});
