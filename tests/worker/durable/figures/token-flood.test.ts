import { runInDurableObject } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { isFlooding, readFlood, readFloodOnceBaselined } from "../../../../worker/src/durable/figures/token-flood";
import { alertingHackathon, floodTokens, quietTokens } from "../../../helpers/alerts";
import { createHackathon } from "../../../helpers/hackathons";
import { pinClock, roomOf, runAlarmAt } from "../../../helpers/rooms";
import { LiveClient } from "../../../helpers/sockets";
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
    calls.forEach((call, i) => {
      storeCall(sql, `c${i}`, call.ts, call.model, call.tokens, 0);
    });
    return { once: readFloodOnceBaselined(sql, NOW), flooding: isFlooding(sql, NOW), reading: readFlood(sql, NOW) };
  });
}

describe("token flood", () => {
  it("floods when every slice of the last half minute is far above the baseline, and names the busiest model", async () => {
    const flood = Array.from({ length: 30 }, (_, i) => ({ ts: NOW - i * 2_000, model: "m2", tokens: 200 }));
    const { once, flooding } = await readWith([...baselineCalls, ...flood, { ts: NOW - 45_000, model: "m1", tokens: 100 }]);
    expect(flooding).toBe(true);
    expect(once).toEqual({ flooding: true, rate: 6_100, baseline: 100, model: "m2", costPerMinute: null });
  });

  it("does not call one burst in the last slice a flood", async () => {
    const { once, flooding } = await readWith([...baselineCalls, { ts: NOW - 5_000, model: "m2", tokens: 20_000 }]);
    expect(flooding).toBe(false);
    expect(once).toEqual({ flooding: false, rate: 20_000, baseline: 100, model: null, costPerMinute: null });
  });

  it("reads nothing into a flood before there is a baseline", async () => {
    const flood = Array.from({ length: 30 }, (_, i) => ({ ts: NOW - i * 2_000, model: "m2", tokens: 200 }));
    const { once, flooding, reading } = await readWith(flood);
    expect(once).toBeNull();
    expect(flooding).toBe(false);
    expect(reading).toEqual({ flooding: false, rate: 6_000, baseline: 0, model: null, costPerMinute: null });
  });
});

describe("the flood's cost", () => {
  it("is the USD of the last minute's priced calls, leaving unpriced ones out", async () => {
    const { hackathon } = await createHackathon();
    const reading = await runInDurableObject(roomOf(hackathon.id), (_, state) => {
      const sql = state.storage.sql;
      storeCall(sql, "priced-1", NOW - 10_000, "m1", 100, 0, 0.25);
      storeCall(sql, "priced-2", NOW - 20_000, "m2", 100, 0, 0.5);
      storeCall(sql, "unpriced", NOW - 30_000, "m3", 5_000, 0);
      storeCall(sql, "older", NOW - 2 * MINUTE, "m1", 100, 0, 9);
      return readFlood(sql, NOW);
    });
    expect(reading.costPerMinute).toBeCloseTo(0.75, 12);
  });

  it("reads unpriced in the alert when no call of the flood could be priced, never $0", async () => {
    const h = await alertingHackathon(NOW);
    const unknown = "team-own-model-7b";
    const flood = floodTokens(NOW).map((event) => ({ ...event, model: unknown }));
    await h.send(...quietTokens(NOW).map((event) => ({ ...event, model: unknown })), ...flood);
    const alert = (await h.alerts()).find((a) => a.type === "token_flood");
    expect(alert?.description).toContain("cost unpriced");
    expect(alert?.description).not.toContain("$0");
  });

  it("names the flood's dollars a minute when its calls carry a cost", async () => {
    const h = await alertingHackathon(NOW);
    const flood = floodTokens(NOW).map((event) => ({ ...event, cost: 1.5 }));
    await h.send(...quietTokens(NOW), ...flood);
    const alert = (await h.alerts()).find((a) => a.type === "token_flood");
    // Three calls of $1.50 in the last minute; the quiet calls before it are older than a minute.
    expect(alert?.description).toContain("60,000 tokens/min ($4.50/min)");
  });
});

describe("the flood headline and its alert (docs/contract.md sections 7 and 8)", () => {
  it("says flood while the flood alert is open, after the last flooding batch, and normal once it resolves", async () => {
    const h = await alertingHackathon(NOW);
    await h.send(...quietTokens(NOW), ...floodTokens(NOW));
    const floodAlert = () => h.alerts("all").then((alerts) => alerts.find((a) => a.type === "token_flood"));
    expect((await h.dashboard()).token_metrics.flood_detected).toBe(true);
    expect(await floodAlert()).toMatchObject({ status: "open", severity: "critical" });

    // Seconds after the last batch the last half minute no longer floods, but the alert is still open.
    await pinClock(h.id, NOW + 25_000);
    const quiet = await h.dashboard();
    expect(quiet.alerts.find((a) => a.type === "token_flood")).toBeDefined();
    expect(quiet.token_metrics.flood_detected).toBe(true);

    // The alert resolves after its hold period (120 s here): the headline follows, live.
    const live = await LiveClient.open(h.id, h.token);
    await runAlarmAt(h.id, NOW + 120_000);
    expect(await floodAlert()).toMatchObject({ status: "resolved", resolved_by: "auto" });
    await live.waitFor((m) => m.type === "tokens" && !m.data.flood_detected);
    live.close();
    expect((await h.dashboard()).token_metrics.flood_detected).toBe(false);
  });
});
