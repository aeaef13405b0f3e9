/**
 * Every timer of the object is a row here; the platform's single alarm is always set to
 * the earliest row. Rows survive eviction, so a woken object resumes its schedule.
 */
import type { SourceName } from "../contract";

/**
 * history-flush; source:<name> runs a source's hysteresis machine; reconcile:<name> its reconciliation;
 * alerts checks alert hold periods; token-minute scores each closed minute of the token rate;
 * notifications flushes notification groups and sends due deliveries; silences re-applies
 * silences when one starts or ends; retention compacts old raw events into rollups; outlook sends
 * the outlook each minute while the hackathon runs (outlook-tick.ts); sessions closes people's
 * sockets and streams whose Access token expired (member-sessions.ts).
 */
export type TimerName =
  | "history-flush"
  | "outlook"
  | "retention"
  | "alerts"
  | "token-minute"
  | "notifications"
  | "silences"
  | "sessions"
  | `source:${SourceName}`
  | `reconcile:${SourceName}`;

/** Sets a timer unless it is already due at or before `dueAt`. */
export function scheduleTimer(sql: SqlStorage, name: TimerName, dueAt: number): void {
  sql.exec(
    `INSERT INTO timers (name, due_at) VALUES (?, ?)
     ON CONFLICT (name) DO UPDATE SET due_at = MIN(due_at, excluded.due_at)`,
    name,
    dueAt,
  );
}

/** Moves a timer to exactly `dueAt`, later or earlier (used for retry backoff). */
export function rescheduleTimer(sql: SqlStorage, name: TimerName, dueAt: number): void {
  sql.exec("INSERT INTO timers (name, due_at) VALUES (?, ?) ON CONFLICT (name) DO UPDATE SET due_at = excluded.due_at", name, dueAt);
}

export function cancelTimer(sql: SqlStorage, name: TimerName): void {
  sql.exec("DELETE FROM timers WHERE name = ?", name);
}

export function timerDueAt(sql: SqlStorage, name: TimerName): number | null {
  return sql.exec<{ due_at: number }>("SELECT due_at FROM timers WHERE name = ?", name).toArray()[0]?.due_at ?? null;
}

/** Removes and returns the timers due at `now`. */
export function takeDueTimers(sql: SqlStorage, now: number): TimerName[] {
  return sql
    .exec<{ name: TimerName }>("DELETE FROM timers WHERE due_at <= ? RETURNING name", now)
    .toArray()
    .map((r) => r.name);
}

export function nextDueAt(sql: SqlStorage): number | null {
  return sql.exec<{ at: number | null }>("SELECT MIN(due_at) AS at FROM timers").one().at;
}

/**
 * Points the platform alarm at the earliest timer. Timers live in the object's clock
 * (`now`), the platform alarm in wall time. An alarm that fires early finds nothing due
 * and re-arms, so it is only ever moved earlier here, which spares the hot path a write.
 */
export async function armAlarm(storage: DurableObjectStorage, sql: SqlStorage, now: number): Promise<void> {
  const next = nextDueAt(sql);
  const current = await storage.getAlarm();
  if (next === null) {
    if (current !== null) await storage.deleteAlarm();
    return;
  }
  const wallTime = Date.now() + Math.max(0, next - now);
  if (current === null || wallTime < current) await storage.setAlarm(wallTime);
}
