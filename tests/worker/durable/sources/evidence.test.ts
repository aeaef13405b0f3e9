import { runInDurableObject } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { gatherEvidence } from "../../../../worker/src/durable/sources/evidence";
import { createHackathon } from "../../../helpers/hackathons";
import { roomOf } from "../../../helpers/rooms";

const NOW = Date.parse("2026-11-28T10:00:00Z");
const MINUTE = 60_000;

function storeEvent(sql: SqlStorage, id: string, type: string, ts: number, origin = "webhook", receivedAt = ts) {
  sql.exec("INSERT INTO events (id, type, ts, received_at, body, origin) VALUES (?, ?, ?, ?, '{}', ?)", id, type, ts, receivedAt, origin);
}

const planOf = (sql: SqlStorage, query: string, ...args: unknown[]) =>
  sql
    .exec<{ detail: string }>(`EXPLAIN QUERY PLAN ${query}`, ...args)
    .toArray()
    .map((row) => row.detail)
    .join("; ");

describe("gatherEvidence", () => {
  it("reads only the source's webhook events in the range, its recent future stamps and late deliveries", async () => {
    const { hackathon } = await createHackathon();
    const evidence = await runInDurableObject(roomOf(hackathon.id), (_, state) => {
      const sql = state.storage.sql;
      storeEvent(sql, "in-1", "cost", NOW - 50 * MINUTE);
      storeEvent(sql, "in-2", "cost", NOW - 20 * MINUTE, "webhook", NOW - 2 * MINUTE);
      storeEvent(sql, "ahead", "cost", NOW - MINUTE, "webhook", NOW - 3 * MINUTE);
      storeEvent(sql, "polled", "cost", NOW - 30 * MINUTE, "poll");
      storeEvent(sql, "other-type", "token", NOW - 30 * MINUTE);
      storeEvent(sql, "too-old", "cost", NOW - 120 * MINUTE);
      return gatherEvidence(sql, "cost", { from: NOW - 60 * MINUTE, to: NOW, recentSince: NOW - 5 * MINUTE }, null);
    });
    expect(evidence.eventCount).toBe(3);
    expect(evidence.latestEventAt).toBe(NOW - MINUTE);
    expect(evidence.longestGapMs).toBe(30 * MINUTE);
    // Stamped 2 min ahead of arrival is skew; arriving 18 min after the stamp is only late.
    expect(evidence.maxClockSkewMs).toBe(2 * MINUTE);
    expect(evidence.maxDeliveryDelayMs).toBe(18 * MINUTE);
  });

  it("seeks one type's events by time instead of scanning every event stored", async () => {
    const { hackathon } = await createHackathon();
    const plans = await runInDurableObject(roomOf(hackathon.id), (_, state) => {
      const sql = state.storage.sql;
      return {
        byTs: planOf(sql, "SELECT ts FROM events WHERE type = ? AND origin = 'webhook' AND ts >= ? AND ts <= ?", "cost", 0, NOW),
        byReceived: planOf(
          sql,
          "SELECT MAX(ts - received_at), MAX(received_at - ts) FROM events WHERE type = ? AND origin = 'webhook' AND received_at >= ?",
          "cost",
          0,
        ),
      };
    });
    expect(plans.byTs).toContain("events_by_type_ts");
    expect(plans.byReceived).toContain("events_by_type_received");
  });
});
