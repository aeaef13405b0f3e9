import { MINUTE_MS } from "../lib/time";
import { rescheduleTimer, timerDueAt } from "./alarm-plan";
import type { RoomRecord } from "./room-record";

/**
 * The outlook goes out at least this often while `hours_left` runs (docs/contract.md section 7):
 * its hours left and its dates move with the clock even when no figure does.
 */
export const OUTLOOK_TICK_MS = MINUTE_MS;

/** When the next tick is due: a minute on, the last one landing on `ends_at` (0 h left); null after it. */
export function nextOutlookTick(record: RoomRecord | undefined, now: number): number | null {
  const endsAt = record?.config.ends_at ? Date.parse(record.config.ends_at) : null;
  // An archived hackathon is frozen: nothing it shows moves any more. A paused or completed one
  // keeps ticking: its outlook still shows `hours_left` running down to `ends_at` (section 7: "at
  // least once a minute while hours_left runs"), and a frozen figure would be a wrong one.
  if (endsAt === null || now >= endsAt || record?.config.status === "archived") return null;
  return Math.min(now + OUTLOOK_TICK_MS, endsAt);
}

/**
 * Keeps the tick scheduled while the hackathon runs: set when missing (a new end, an object from
 * before the outlook, planned as it wakes), brought forward when the end moved nearer. One read
 * when nothing changes.
 */
export function planOutlookTick(sql: SqlStorage, record: RoomRecord, now: number): void {
  const next = nextOutlookTick(record, now);
  if (next === null) return;
  const due = timerDueAt(sql, "outlook");
  if (due === null || due > next) rescheduleTimer(sql, "outlook", next);
}
