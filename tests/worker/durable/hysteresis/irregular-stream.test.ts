import { describe, expect, it } from "vitest";
import type { ModeTransition } from "../../../../worker/src/durable/hysteresis/source-mode";
import { Driver, SECOND, T0, testConfig } from "./driver";

const config = testConfig();
const TIMEOUT = config.eventTimeoutMs;
const RUN = config.steadyEventsToRecover;

/** Feeds events separated by `gaps` (cycled) to a polling-capable source whose polls all succeed. */
function feed(gaps: number[], count: number) {
  const driver = new Driver(config);
  const times: number[] = [];
  let at = T0;
  for (let i = 0; i < count; i++) {
    at += gaps[i % gaps.length] ?? 0;
    times.push(at);
    driver.event(at);
  }
  return { times, transitions: driver.transitions };
}

/** Park–Miller generator: the same "random" stream on every run. */
function seeded(seed: number): () => number {
  let s = seed;
  return () => {
    s = (s * 48_271) % 2_147_483_647;
    return s / 2_147_483_647;
  };
}

function checkHysteresis(times: number[], transitions: ModeTransition[]): void {
  transitions.forEach((t, i) => {
    expect(t.from).toBe(i === 0 ? "event" : transitions[i - 1]?.to);
    if (t.to === "polling") {
      // Left event mode only after a full timeout without any event.
      const lastEvent = Math.max(...times.filter((e) => e < t.at));
      expect(t.at - lastEvent).toBeGreaterThanOrEqual(TIMEOUT);
    } else {
      // Came back only on an event closing a run of RUN events, all since polling began and each within the timeout.
      const since = transitions[i - 1]?.at ?? T0;
      const run = times.filter((e) => e > since && e <= t.at).slice(-RUN);
      expect(run.length).toBe(RUN);
      expect(run.at(-1)).toBe(t.at);
      run.slice(1).forEach((e, k) => {
        expect(e - (run[k] ?? 0)).toBeLessThan(TIMEOUT);
      });
    }
  });
}

describe("irregular streams around the event timeout", () => {
  it("flips once, not on every event, when gaps alternate just under and just over the timeout", () => {
    const { transitions } = feed([TIMEOUT - 100, TIMEOUT + 100], 200);
    // The first long gap moves it to polling; after that no run ever reaches 3, so it stays.
    expect(transitions).toEqual([{ from: "event", to: "polling", reason: "no event for 30 s", at: T0 + 2 * TIMEOUT - 100 }]);
  });

  it("flips at most once each way per run of steady events when two short gaps alternate with a long one", () => {
    const { times, transitions } = feed([29 * SECOND, 29 * SECOND, 31 * SECOND], 29);
    // Nine cycles of "a silence of 31 s, then three steady events": one flip each way per cycle.
    expect(transitions.map((t) => t.to)).toEqual(Array(9).fill(["polling", "event"]).flat());
    checkHysteresis(times, transitions);
  });

  it("never flips back without a full steady run on a jittered stream of 500 events around the timeout", () => {
    const random = seeded(20_261_128);
    const gaps = Array.from({ length: 500 }, () => Math.round(TIMEOUT * (0.8 + 0.4 * random())));
    const { times, transitions } = feed(gaps, gaps.length);
    expect(transitions.length).toBeGreaterThan(10);
    expect(transitions.length).toBeLessThanOrEqual(2 * Math.floor(times.length / RUN) + 1);
    checkHysteresis(times, transitions);
  });
});
