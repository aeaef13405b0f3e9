import { describe, expect, it } from "vitest";
import { createDetector, restoreDetector, type AnomalyDetector, type DetectorState } from "../../../worker/src/anomaly/index";

const MINUTE = 60_000;
const START = Date.UTC(2026, 0, 1);

function feed(detector: AnomalyDetector, values: readonly number[], firstIndex = 0): number[] {
  return values.map((v, i) => detector.update(START + (firstIndex + i) * MINUTE, v));
}

/** Deterministic noise (Park–Miller) so the tests never flake. */
function noisySeries(length: number, level = 100, amplitude = 10, seed = 1): number[] {
  let state = seed;
  return Array.from({ length }, () => {
    state = (state * 16807) % 2147483647;
    return level + amplitude * (state / 2147483647 - 0.5);
  });
}

describe("anomaly detector: seed expectations", () => {
  it("scores an ordinary value after a short noisy history low", () => {
    const scores = feed(createDetector(), [10, 12, 11, 13, 10, 12, 11]);
    expect(scores[6]).toBeLessThan(0.3);
  });

  it("scores a spike high after only three points of history", () => {
    const scores = feed(createDetector(), [10, 12, 11, 50, 10, 12]);
    expect(scores[3]).toBeGreaterThan(0.8);
  });

  it("does not treat a steady ramp as an anomaly", () => {
    const scores = feed(createDetector(), [10, 12, 14, 16, 18, 20]);
    expect(scores[5]).toBeLessThan(0.5);
  });
});

describe("anomaly detector: the seed's cases, read as detect_anomaly(history, value)", () => {
  // The design document scores `value` after `history`: feed the history, then score the value.
  const scoreAfter = (history: readonly number[], value: number): number => {
    const detector = createDetector();
    feed(detector, history);
    return detector.update(START + history.length * MINUTE, value);
  };
  const SPIKED = [10, 12, 11, 50, 10, 12];

  it("scores a spike after the series returned to normal as a new event (> 0.8)", () => {
    expect(scoreAfter(SPIKED, 50)).toBeGreaterThan(0.8);
  });

  it("scores an ordinary value after that history low (< 0.3)", () => {
    expect(scoreAfter(SPIKED, 11)).toBeLessThan(0.3);
    expect(scoreAfter([10, 12, 11, 13, 10, 12], 11)).toBeLessThan(0.3);
  });

  it("scores the next step of a gradual ramp below 0.5", () => {
    expect(scoreAfter([10, 12, 14, 16, 18], 20)).toBeLessThan(0.5);
  });

  it("keeps suppressing a run that has not returned to normal", () => {
    // One normal point between two spikes is not a return (two in a row are).
    expect(scoreAfter([10, 12, 11, 50, 10], 50)).toBeLessThan(0.5);
    expect(scoreAfter([10, 12, 11, 50, 50], 50)).toBeLessThan(0.5);
  });
});

describe("anomaly detector: output contract", () => {
  it("always returns finite scores in [0,1]", () => {
    const values = [
      ...noisySeries(500),
      ...Array.from({ length: 200 }, () => 0),
      ...noisySeries(300, 1e9, 1e8, 7),
      -5,
      1e12,
      -1e12,
      0.000001,
      ...noisySeries(300, -50, 1, 3),
    ];
    for (const score of feed(createDetector(), values)) {
      expect(Number.isFinite(score)).toBe(true);
      expect(score).toBeGreaterThanOrEqual(0);
      expect(score).toBeLessThanOrEqual(1);
    }
  });

  it("ignores non-finite values without changing state", () => {
    const detector = createDetector();
    feed(detector, noisySeries(300));
    const before = JSON.stringify(detector);
    expect(detector.update(START + 300 * MINUTE, Number.NaN)).toBe(0);
    expect(detector.update(START + 301 * MINUTE, Number.POSITIVE_INFINITY)).toBe(0);
    expect(detector.update(START + 302 * MINUTE, Number.NEGATIVE_INFINITY)).toBe(0);
    expect(detector.update(Number.NaN, 100)).toBe(0);
    expect(JSON.stringify(detector)).toBe(before);
  });

  it("keeps its JSON state under 16 KB after 100k points", () => {
    const detector = createDetector();
    feed(detector, noisySeries(100_000, 1234.5678, 987.654321, 11));
    expect(JSON.stringify(detector).length).toBeLessThan(16 * 1024);
  });

  it("does not depend on the absolute timestamp magnitude", () => {
    const values = noisySeries(600);
    values[400] = 180;
    const early = createDetector();
    const late = createDetector();
    const a = values.map((v, i) => early.update(i * MINUTE, v));
    const b = values.map((v, i) => late.update(START * 3 + i * 7 * MINUTE, v));
    expect(b).toEqual(a);
  });
});

