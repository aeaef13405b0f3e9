import type { InboundEvent, WebhookAccepted } from "../../contract";
import { scheduleTimer } from "../alarm-plan";
import { type AlertContext, evaluateIngest } from "../alerts/engine";
import { evaluateAlerts } from "../alerts/evaluation";
import { Effects } from "../effects";
import { markHistory } from "../history/mark-dirty";
import type { LogCause } from "../log-cause";
import { scheduleRetention } from "../retention/run";
import { onEvents } from "../sources/drive";
import { nextCounter } from "../storage/meta";
import { isPartKind } from "../views/dashboard-state";
import type { CapMode } from "./caps";
import type { EventOrigin } from "./origin";
import { storeEvents } from "./store-events";

/** Events to store, with the time they are received at (evaluation runs at `ctx.now`). */
export type EventBatch = { events: InboundEvent[]; now: number; origin: EventOrigin; caps: CapMode };

/**
 * Stores and applies events in one transaction, then evaluates alerts over what they changed in
 * another. Webhook events also feed each source's hysteresis machine; polled events do not,
 * since they are not the sender speaking. Returns the answer and what the commit must do.
 */
export function applyEvents(
  storage: DurableObjectStorage,
  ctx: AlertContext,
  batch: EventBatch,
  cause?: LogCause,
): { result: WebhookAccepted; effects: Effects } {
  const { sql, record } = ctx;
  const { now } = batch;
  const { result, changes, transitions } = storage.transactionSync(() => {
    const stored = storeEvents(sql, batch.events, now, batch.origin, batch.caps);
    const moved = batch.origin === "webhook" ? onEvents(sql, record, stored.changes.sources, now) : [];
    if (!stored.changes.isEmpty) {
      markHistory(sql, stored.changes, now, nextCounter(sql, "history_version"));
      scheduleTimer(sql, "history-flush", now + ctx.historyFlushMs);
      scheduleRetention(sql, stored.changes.accepted, now);
    }
    return { ...stored, transitions: moved };
  });
  if (changes.isEmpty && transitions.length === 0) return { result, effects: new Effects() };
  // Evaluation's parts (scores) go first, then the figures the events moved, then source health.
  const effects = changes.isEmpty ? new Effects() : evaluateAlerts(storage, ctx, (c) => evaluateIngest(c, changes), cause);
  for (const kind of changes.kinds) if (isPartKind(kind)) effects.parts.add(kind);
  if (batch.origin === "webhook" || transitions.length > 0) effects.parts.add("health");
  effects.stored = true;
  return { result, effects };
}
