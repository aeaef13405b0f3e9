import { runInDurableObject } from "cloudflare:test";
import type { SourceName } from "../../worker/src/contract";
import type { HackathonRoom } from "../../worker/src/durable/hackathon-room";
import { loadRecord } from "../../worker/src/durable/room-record";
import { loadMachine } from "../../worker/src/durable/sources/machines";
import { createHackathon, uniqueHackathonId } from "./hackathons";
import { pinClock, roomOf, runAlarmAt } from "./rooms";
import { timerDue } from "./timers";

export const POLL_NOW = Date.parse("2026-11-28T10:00:00Z");

/** A cost source polling a JSON provider's `/spend` on short timings (the defaults are hours). */
export function polledCostSource(providerBaseUrl: string) {
  return {
    event_timeout_s: 30,
    poll_interval_s: 60,
    reconciliation_interval_s: 300,
    poll: { kind: "json" as const, url: `${providerBaseUrl}/spend` },
  };
}

/** A hackathon on a clock pinned at POLL_NOW (before it exists, so its timers start in the test's time). */
export async function pinnedHackathon(overrides: Record<string, unknown>) {
  const id = uniqueHackathonId();
  await pinClock(id, POLL_NOW - 60_000);
  const created = await createHackathon({ id, starts_at: new Date(POLL_NOW - 3_600_000).toISOString(), ends_at: null, ...overrides });
  await pinClock(id, POLL_NOW);
  return created;
}

/** Fires the source's reconciliation timer, which polls whatever the source's mode. */
export async function reconcileNow(hackathonId: string, source: SourceName): Promise<void> {
  const due = await timerDue(hackathonId, `reconcile:${source}`);
  if (due === null) throw new Error(`${source} has no reconciliation timer`);
  await runAlarmAt(hackathonId, due);
}

/** The source's last poll failure as the object recorded it (what mode changes quote). */
export function lastFailureReason(hackathonId: string, source: SourceName): Promise<string | null> {
  return runInDurableObject(roomOf(hackathonId), (room: HackathonRoom, state) => {
    const sql = state.storage.sql;
    return loadMachine(sql, loadRecord(sql)!, source, room.clock.now()).machine.state.lastFailureReason;
  });
}
