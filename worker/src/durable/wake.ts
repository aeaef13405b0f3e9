import { armAlarm } from "./alarm-plan";
import { syncBudgetIncident } from "./alerts/budget-incidents";
import { planOutlookTick } from "./outlook-tick";
import type { RoomRecord } from "./room-record";
import { settleSources } from "./sources/drive";

/**
 * What an existing object puts right as it wakes, before any request: state that older code
 * left, or that no change has touched since, and that nothing else would ever fix. Each step is
 * idempotent, so a wake with nothing to fix writes nothing.
 * - a source left degraded with no poller (from before idle existed) has no timer to settle it;
 * - an open critical budget alert from before the budget incident was recorded is a public
 *   incident (docs/contract.md section 10), so its incident is opened now;
 * - the outlook's minute tick (docs/contract.md section 7) is planned only where a change is
 *   committed, so an object from before it, or one quiet since, would never tick.
 */
export async function settleOnWake(storage: DurableObjectStorage, record: RoomRecord, now: number): Promise<void> {
  const sql = storage.sql;
  settleSources(sql, record, now);
  syncBudgetIncident(sql, now);
  planOutlookTick(sql, record, now);
  // An alarm already set runs the timers and re-arms for the next (run-timer.ts); only an object
  // with none needs one. Moving a set alarm here, before the first request, would run it early.
  if ((await storage.getAlarm()) === null) await armAlarm(storage, sql, now);
}
