import { outboundPolicy } from "../config";
import type { SourceName } from "../contract";
import type { TimerName } from "./alarm-plan";
import { type AlertContext, runHoldCheck, runTokenMinute } from "./alerts/engine";
import { evaluateAlerts } from "./alerts/evaluation";
import type { Clock } from "./clock";
import { Effects } from "./effects";
import { applyEvents } from "./ingest/apply-events";
import { type LogCause, logDurableError } from "./log-cause";
import type { Notifier } from "./notifications/notifier";
import { nextOutlookTick } from "./outlook-tick";
import { runRetentionTimer } from "./retention/run";
import type { RoomRecord } from "./room-record";
import { type AdapterFor, runSourceTimer } from "./sources/drive";

/** What the object lends one due timer's run. */
export type TimerDeps = {
  storage: DurableObjectStorage;
  env: Env;
  /** Undefined for an object nobody created: only storage upkeep runs then. */
  record: RoomRecord | undefined;
  clock: Clock;
  adapters: AdapterFor;
  notifications: Notifier;
  alertContext: (record: RoomRecord) => AlertContext;
  flushHistory: (cause: LogCause) => Promise<number | null>;
  /** Closes people's sessions whose Access token expired; when the next one does (member-sessions.ts). */
  endExpiredSessions: () => number | null;
};

/** When the timer should run again (null: not until something schedules it), and what it changed, for the commit. */
export type TimerRun = { next: number | null; effects?: Effects };

/** Alarm work must never stop the schedule: a failed run is logged and tried again in a minute. */
const RETRY_MS = 60_000;

/** Runs one due timer of alarm-plan.ts. Never throws. */
export async function runTimer(timer: TimerName, deps: TimerDeps): Promise<TimerRun> {
  const cause: LogCause = { timer };
  const { record, storage, clock } = deps;
  if (timer === "history-flush") return { next: await deps.flushHistory(cause) };
  if (timer === "sessions") return { next: deps.endExpiredSessions() };
  // Folding old events into rollups leaves the figures as they were, but they are read again.
  if (timer === "retention") return { next: runRetentionTimer(storage, clock.now(), record?.config.id), effects: Effects.storedOnly() };
  if (!record) return { next: null };
  if (timer === "notifications") return { next: await runNotifications(deps, record) };
  if (timer === "outlook") return { next: nextOutlookTick(record, clock.now()), effects: outlookTick() };
  if (timer === "alerts" || timer === "token-minute" || timer === "silences") {
    const run = { alerts: runHoldCheck, "token-minute": runTokenMinute, silences: () => new Effects() }[timer];
    return { next: null, effects: evaluateAlerts(storage, deps.alertContext(record), run, cause) };
  }
  return runSource(deps, record, timer, cause);
}

/** A source's tick or reconciliation; events a poll brought are applied like polled events, and health is re-sent when the mode moved. */
async function runSource(
  deps: TimerDeps,
  record: RoomRecord,
  timer: `${"source" | "reconcile"}:${SourceName}`,
  cause: LogCause,
): Promise<TimerRun> {
  const [kind, source] = timer.split(":") as ["source" | "reconcile", SourceName];
  const now = deps.clock.now();
  try {
    const run = await runSourceTimer({
      sql: deps.storage.sql,
      record,
      source,
      purpose: kind === "reconcile" ? "reconcile" : "tick",
      now,
      adapters: deps.adapters,
      outbound: outboundPolicy(deps.env),
    });
    const batch = { events: run.events, now, origin: "poll", caps: { kind: "skip" } } as const;
    const effects = run.events.length > 0 ? applyEvents(deps.storage, deps.alertContext(record), batch, cause).effects : new Effects();
    if (run.transitions.length > 0 || run.reconciled) effects.parts.add("health");
    return { next: run.next, effects };
  } catch (error) {
    logDurableError("source timer failed", { hackathon: record.config.id, error: String(error) }, cause);
    return { next: now + RETRY_MS };
  }
}

/** The minute tick: the outlook is read again and sent (the live channel skips it if nothing moved). */
function outlookTick(): Effects {
  const effects = new Effects();
  effects.parts.add("outlook");
  return effects;
}

async function runNotifications(deps: TimerDeps, record: RoomRecord): Promise<number | null> {
  try {
    return await deps.notifications.run(record);
  } catch (error) {
    logDurableError("notifications timer failed", { hackathon: record.config.id, error: String(error) }, { timer: "notifications" });
    return deps.clock.now() + RETRY_MS;
  }
}
