import { scheduleTimer } from "../alarm-plan";
import { Effects } from "../effects";
import { type LogCause, logDurableError } from "../log-cause";
import { appendRca } from "../sources/logs";
import { applyMutes } from "./apply-mutes";
import { syncBudgetIncident } from "./budget-incidents";
import { FLOOD_FINGERPRINT } from "./describe";
import { type AlertContext, scheduleAlertTimers } from "./engine";
import { resolveFinishedIncidents } from "./incidents";
import { anyHasFingerprint } from "./store";

/** What a person does to an alert: true when it changed something. */
export type PersonAction = (sql: SqlStorage, alertId: string, now: number, hackathonId: string) => boolean;

/** The flood headline holds while its alert is open: a changed flood alert may move it (views/dashboard-state.ts). */
function noteFloodHeadline(ctx: AlertContext, effects: Effects): void {
  if (anyHasFingerprint(ctx.sql, effects.alerts, FLOOD_FINGERPRINT)) effects.parts.add("tokens");
}

/** Silencing and the public budget incident follow every change, and changed alerts reach D1 with the next history flush. */
function settle(ctx: AlertContext, effects: Effects): Effects {
  for (const id of applyMutes(ctx.sql, ctx.now, ctx.record.config.id)) effects.alerts.add(id);
  syncBudgetIncident(ctx.sql, ctx.now);
  noteFloodHeadline(ctx, effects);
  if (effects.alerts.size > 0) scheduleTimer(ctx.sql, "history-flush", ctx.now + ctx.historyFlushMs);
  scheduleAlertTimers(ctx);
  return effects;
}

/**
 * Runs detectors and alert rules in their own transaction, after the change they look at is
 * committed: a failure here is logged and never undoes or blocks ingestion (no effects then).
 */
export function evaluateAlerts(
  storage: DurableObjectStorage,
  ctx: AlertContext,
  run: (ctx: AlertContext) => Effects,
  cause?: LogCause,
): Effects {
  try {
    return storage.transactionSync(() => settle(ctx, run(ctx)));
  } catch (error) {
    logDurableError("alert evaluation failed", { hackathon: ctx.record.config.id, error: String(error) }, cause);
    appendRca(ctx.sql, {
      at: ctx.now,
      source: "cost",
      kind: "detector_reset",
      summary: "Anomaly and alert evaluation failed for one change; monitoring goes on",
      detail: { error: String(error) },
    });
    return new Effects();
  }
}

/** Acknowledge or resolve by a person; a resolve can also close the alert's incident. */
export function actOnAlert(storage: DurableObjectStorage, ctx: AlertContext, alertId: string, act: PersonAction): Effects {
  return storage.transactionSync(() => {
    const effects = new Effects();
    if (!act(ctx.sql, alertId, ctx.now, ctx.record.config.id)) return effects;
    effects.alerts.add(alertId);
    noteFloodHeadline(ctx, effects);
    syncBudgetIncident(ctx.sql, ctx.now);
    for (const id of resolveFinishedIncidents(ctx.sql, ctx.now)) effects.incidents.add(id);
    scheduleTimer(ctx.sql, "history-flush", ctx.now + ctx.historyFlushMs);
    scheduleAlertTimers(ctx);
    return effects;
  });
}

/** Creates or ends a silence or maintenance window; the alerts it mutes or releases change with it. */
export function changeMutes<T>(
  storage: DurableObjectStorage,
  ctx: AlertContext,
  change: (sql: SqlStorage, now: number) => T,
): { result: T; effects: Effects } {
  return storage.transactionSync(() => {
    const result = change(ctx.sql, ctx.now);
    // Its start or end is a timer even when no open alert changes now.
    return { result, effects: settle(ctx, Effects.storedOnly()) };
  });
}
