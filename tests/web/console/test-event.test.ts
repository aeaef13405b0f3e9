import { describe, expect, it } from "vitest";
import type { DashboardState } from "$contract";
import { testEventArrival, waitForTestEvent } from "$lib/console/test-event";

const SENT = Date.parse("2026-11-28T10:00:00Z");
const withTest = (ts: string): Pick<DashboardState, "metrics"> => ({
  metrics: { "pitwall.test": { name: "pitwall.test", value: 1, unit: null, ts } },
});
const nothing: Pick<DashboardState, "metrics"> = { metrics: {} };

describe("testEventArrival", () => {
  it("is the time of a pitwall.test metric stamped since it was sent (less a minute of clock difference)", () => {
    expect(testEventArrival(withTest("2026-11-28T10:00:01Z"), SENT)).toBe("2026-11-28T10:00:01Z");
    expect(testEventArrival(withTest("2026-11-28T09:59:30Z"), SENT)).toBe("2026-11-28T09:59:30Z");
  });

  it("ignores an earlier test event and no test event at all", () => {
    expect(testEventArrival(withTest("2026-11-28T09:50:00Z"), SENT)).toBeNull();
    expect(testEventArrival(nothing, SENT)).toBeNull();
  });
});

describe("waitForTestEvent", () => {
  it("reads until the event shows, pausing between reads", async () => {
    const answers = [nothing, nothing, withTest("2026-11-28T10:00:02Z")];
    const pauses: number[] = [];
    const at = await waitForTestEvent(async () => answers.shift() ?? nothing, SENT, {
      attempts: 5,
      delayMs: 700,
      sleep: async (ms) => void pauses.push(ms),
    });
    expect(at).toBe("2026-11-28T10:00:02Z");
    expect(pauses).toEqual([700, 700]);
  });

  it("gives up after the attempts", async () => {
    let reads = 0;
    const read = async () => {
      reads += 1;
      return nothing;
    };
    const at = await waitForTestEvent(read, SENT, { attempts: 3, delayMs: 1, sleep: async () => {} });
    expect(at).toBeNull();
    expect(reads).toBe(3);
  });
});
