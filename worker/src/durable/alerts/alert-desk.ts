import type { Alert, AlertActionResult, AlertList, AlertStatusFilter } from "../../contract";
import { armAlarm, scheduleTimer } from "../alarm-plan";
import type { LiveHub } from "../live/live-hub";
import { logDurableError, type LogCause } from "../log-cause";
import type { ReaderRole } from "../credentials";
import { clientAddress } from "../../lib/client-address";
import type { RoomRecord } from "../room-record";
import { appendRca } from "../sources/logs";
import { AlertStream, alertEvent } from "./alert-stream";
import { AlertEffects, scheduleAlertTimers, type AlertContext } from "./engine";
import { readIncident, resolveFinishedIncidents } from "./incidents";
import { applySilences } from "./silences";
import { findAlert, latestChangeOf, listAlerts } from "./store";
import { alertStreamOpening, parseLastEventId } from "./stream-opening";

type DeskDeps = {
  storage: DurableObjectStorage;
  live: LiveHub;
  now: () => number;
  historyFlushMs: () => number;
  /** Called when anything shown in DashboardState may have changed. */
  onChange: () => void;
  /** Hands every published alert change to outbound notifications. */
  notify?: (changed: Alert[]) => void;
};

/** What a person does to an alert: true when it changed something. */
export type PersonAction = (sql: SqlStorage, alertId: string, now: number, hackathonId: string) => boolean;

/**
 * The hackathon object's alerting: runs evaluations in their own transactions, and sends
 * what changed to the live channel and the SSE stream.
 */
export class AlertDesk {
  readonly stream = new AlertStream();

  constructor(private readonly deps: DeskDeps) {}

  get #sql(): SqlStorage {
    return this.deps.storage.sql;
  }

  /**
   * Runs detectors and alert rules in their own transaction, after the events are committed:
   * a failure here is logged and never undoes or blocks ingestion.
   */
  evaluate(record: RoomRecord, run: (ctx: AlertContext) => AlertEffects, cause?: LogCause): AlertEffects | null {
    const ctx: AlertContext = { sql: this.#sql, record, now: this.deps.now(), historyFlushMs: this.deps.historyFlushMs() };
    try {
      return this.deps.storage.transactionSync(() => {
        const effects = run(ctx);
        for (const id of applySilences(this.#sql, ctx.now, record.config.id)) effects.alerts.add(id);
        if (effects.alerts.size > 0) scheduleTimer(this.#sql, "history-flush", ctx.now + ctx.historyFlushMs);
        scheduleAlertTimers(ctx);
        return effects;
      });
    } catch (error) {
      logDurableError("alert evaluation failed", { hackathon: record.config.id, error: String(error) }, cause);
      appendRca(this.#sql, {
        at: ctx.now,
        source: "cost",
        kind: "detector_reset",
        summary: "Anomaly and alert evaluation failed for one change; monitoring goes on",
        detail: { error: String(error) },
      });
      return null;
    }
  }

  /** Every changed alert, incident and anomaly mark goes out on the live channel; alerts also on SSE. */
  publish(record: RoomRecord, effects: AlertEffects | null): void {
    if (!effects || effects.isEmpty) return;
    this.deps.onChange();
    const hackathonId = record.config.id;
    const changed: Alert[] = [];
    for (const id of effects.alerts) {
      const stored = findAlert(this.#sql, id, hackathonId);
      if (!stored) continue;
      changed.push(stored.alert);
      this.deps.live.publish("alert", stored.alert);
      this.stream.broadcast(alertEvent(latestChangeOf(this.#sql, id), stored.alert));
    }
    if (changed.length > 0) this.deps.notify?.(changed);
    for (const id of effects.incidents) {
      const incident = readIncident(this.#sql, id, hackathonId);
      if (incident) this.deps.live.publish("incident", incident);
    }
    for (const mark of effects.marks) this.deps.live.publish("anomaly", mark);
    if (effects.scored) this.deps.live.notify(["cost", "tokens"]);
  }

  list(record: RoomRecord, status: AlertStatusFilter): AlertList {
    return { alerts: listAlerts(this.#sql, record.config.id, status) };
  }

  /** Acknowledge or resolve by a person; the change is published and goes to D1 with the next flush. */
  async personActs(record: RoomRecord, alertId: string, act: PersonAction): Promise<AlertActionResult> {
    const hackathonId = record.config.id;
    const now = this.deps.now();
    const effects = this.deps.storage.transactionSync(() => {
      const effects = new AlertEffects();
      if (!act(this.#sql, alertId, now, hackathonId)) return effects;
      effects.alerts.add(alertId);
      for (const id of resolveFinishedIncidents(this.#sql, now)) effects.incidents.add(id);
      scheduleTimer(this.#sql, "history-flush", now + this.deps.historyFlushMs());
      scheduleAlertTimers({ sql: this.#sql, record, now, historyFlushMs: this.deps.historyFlushMs() });
      return effects;
    });
    this.publish(record, effects);
    await armAlarm(this.deps.storage, this.#sql, now);
    return { alert: findAlert(this.#sql, alertId, hackathonId)!.alert };
  }

  /** Creates or expires a silence; the alerts it mutes or releases are published at once. */
  async changeSilences<T>(record: RoomRecord, change: (sql: SqlStorage, now: number) => T): Promise<T> {
    const now = this.deps.now();
    const ctx: AlertContext = { sql: this.#sql, record, now, historyFlushMs: this.deps.historyFlushMs() };
    const { result, effects } = this.deps.storage.transactionSync(() => {
      const result = change(this.#sql, now);
      const effects = new AlertEffects();
      for (const id of applySilences(this.#sql, now, record.config.id)) effects.alerts.add(id);
      if (effects.alerts.size > 0) scheduleTimer(this.#sql, "history-flush", now + ctx.historyFlushMs);
      scheduleAlertTimers(ctx);
      return { result, effects };
    });
    this.publish(record, effects);
    await armAlarm(this.deps.storage, this.#sql, now);
    return result;
  }

  /** `role`: who opened it (the Worker says, after auth), so rotation can end it. */
  openStream(record: RoomRecord, request: Request, role: ReaderRole): Response {
    const lastEventId = parseLastEventId(request.headers.get("last-event-id"));
    return this.stream.open(alertStreamOpening(this.#sql, record.config.id, lastEventId), role, clientAddress(request.headers));
  }
}