describe("anomaly detector: behaviour", () => {
  it("scores a sustained level shift high once, then settles", () => {
    const values = noisySeries(1500).map((v, i) => (i >= 1000 ? v + 60 : v));
    const scores = feed(createDetector(), values);
    expect(Math.max(...scores.slice(1000, 1005))).toBeGreaterThan(0.8);
    expect(scores.slice(1000).filter((s) => s > 0.8)).toHaveLength(1);
    expect(Math.max(...scores.slice(1100))).toBeLessThan(0.5);
  });

  it("scores a burst of consecutive anomalous points high once", () => {
    const values = noisySeries(2000).map((v, i) => (i >= 1000 && i < 1010 ? 400 : v));
    const scores = feed(createDetector(), values);
    expect(scores[1000]).toBeGreaterThan(0.8);
    expect(scores.slice(1001).filter((s) => s > 0.8)).toHaveLength(0);
  });

  it("alerts again on identical spikes far apart, but not on a repeat right after the first", () => {
    const spikes = new Set([1000, 1004, 1500, 2000, 2500]);
    const values = noisySeries(3000).map((v, i) => (spikes.has(i) ? 400 : v));
    const scores = feed(createDetector(), values);
    const alerts = scores.flatMap((s, i) => (s > 0.8 ? [i] : []));
    // 1004 comes a few points after 1000: the same event, so no second alert.
    // The later spikes are as large as the first (no new extreme), yet each is
    // a fresh event and alerts.
    expect(alerts).toEqual([1000, 1500, 2000, 2500]);
  });

  it("stays quiet on plain noise after warm-up", () => {
    const scores = feed(createDetector(), noisySeries(3000));
    expect(Math.max(...scores.slice(200))).toBeLessThan(0.8);
  });
});

