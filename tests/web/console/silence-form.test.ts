import { describe, expect, it } from "vitest";
import { checkSilence, describeMatchers, SILENCE_PRESETS, silenceValuesFor } from "$lib/console/silence-form";

const NOW = Date.parse("2026-11-28T10:00:00Z");
const alert = { type: "anomaly" as const, series: "tokens.rate", description: "Token rate anomaly" };

describe("silenceValuesFor", () => {
  it("prefills the alert's type and series, any severity (so an escalation stays quiet), for the shortest preset", () => {
    expect(silenceValuesFor(alert)).toEqual({
      type: "anomaly",
      series: "tokens.rate",
      severity: "",
      durationMs: SILENCE_PRESETS[0].ms,
      reason: "Silenced from the alert “Token rate anomaly”",
    });
    expect(silenceValuesFor(null)).toMatchObject({ type: "", series: "", reason: "" });
  });

  it("offers one hour, four hours and a day", () => {
    expect(SILENCE_PRESETS.map((p) => p.ms / 3_600_000)).toEqual([1, 4, 24]);
  });
});

describe("checkSilence", () => {
  it("sends the matchers set and an end the preset's length from now", () => {
    const values = { ...silenceValuesFor(alert), durationMs: SILENCE_PRESETS[2].ms };
    expect(checkSilence(values, NOW)).toEqual({
      ok: true,
      input: {
        matchers: { type: "anomaly", series: "tokens.rate" },
        ends_at: "2026-11-29T10:00:00.000Z",
        reason: "Silenced from the alert “Token rate anomaly”",
      },
    });
  });

  it("refuses a silence that matches nothing in particular, or has no reason, as the API does", () => {
    const check = checkSilence(silenceValuesFor(null), NOW);
    expect(check.ok).toBe(false);
    if (check.ok) return;
    expect(Object.keys(check.errors).sort()).toEqual(["matchers", "reason"]);
  });

  it("describes matchers in words", () => {
    expect(describeMatchers({ type: "budget", severity: "critical" })).toBe("type budget · severity critical");
    expect(describeMatchers({})).toBe("everything");
  });
});
