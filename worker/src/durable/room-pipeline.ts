import { getConfig, outboundPolicy } from "../config";
import type * as C from "../contract";
import { createDb } from "../db/client";
import { armAlarm, rescheduleTimer, takeDueTimers } from "./alarm-plan";
import { AlertStream } from "./alerts/alert-stream";
import { type AlertContext, evaluateConfig } from "./alerts/engine";
import { evaluateAlerts } from "./alerts/evaluation";
import { openAlertStream } from "./alerts/stream-opening";
import { appendAudit, type AuditRecord } from "./audit/log";
import { grantCheck, readerGrantHeader, ticketRefused } from "./credentials";
import { Effects } from "./effects";
import { flushWithRetry } from "./history/flush-schedule";
import { applyEvents, type EventBatch } from "./ingest/apply-events";
import { LiveChannel } from "./live/live-channel";
import { changedAlerts, publishChanges } from "./live/publish-changes";
import { acceptLiveSocket } from "./live/upgrade";
import { type LogCause, requestCause } from "./log-cause";
import { endExpiredSessions, watchExpiry } from "./member-sessions";
import { Notifier } from "./notifications/notifier";
import { attempt, refusalResponse } from "./outcome";
import { planOutlookTick } from "./outlook-tick";
import { type RoomRecord, saveRecord } from "./room-record";
import { RoomShell } from "./room-shell";
import { runTimer, type TimerDeps } from "./run-timer";
import { type AdapterFor, defaultAdapters, rescheduleSources } from "./sources/drive";
import { readDashboardState, readPart, timeline, withDerivedParts } from "./views/dashboard-state";
import { registryRow } from "./views/registry-row";
import { settleOnWake } from "./wake";

/** Time-windowed figures drift as the clock moves, so an unchanged state is reused this long at most. */
const STATE_CACHE_MS = 1000;

/**
 * One hackathon's live state: its events, figures, timers and subscribers. The entry points
 * (hackathon-room.ts) decide in the modules they call, which return Effects; `commit` applies
 * them, so this is the one place the order of side effects is written down. Also here: what
 * runs without an RPC call, the alarm's timers and the live channel and alert stream's upgrades.
 */
