import { describe, expect, it } from "vitest";
import {
  eventArrived,
  nextDueAt,
  pollDue,
  pollFailed,
  pollSucceeded,
  staleSince,
  tick,
} from "../../../../worker/src/durable/hysteresis/source-mode";
import { initialSourceModeState, type SourceModeState } from "../../../../worker/src/durable/hysteresis/state";
import { SECOND, T0, testConfig } from "./driver";

const config = testConfig();
const POLLING_AT = T0 + 30 * SECOND;

function pollingSource(): SourceModeState {
  return tick(initialSourceModeState(T0), config, POLLING_AT).state;
}

/** Fails every poll at its due time, `count` times, returning each step's time and state. */
function failPolls(state: SourceModeState, count: number, reason = "HTTP 503") {
  const steps = [];
  let current = state;
  for (let i = 0; i < count; i++) {
    const at = current.nextPollAt ?? 0;
    const step = pollFailed(tick(current, config, at).state, config, at, reason);
    steps.push({ at, ...step });
    current = step.state;
  }
  return steps;
}

describe("backoff and the circuit", () => {
  it("backs off exponentially with the injected jitter, up to the cap", () => {
    const delays = failPolls(pollingSource(), 9).map((s) => (s.state.nextPollAt ?? 0) - s.at);
    // base 5 s doubling, capped at 600 s, then half fixed + half × 0.5 random.
    expect(delays).toEqual([3750, 7500, 15_000, 30_000, 60_000, 120_000, 240_000, 450_000, 450_000]);
  });

  it("opens the circuit after five consecutive failures and degrades the source", () => {
    const steps = failPolls(pollingSource(), 5);
    expect(steps.slice(0, 4).map((s) => [s.state.mode, s.state.circuit, s.transitions.length])).toEqual(
      Array(4).fill(["polling", "closed", 0]),
    );
    const fifth = steps[4]!;
    expect(fifth.transitions).toEqual([{ from: "polling", to: "degraded", reason: "5 consecutive poll failures: HTTP 503", at: fifth.at }]);
    expect(fifth.state).toMatchObject({
      mode: "degraded",
      circuit: "open",
      consecutiveFailures: 5,
      lastFailureReason: "HTTP 503",
    });
    expect(staleSince(fifth.state)).toBe(fifth.at);
    expect(fifth.state.lastGoodPollAt).toBeNull();
  });

  it("forgets earlier failures after one good poll", () => {
    const fourFailures = failPolls(pollingSource(), 4).at(-1)!.state;
    const recovered = pollSucceeded(fourFailures, config, fourFailures.nextPollAt ?? 0).state;
    expect(recovered.consecutiveFailures).toBe(0);
    expect(failPolls(recovered, 4).every((s) => s.state.mode === "polling")).toBe(true);
  });

  it("makes the half-open probe due only once the backoff has passed", () => {
    const open = failPolls(pollingSource(), 5).at(-1)!.state;
    const probeAt = open.nextPollAt ?? 0;
    expect(nextDueAt(open, config)).toBe(probeAt);
    const early = tick(open, config, probeAt - 1).state;
    expect([early.circuit, pollDue(early, probeAt - 1)]).toEqual(["open", false]);
    const due = tick(open, config, probeAt);
    expect([due.state.circuit, pollDue(due.state, probeAt), due.transitions]).toEqual(["half_open", true, []]);
  });

  it("closes the circuit and returns to polling when the probe succeeds", () => {
    const open = failPolls(pollingSource(), 5).at(-1)!.state;
    const probeAt = open.nextPollAt ?? 0;
    const step = pollSucceeded(tick(open, config, probeAt).state, config, probeAt);
    expect(step.transitions).toEqual([{ from: "degraded", to: "polling", reason: "probe succeeded", at: probeAt }]);
    expect(step.state).toMatchObject({
      circuit: "closed",
      consecutiveFailures: 0,
      lastGoodPollAt: probeAt,
      nextPollAt: probeAt + 60 * SECOND,
    });
    expect(staleSince(step.state)).toBeNull();
  });

  it("keeps the circuit open and waits longer when the probe fails", () => {
    const steps = failPolls(pollingSource(), 6, "timeout after 10 s");
    const probe = steps[5]!;
    expect(probe.transitions).toEqual([]);
    expect(probe.state).toMatchObject({
      mode: "degraded",
      circuit: "open",
      consecutiveFailures: 6,
      lastFailureReason: "timeout after 10 s",
    });
    expect((probe.state.nextPollAt ?? 0) - probe.at).toBe(120_000);
    expect(staleSince(probe.state)).toBe(steps[4]!.at);
  });

  it("lets steady events bring a degraded source back to event mode, keeping the probe schedule", () => {
    const open = failPolls(pollingSource(), 5).at(-1)!.state;
    let state = open;
    const transitions = [];
    for (const at of [1, 2, 3].map((i) => open.modeSince + i * SECOND)) {
      const step = eventArrived(state, config, at);
      state = step.state;
      transitions.push(...step.transitions);
    }
    expect(transitions.map((t) => [t.from, t.to])).toEqual([["degraded", "event"]]);
    expect(state).toMatchObject({ mode: "event", circuit: "open", nextPollAt: open.nextPollAt });
  });

  it("counts failures in event mode without leaving it, then degrades on silence while the circuit is open", () => {
    // Reconciliation polls failing while events keep flowing, one second apart.
    let state = initialSourceModeState(T0);
    const modes = [];
    for (let i = 1; i <= 5; i++) {
      const step = pollFailed(eventArrived(state, config, T0 + i * SECOND).state, config, T0 + i * SECOND, "HTTP 500");
      state = step.state;
      modes.push([step.state.mode, step.transitions.length]);
    }
    expect(modes).toEqual(Array(5).fill(["event", 0]));
    expect(state.circuit).toBe("open");
    const silentAt = T0 + 35 * SECOND;
    const silent = tick(state, config, silentAt);
    expect(silent.transitions).toEqual([
      { from: "event", to: "degraded", reason: "no event for 30 s and the poll circuit is open", at: silentAt },
    ]);
  });
});