describe("anomaly detector: changes the spike path misses", () => {
  /** `days` of points 5 minutes apart: a working-day rhythm on weekdays plus noise. */
  function rhythmic(days: number, seed = 3): { ts: number[]; values: number[] } {
    const noise = noisySeries(days * 288, 0, 4, seed);
    const ts = noise.map((_, i) => START + 4 * DAY + i * 5 * MINUTE); // START + 4 days is a Monday
    const values = ts.map((t, i) => {
      const hour = ((t - START) % DAY) / (60 * MINUTE);
      const weekday = new Date(t).getUTCDay() % 6 !== 0;
      return 100 + (weekday ? 40 : 10) * Math.max(0, Math.sin(((hour - 7) / 14) * Math.PI)) + (noise[i] as number);
    });
    return { ts, values };
  }
  const DAY = 24 * 60 * MINUTE;
  const run = (ts: number[], values: number[]) => {
    const detector = createDetector();
    return values.map((v, i) => detector.update(ts[i] as number, v));
  };

  it("finds a small level shift that stays, then takes it as the new normal", () => {
    // Half the noise's width: no point leaves the usual range by much, yet the shift is found.
    const values = noisySeries(3000).map((v, i) => (i >= 2000 ? v + 4.5 : v));
    const scores = feed(createDetector(), values);
    const alerts = scores.flatMap((s, i) => (s > 0.5 ? [i] : []));
    expect(alerts.filter((i) => i >= 2000 && i < 2100).length).toBeGreaterThan(0);
    expect(alerts.filter((i) => i >= 2100)).toEqual([]);
    expect(alerts.filter((i) => i >= 200 && i < 2000)).toEqual([]);
  });

  it("finds a quiet weekday where a busy one was due", () => {
    const { ts, values } = rhythmic(21);
    const broken = (t: number) => t >= START + 4 * DAY + 16 * DAY && t < START + 4 * DAY + 17 * DAY; // a Wednesday
    const quiet = values.map((v, i) =>
      broken(ts[i] as number)
        ? v - 40 * Math.max(0, Math.sin((((((ts[i] as number) - START) % DAY) / (60 * MINUTE) - 7) / 14) * Math.PI))
        : v,
    );
    const scores = run(ts, quiet);
    const alertsThatDay = scores.filter((s, i) => s > 0.5 && broken(ts[i] as number));
    expect(alertsThatDay.length).toBeGreaterThan(0);
    const normal = run(ts, values);
    expect(normal.filter((s, i) => s > 0.5 && broken(ts[i] as number))).toEqual([]);
  });

  it("finds a stuck value in a series that never repeats itself", () => {
    const values = noisySeries(2000).map((v, i) => (i >= 1500 && i < 1540 ? 101.25 : v));
    const scores = feed(createDetector(), values);
    expect(Math.max(...scores.slice(1500, 1540))).toBeGreaterThan(0.5);
    expect(scores.slice(1500, 1540).filter((s) => s > 0.5)).toHaveLength(1);
  });

  it("does not call a flat series stuck", () => {
    const scores = feed(
      createDetector(),
      Array.from({ length: 2000 }, () => 7),
    );
    expect(Math.max(...scores)).toBeLessThan(0.5);
  });

  it("resumes mid-stream with exactly the scores of an uninterrupted run while a seasonal profile is in use", () => {
    // 15 days of 5-minute points with a broken day, saved and restored at cuts before and
    // after each profile has spanned its season (the profiles' cached locations are not
    // saved; a restored detector must find the same ones).
    const { ts, values } = rhythmic(15);
    const broken = values.map((v, i) => (i >= 12 * 288 && i < 13 * 288 ? v - 30 : v));
    const uninterrupted = run(ts, broken);
    const models = new Set<number>();
    for (const cut of [100, 290, 1500, 2100, 3000, 3500, 4000]) {
      const first = createDetector();
      const head = broken.slice(0, cut).map((v, i) => first.update(ts[i] as number, v));
      const saved = JSON.parse(JSON.stringify(first)) as { seasonal: { model: number } };
      models.add(saved.seasonal.model);
      const resumed = restoreDetector(saved);
      const tail = broken.slice(cut).map((v, i) => resumed.update(ts[cut + i] as number, v));
      expect([...head, ...tail]).toEqual(uninterrupted);
    }
    // The cuts cover the plain level and a profile in use.
    expect(models.has(0)).toBe(true);
    expect([...models].some((m) => m !== 0)).toBe(true);
  });

  it("keeps its state under 16 KB with both seasonal profiles learned", () => {
    const { ts, values } = rhythmic(15);
    const detector = createDetector();
    values.forEach((v, i) => {
      detector.update(ts[i] as number, v * 1.0000001234567);
    });
    expect(JSON.stringify(detector).length).toBeLessThan(16 * 1024);
  });
});