export abstract class RoomPipeline extends RoomShell {
  /** Poll adapters by kind; tests swap in their own. */
  adapters: AdapterFor = defaultAdapters;
  readonly live: LiveChannel;
  readonly alertStream = new AlertStream();
  readonly notifications: Notifier;
  /** Moved by every commit: a cached DashboardState serves one version of one record, so a read never misses a change. */
  #version = 0;
  #stateCache: { state: C.DashboardState; at: number; version: number; record: RoomRecord } | null = null;

  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    this.live = new LiveChannel(ctx, this.clock);
    this.notifications = new Notifier({ storage: ctx.storage, now: () => this.clock.now(), outbound: () => outboundPolicy(this.env) });
    // After the shell has loaded the record: what older code or a quiet spell left is put right (wake.ts).
    void ctx.blockConcurrencyWhile(async () => {
      if (this.record) await settleOnWake(ctx.storage, this.record, this.clock.now());
    });
  }

  protected alertContext(record: RoomRecord): AlertContext {
    return { sql: this.sql, record, now: this.clock.now(), historyFlushMs: getConfig(this.env).HISTORY_FLUSH_MS };
  }

  /**
   * Applies what a change did, always in this order: the cached dashboard goes (its version
   * moves), changed alerts are queued for notification channels, the alarm follows the timers,
   * then subscribers hear of it: a snapshot first when asked for, alert, incident and mark deltas
   * at once (and alerts on SSE), changed parts with the next frame, read then.
   */
  protected async commit(effects: Effects): Promise<void> {
    const record = this.record;
    if (effects.isEmpty || !record) return;
    this.#version++;
    const alerts = changedAlerts(this.sql, effects.alerts, record.config.id);
    this.notifications.onAlertChanges(alerts);
    planOutlookTick(this.sql, record, this.clock.now());
    await armAlarm(this.ctx.storage, this.sql, this.clock.now());
    if (effects.snapshot) this.live.broadcast(JSON.stringify(this.snapshot()));
    publishChanges({ sql: this.sql, hackathonId: record.config.id, live: this.live, stream: this.alertStream }, alerts, effects);
    this.live.notify(withDerivedParts(effects.parts), () => {
      // One context per frame: its parts share the burn and task estimates (views/dashboard-state.ts).
      const figures = { sql: this.sql, record, now: this.clock.now() };
      return (kind) => readPart[kind](figures);
    });
  }

  /**
   * A config save: sources and alerts follow the new record, D1's registry row is refreshed, every
   * subscriber gets a snapshot. Its audit entry is written with the record, in one storage batch.
   */
  protected async saveConfig(record: RoomRecord, audit: AuditRecord, requestId?: string): Promise<void> {
    const cause = requestCause(requestId);
    saveRecord(this.sql, record);
    appendAudit(this.sql, this.clock.now(), audit);
    this.record = record;
    rescheduleSources(this.sql, record, this.clock.now());
    const effects = evaluateAlerts(this.ctx.storage, this.alertContext(record), evaluateConfig, cause);
    const retryAt = await this.#flushHistory(cause);
    if (retryAt !== null) rescheduleTimer(this.sql, "history-flush", retryAt);
    effects.snapshot = true;
    // A budget or an end moves the outlook: it goes out as its own delta too.
    effects.parts.add("outlook");
    await this.commit(effects);
  }

  protected dashboardState(): C.DashboardState {
    const record = this.requireRecord();
    const now = this.clock.now();
    const cached = this.#stateCache;
    const fresh = cached?.version === this.#version && cached.record === record && now >= cached.at && now - cached.at < STATE_CACHE_MS;
    if (cached && fresh) return cached.state;
    const state = readDashboardState({ sql: this.sql, record, now });
    this.#stateCache = { state, at: now, version: this.#version, record };
    return state;
  }

  protected snapshot(): C.SnapshotMessage {
    return { type: "snapshot", seq: this.live.seq, state: this.dashboardState() };
  }

  protected async applyBatch(record: RoomRecord, batch: EventBatch, cause?: LogCause, before = new Effects()): Promise<C.WebhookAccepted> {
    const { result, effects } = applyEvents(this.ctx.storage, this.alertContext(record), batch, cause);
    await this.commit(before.merge(effects));
    return result;
  }

  /** The live channel (a WebSocket upgrade) and the alert stream (SSE), both answered here rather than over RPC. */
  async fetch(request: Request): Promise<Response> {
    if (new URL(request.url).pathname.endsWith("/alerts/stream")) {
      const grant = readerGrantHeader(request.headers);
      const stillHeld = await grantCheck(grant);
      const opened = await this.withRecord(async (record) => {
        stillHeld(record);
        const stream = openAlertStream(this.alertStream, this.sql, record.config.id, request, grant.session);
        await watchExpiry(this.ctx.storage, grant.session, this.clock.now());
        return stream;
      });
      return opened.ok ? opened.value : refusalResponse(opened);
    }
    const outcome = await attempt(() => {
      // No hackathon can have issued this ticket: refused as a bad one is, so /live reveals nothing.
      if (!this.record) throw ticketRefused();
      return acceptLiveSocket(this.ctx, this.live, request, this.clock.now(), () => this.snapshot());
    });
    return outcome.ok ? new Response(null, { status: 101, webSocket: outcome.value }) : refusalResponse(outcome);
  }

  /** Runs every due timer and commits what each changed, then points the alarm at the next one. */
  async alarm(): Promise<void> {
    for (const timer of takeDueTimers(this.sql, this.clock.now())) {
      const { next, effects } = await runTimer(timer, this.#timerDeps());
      if (next !== null) rescheduleTimer(this.sql, timer, next);
      if (effects) await this.commit(effects);
    }
    await armAlarm(this.ctx.storage, this.sql, this.clock.now());
  }

  #timerDeps(): TimerDeps {
    const { ctx, env, record, clock, adapters, notifications } = this;
    const alertContext = (record: RoomRecord) => this.alertContext(record);
    return {
      storage: ctx.storage,
      env,
      record,
      clock,
      adapters,
      notifications,
      alertContext,
      flushHistory: (cause) => this.#flushHistory(cause),
      endExpiredSessions: () => endExpiredSessions(this.holders(), clock.now()),
    };
  }

  /** What a person may hold open: unspent tickets, live sockets, SSE streams (member-sessions.ts). */
  protected holders() {
    return { sql: this.sql, live: this.live, stream: this.alertStream };
  }

  async #flushHistory(cause?: LogCause): Promise<number | null> {
    const record = this.record;
    if (!record) return null;
    const now = this.clock.now();
    const registry = registryRow(record, this.dashboardState(), now);
    return flushWithRetry({
      sql: this.sql,
      db: createDb(this.env.DB),
      hackathonId: record.config.id,
      context: timeline(record),
      registry,
      now,
      cause,
    });
  }
}
