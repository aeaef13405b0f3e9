import { runInDurableObject } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { loadMachine } from "../../../../worker/src/durable/sources/machines";
import { runPoll } from "../../../../worker/src/durable/sources/run-poll";
import { loadRecord } from "../../../../worker/src/durable/room-record";
import { pollJson } from "../../../../worker/src/pollers/json";
import type { PollAdapter } from "../../../../worker/src/pollers/types";
import { fakeProvider } from "../../../fixtures/fake-providers/client";
import { createHackathon } from "../../../helpers/hackathons";
import { roomOf } from "../../../helpers/rooms";

const NOW = Date.parse("2026-11-28T10:00:00Z");

async function pollOnce(url: string, timeoutMs: number) {
  const { hackathon } = await createHackathon({ sources: { cost: { poll: { kind: "json", url } } } });
  return runInDurableObject(roomOf(hackathon.id), async (_, state) => {
    const sql = state.storage.sql;
    const record = loadRecord(sql)!;
    const { machine } = loadMachine(sql, record, "cost", NOW);
    const started = Date.now();
    const run = await runPoll({
      sql,
      machine,
      poll: record.config.sources.cost.poll!,
      adapter: pollJson as PollAdapter,
      now: NOW,
      since: NOW - 3_600_000,
      currency: "USD",
      reconciliationIntervalMs: 300_000,
      timeoutMs,
      outbound: { allowLoopback: true },
    });
    return { run, tookMs: Date.now() - started };
  });
}

describe("runPoll", () => {
  it("gives up on a provider that hangs, counts it as a failed poll and moves on", async () => {
    const provider = await fakeProvider("json", {});
    await provider.fail({ status: 200, body: { events: [] }, delayMs: 3000 });
    const { run, tookMs } = await pollOnce(`${provider.baseUrl}/spend`, 200);
    expect(tookMs).toBeLessThan(2500);
    expect(run.events).toEqual([]);
    expect(run.machine.state.consecutiveFailures).toBe(1);
    expect(run.machine.state.lastFailureReason).toMatch(/time|abort/i);
  });

  it("counts a provider that answers in time as a good poll", async () => {
    const provider = await fakeProvider("json", { answer: { id: "p1", type: "cost", ts: new Date(NOW).toISOString(), total: 3 } });
    const { run } = await pollOnce(`${provider.baseUrl}/spend`, 2000);
    expect(run.machine.state).toMatchObject({ consecutiveFailures: 0, lastGoodPollAt: NOW });
    expect(run.events).toHaveLength(2);
    expect(run.reconciliation).toMatchObject({ kind: "correction", drift: 3 });
  });
});
