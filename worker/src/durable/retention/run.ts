import { scheduleTimer } from "../alarm-plan";
import { logDurableError } from "../log-cause";
import { foldCostLedger, oldestUnfoldedCost } from "./fold-cost";
import { foldTokenLedger, oldestUnfoldedTokens } from "./fold-tokens";
import { compactableAt, RETENTION_BATCH, RETENTION_CONTINUE_MS, RETENTION_EVERY_MS, retentionHorizon, type RetentionBatch } from "./policy";
import { oldestEventBody, stripEventBodies } from "./strip-bodies";

export type RetentionRun = { bodies: number; costMinutes: number; tokenMinutes: number; nextDueAt: number | null };

/** When the oldest raw row left becomes compactable, never sooner than the usual cadence. */
function nextRunAt(sql: SqlStorage, now: number): number | null {
  const oldest = [oldestEventBody(sql), oldestUnfoldedCost(sql), oldestUnfoldedTokens(sql)].filter((ts) => ts !== null);
  if (oldest.length === 0) return null;
  return Math.max(compactableAt(Math.min(...oldest)), now + RETENTION_EVERY_MS);
}

/**
 * One bounded compaction pass: strips old payloads and folds old ledger minutes into
 * rollups. The caller runs it in one transaction, so a crash leaves a minute whole or untouched.
 */
export function compactOldEvents(sql: SqlStorage, now: number, batch: RetentionBatch = RETENTION_BATCH): RetentionRun {
  const horizon = retentionHorizon(now);
  const bodies = stripEventBodies(sql, horizon, batch.bodies);
  const costMinutes = foldCostLedger(sql, horizon, batch.minutes);
  const tokenMinutes = foldTokenLedger(sql, horizon, batch.minutes);
  const more = bodies === batch.bodies || costMinutes === batch.minutes || tokenMinutes === batch.minutes;
  return { bodies, costMinutes, tokenMinutes, nextDueAt: more ? now + RETENTION_CONTINUE_MS : nextRunAt(sql, now) };
}

/** Runs the retention timer; never throws (the alarm chain must go on): a failed pass retries later. */
export function runRetentionTimer(storage: DurableObjectStorage, now: number, hackathonId: string | undefined): number | null {
  try {
    return storage.transactionSync(() => compactOldEvents(storage.sql, now)).nextDueAt;
  } catch (error) {
    logDurableError("retention failed", { hackathon: hackathonId, error: String(error) }, { timer: "retention" });
    return now + RETENTION_EVERY_MS;
  }
}

/** Called on ingest: the earliest accepted event decides when compaction is next worth a run. */
export function scheduleRetention(sql: SqlStorage, accepted: ReadonlyArray<{ ts: number }>, now: number): void {
  if (accepted.length === 0) return;
  const earliest = Math.min(...accepted.map((event) => event.ts));
  scheduleTimer(sql, "retention", Math.max(compactableAt(earliest), now + RETENTION_EVERY_MS));
}
