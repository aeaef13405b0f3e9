import { describe, expect, it } from "vitest";
import { backoffDelayMs } from "../../../../worker/src/durable/hysteresis/backoff";

const at = (random: number) => ({ backoffBaseMs: 5000, backoffCapMs: 600_000, random: () => random });

describe("backoffDelayMs", () => {
  it("keeps half of the exponential delay fixed and jitters the other half", () => {
    expect([1, 2, 3].map((n) => backoffDelayMs(n, at(0)))).toEqual([2500, 5000, 10_000]);
    expect([1, 2, 3].map((n) => backoffDelayMs(n, at(0.75)))).toEqual([4375, 8750, 17_500]);
  });

  it("never exceeds the cap, however many failures", () => {
    expect(backoffDelayMs(8, at(0.999_999))).toBe(599_999);
    expect(backoffDelayMs(2000, at(0.999_999))).toBe(599_999);
    expect(backoffDelayMs(2000, at(0))).toBe(300_000);
  });

  it("takes the next value from the injected source on every call", () => {
    const values = [0, 1 / 5, 2 / 5];
    const config = { backoffBaseMs: 5000, backoffCapMs: 600_000, random: () => values.shift() ?? 0 };
    expect([4, 4, 4].map((n) => backoffDelayMs(n, config))).toEqual([20_000, 24_000, 28_000]);
  });
});
