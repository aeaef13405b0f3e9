import { runInDurableObject } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { isFlooding, readFlood, readFloodOnceBaselined } from "../../../../worker/src/durable/figures/token-flood";
import { createHackathon } from "../../../helpers/hackathons";
import { roomOf } from "../../../helpers/rooms";
import { storeCall } from "../../../helpers/token-calls";

const NOW = Date.parse("2026-11-28T10:00:30Z");
const MINUTE = 60_000;

type Call = { ts: number; model: string; tokens: number };

/** 100 tokens a minute for the 35 minutes before the last one: a baseline of 100/min. */
const baselineCalls: Call[] = Array.from({ length: 35 }, (_, i) => ({ ts: NOW - (36 - i) * MINUTE, model: "m1", tokens: 100 }));

async function readWith(calls: Call[]) {
  const { hackathon } = await createHackathon();
  return runInDurableObject(roomOf(hackathon.id), (_, state) => {
    const sql = state.storage.sql;
    calls.forEach((call, i) => storeCall(sql, `c${i}`, call.ts, call.model, call.tokens, 0));
    return { once: readFloodOnceBaselined(sql, NOW), flooding: isFlooding(sql, NOW), reading: readFlood(sql, NOW) };
  });
}

describe("token flood", () => {
  it("floods when every slice of the last half minute is far above the baseline, and names the busiest model", async () => {
    const flood = Array.from({ length: 30 }, (_, i) => ({ ts: NOW - i * 2_000, model: "m2", tokens: 200 }));
    const { once, flooding } = await readWith([...baselineCalls, ...flood, { ts: NOW - 45_000, model: "m1", tokens: 100 }]);
    expect(flooding).toBe(true);
    expect(once).toEqual({ flooding: true, rate: 6_100, baseline: 100, model: "m2" });
  });

  it("does not call one burst in the last slice a flood", async () => {
    const { once, flooding } = await readWith([...baselineCalls, { ts: NOW - 5_000, model: "m2", tokens: 20_000 }]);
    expect(flooding).toBe(false);
    expect(once).toEqual({ flooding: false, rate: 20_000, baseline: 100, model: null });
  });

  it("reads nothing into a flood before there is a baseline", async () => {
    const flood = Array.from({ length: 30 }, (_, i) => ({ ts: NOW - i * 2_000, model: "m2", tokens: 200 }));
    const { once, flooding, reading } = await readWith(flood);
    expect(once).toBeNull();
    expect(flooding).toBe(false);
    expect(reading).toEqual({ flooding: false, rate: 6_000, baseline: 0, model: null });
  });
});
