import { describe, expect, it } from "vitest";
import { SOURCE_DEFAULTS, sourceConfigSchemaFor } from "../../../../worker/src/contract";
import { sourceModeConfig } from "../../../../worker/src/durable/hysteresis/config";
import { eventArrived, pollFailed, tick } from "../../../../worker/src/durable/hysteresis/source-mode";
import {
  initialSourceModeState,
  restoreSourceModeState,
  SourceModeStateSchema,
  type SourceModeState,
} from "../../../../worker/src/durable/hysteresis/state";
import { Driver, SECOND, T0, testConfig } from "./driver";

const config = testConfig();

/** A source that polled, failed five times and is degraded with an open circuit and a steady run of 1. */
function degradedSource(): SourceModeState {
  const driver = new Driver(config, () => ({ ok: false, reason: "HTTP 500" }));
  driver.advanceTo(T0 + 120 * SECOND);
  driver.event(T0 + 121 * SECOND);
  return driver.state;
}

describe("persisting the source state", () => {
  it("survives a JSON round trip and then behaves exactly like the original", () => {
    const original = degradedSource();
    expect(original).toMatchObject({ mode: "degraded", circuit: "open", steadyRun: 1 });
    const restored = restoreSourceModeState(JSON.parse(JSON.stringify(original)), T0);
    expect(restored).toEqual({ state: original, corruption: null });

    const later = T0 + 122 * SECOND;
    expect(eventArrived(restored.state, config, later)).toEqual(eventArrived(original, config, later));
    expect(pollFailed(restored.state, config, later, "x")).toEqual(pollFailed(original, config, later, "x"));
  });

  it("reports an impossible combination and starts afresh in event mode", () => {
    const polling = tick(initialSourceModeState(T0), config, T0 + 30 * SECOND).state;
    const corrupt = { ...polling, circuit: "open" };
    const restored = restoreSourceModeState(corrupt, T0 + 99 * SECOND);
    expect(restored.corruption).toBe("polling with a circuit that is not closed; circuit not closed without failures");
    expect(restored.state).toEqual(initialSourceModeState(T0 + 99 * SECOND));
  });

  it("reports missing fields, wrong types and unknown modes by path", () => {
    const { lastPollAt: _dropped, ...missing } = initialSourceModeState(T0);
    expect(restoreSourceModeState(missing, T0).corruption).toMatch(/^lastPollAt: /);
    expect(restoreSourceModeState({ ...initialSourceModeState(T0), steadyRun: -1 }, T0).corruption).toMatch(/^steadyRun: /);
    expect(restoreSourceModeState({ ...initialSourceModeState(T0), mode: "paused" }, T0).corruption).toMatch(/^mode: /);
    expect(restoreSourceModeState("not json state", T0).corruption).not.toBeNull();
  });

  it("accepts every state the machine itself produces", () => {
    const driver = new Driver(config, (at) => (at < T0 + 200 * SECOND ? { ok: false, reason: "down" } : { ok: true }));
    const seen: SourceModeState[] = [];
    const gaps = [5, 40, 10, 10, 10, 90, 3, 3];
    let at = T0;
    for (let i = 0; i < 40; i++) {
      at += (gaps[i % gaps.length] ?? 0) * SECOND;
      driver.advanceTo(at - 1);
      seen.push(driver.state);
      driver.event(at);
      seen.push(driver.state);
    }
    expect(new Set(seen.map((s) => s.mode))).toEqual(new Set(["event", "polling", "degraded"]));
    expect(seen.filter((s) => !SourceModeStateSchema.safeParse(s).success)).toEqual([]);
  });
});

describe("sourceModeConfig", () => {
  it("turns the contract's seconds into milliseconds and knows a source without a poll adapter", () => {
    const config = sourceModeConfig(sourceConfigSchemaFor("tokens").parse({ event_timeout_s: 45 }));
    expect(config).toMatchObject({
      eventTimeoutMs: 45_000,
      pollIntervalMs: SOURCE_DEFAULTS.tokens.poll_interval_s * 1000,
      steadyEventsToRecover: 3,
      failuresToOpen: 5,
      backoffBaseMs: 5000,
      backoffCapMs: 600_000,
      hasPoller: false,
    });
  });

  it("refuses a run length of one, which would be no hysteresis at all", () => {
    expect(() => sourceModeConfig(sourceConfigSchemaFor("cost").parse({}), { steadyEventsToRecover: 1 })).toThrow(RangeError);
  });
});