describe("anomaly detector: state round trip", () => {
  it("continues with exactly the scores of an uninterrupted run", () => {
    const values = noisySeries(4000, 50, 8, 5).map((v, i) => {
      if (i === 1500 || i === 3100) return v * 4;
      return i >= 2600 ? v + 25 : v;
    });
    const uninterrupted = feed(createDetector(), values);

    for (const cut of [2, 50, 2000, 2605]) {
      const first = createDetector();
      const head = feed(first, values.slice(0, cut));
      const saved = JSON.parse(JSON.stringify(first)) as unknown;
      const resumed = restoreDetector(saved);
      const tail = feed(resumed, values.slice(cut), cut);
      expect([...head, ...tail]).toEqual(uninterrupted);
    }
  });

  it("also resumes via createDetector({ state })", () => {
    const values = noisySeries(600);
    const uninterrupted = feed(createDetector(), values);
    const first = createDetector();
    const head = feed(first, values.slice(0, 300));
    const resumed = createDetector({ state: JSON.parse(JSON.stringify(first)) });
    expect([...head, ...feed(resumed, values.slice(300), 300)]).toEqual(uninterrupted);
  });

  it("rejects corrupt or incompatible state with a clear error", () => {
    const detector = createDetector();
    feed(detector, noisySeries(300));
    const good = JSON.parse(JSON.stringify(detector)) as DetectorState;
    // A copy of a good state with one thing broken; Object.assign writes values the state's type rules out.
    const mutate = (change: (s: DetectorState) => void): unknown => {
      const copy = structuredClone(good);
      change(copy);
      return copy;
    };

    expect(() => restoreDetector({})).toThrow(/state rejected/);
    expect(() => restoreDetector(null)).toThrow(/state rejected/);
    expect(() => restoreDetector("not a state")).toThrow(/state rejected/);
    expect(() =>
      restoreDetector(
        mutate((s) => {
          Object.assign(s, { version: 999 });
        }),
      ),
    ).toThrow(/version/);
    expect(() =>
      restoreDetector(
        mutate((s) => {
          s.window = s.window.slice(1);
        }),
      ),
    ).toThrow(/window/);
    expect(() =>
      restoreDetector(
        mutate((s) => {
          s.window.push(1);
        }),
      ),
    ).toThrow(/window/);
    expect(() =>
      restoreDetector(
        mutate((s) => {
          Object.assign(s.window, { 3: "7" });
        }),
      ),
    ).toThrow(/window\[3\]/);
    expect(() =>
      restoreDetector(
        mutate((s) => {
          Object.assign(s.likelihood, { mean: null });
        }),
      ),
    ).toThrow(/likelihood\.mean/);
    expect(() =>
      restoreDetector(
        mutate((s) => {
          s.likelihood.recentRaw.push(0.5);
        }),
      ),
    ).toThrow(/recentRaw/);
    expect(() =>
      restoreDetector(
        mutate((s) => {
          Reflect.deleteProperty(s, "settings");
        }),
      ),
    ).toThrow(/settings/);
    expect(() =>
      restoreDetector(
        mutate((s) => {
          s.runningMin = s.runningMax! + 1;
        }),
      ),
    ).toThrow(/runningMin/);
    expect(() =>
      restoreDetector(
        mutate((s) => {
          Object.assign(s, { logTail: null });
        }),
      ),
    ).toThrow(/logTail/);
    expect(() =>
      restoreDetector(
        mutate((s) => {
          s.tailCount = s.count + 1;
        }),
      ),
    ).toThrow(/tailCount/);
    expect(() =>
      restoreDetector(
        mutate((s) => {
          s.seasonal.daily.values.pop();
        }),
      ),
    ).toThrow(/seasonal\.daily/);
    expect(() =>
      restoreDetector(
        mutate((s) => {
          s.seasonal.learned += 1;
        }),
      ),
    ).toThrow(/seasonal/);
    expect(() =>
      restoreDetector(
        mutate((s) => {
          s.change.sums = [1, 2];
        }),
      ),
    ).toThrow(/change\.sums/);
    expect(() =>
      restoreDetector(
        mutate((s) => {
          Object.assign(s.stuck, { fired: "no" });
        }),
      ),
    ).toThrow(/stuck\.fired/);
    expect(() =>
      restoreDetector(
        mutate((s) => {
          Object.assign(s.event, { open: 1 });
        }),
      ),
    ).toThrow(/event\.open/);
    expect(() =>
      restoreDetector(
        mutate((s) => {
          Object.assign(s, { version: 2 });
        }),
      ),
    ).toThrow(/version/);
    expect(() => restoreDetector(good, { windowSize: 32 })).toThrow(/windowSize/);
    expect(() => restoreDetector(good)).not.toThrow();
  });
});

describe("anomaly detector: a series where only a rise is news", () => {
  const history = noisySeries(200, 100, 2);
  const run = (highSideOnly: boolean) => {
    const detector = createDetector();
    for (const [i, v] of history.entries()) detector.update(START + i * MINUTE, v, highSideOnly);
    const fall = detector.update(START + 200 * MINUTE, 0, highSideOnly);
    const spike = detector.update(START + 201 * MINUTE, 900, highSideOnly);
    return { fall, spike, level: detector.level() };
  };

  it("scores a fall 0, so that a spike right after it alerts in full instead of being damped as the same event", () => {
    const bothSides = run(false);
    expect(bothSides.fall).toBeGreaterThan(0.5);
    expect(bothSides.spike).toBeLessThan(0.8);
    const highSide = run(true);
    expect(highSide.fall).toBe(0);
    expect(highSide.spike).toBeGreaterThan(0.9);
  });

  it("reports the level it measures the next point against: the median of its recent window", () => {
    const detector = createDetector();
    expect(detector.level()).toBeNaN();
    feed(detector, [5, 1, 9]);
    expect(detector.level()).toBe(5);
  });
});
