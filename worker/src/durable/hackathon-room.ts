import { DurableObject } from "cloudflare:workers";
import { getConfig, outboundPolicy } from "../config";
import { refuseOutboundUrls } from "../outbound/config-urls";
import type {
  Alert,
  AlertActionResult,
  ChannelCreate,
  ChannelCreated,
  ChannelList,
  DeliveryList,
  DeliveryQueued,
  AlertList,
  AlertStatusFilter,
  SilenceCreate,
  SilenceList,
  SilenceResult,
  MaintenanceCreate,
  MaintenanceList,
  MaintenanceResult,
  DashboardState,
  ErrorCode,
  Hackathon,
  HackathonCreate,
  HackathonCredentials,
  HackathonUpdate,
  InboundEvent,
  GapsResponse,
  PublicStatus,
  RcaResponse,
  RoomHealth,
  SourceName,
  Ticket,
  WebhookAccepted,
} from "../contract";
import { createDb } from "../db/client";
import type { RawSenderRequest, SenderVerdict } from "../integrations/sender";
import { SENDERS, type SenderName } from "../integrations/senders";
import { badRequest, conflict, notFound, validationFailed, zodIssues } from "../errors";
import { clientAddress } from "../lib/client-address";
import { decodeUtf8 } from "../lib/utf8";
import { spendAuthenticatedWebhook } from "../middleware/rate-limit";
import { toIso } from "../lib/time";
import { verifyStandardWebhook, type StandardWebhookHeaders } from "../signatures/standard-webhooks";
import { armAlarm, rescheduleTimer, scheduleTimer, takeDueTimers, type TimerName } from "./alarm-plan";
import { AlertDesk } from "./alerts/alert-desk";
import { NotificationDesk } from "./notifications/desk";
import { AlertEffects, evaluateConfig, evaluateIngest, runHoldCheck, runTokenMinute } from "./alerts/engine";
import { createSilence, expireSilence, listSilences } from "./alerts/silences";
import { createMaintenance, endMaintenance, listMaintenance } from "./alerts/maintenance";
import { acknowledgeAlert, resolveAlert } from "./alerts/lifecycle";
import { addressTag, isCapped, MAX_SOCKETS_PER_ADDRESS, refuseOverCap } from "./client-caps";
import { Clock } from "./clock";
import {
  authorizeUpgrade,
  credentialsFor,
  dropTokenTickets,
  endsAtRotation,
  issueCredentials,
  issueTicket,
  readerRoleHeader,
  ticketRefused,
  roleOfToken,
  type ReaderRole,
  type TokenRole,
} from "./credentials";
import { readDashboardState, readPart, timeline, type PartKind } from "./dashboard-state";
import { readGaps } from "./figures/completion-gaps";
import { countDuplicates, initSourceHealth } from "./figures/health";
import { flushWithRetry } from "./history/flush-schedule";
import { readRoomHealth } from "./health-snapshot";
import { countRefusal } from "./ingest/refusals";
import { logDurableError, requestCause, type LogCause } from "./log-cause";
import { readMetricsSnapshot, type MetricsSnapshot } from "./metrics-snapshot";
import { markHistory } from "./history/mark-dirty";
import type { CapMode } from "./ingest/caps";
import { parseEventsBody } from "./ingest/parse-events";
import { storeEvents, type EventOrigin } from "./ingest/store-events";
import { LiveHub } from "./live/live-hub";
import { defaultAdapters, onEvents, rescheduleSources, runSourceTimer, type AdapterFor } from "./sources/drive";
import { appendRca, readRcaLog, readTransitions } from "./sources/logs";
import { attempt, type Outcome } from "./outcome";
import { readPublicStatus } from "./public-status";
import { registryRow } from "./registry";
import { runRetentionTimer, scheduleRetention } from "./retention/run";
import { loadRecord, mergeUpdate, saveRecord, toPublicHackathon, type RoomRecord } from "./room-record";
import { standInRecord } from "./stand-in-record";
import { nextCounter } from "./storage/meta";
import { holdsRoomSchema, migrateRoomSchema } from "./storage/schema";

/** What a sender's delivery is answered: the usual count, or 204 for one that can never be applied. */
export type SenderAnswer = { status: 200; body: WebhookAccepted } | { status: 204 };

/** Time-windowed figures drift as the clock moves, so an unchanged state is reused this long at most. */
const STATE_CACHE_MS = 1000;

/** One hackathon's live state: its events, figures, timers and subscribers. */
export class HackathonRoom extends DurableObject<Env> {
  readonly clock = new Clock();
  /** Poll adapters by kind; tests swap in their own. */
  adapters: AdapterFor = defaultAdapters;
  readonly live: LiveHub;
  readonly alertDesk: AlertDesk;
  readonly notifications: NotificationDesk;
  #record: RoomRecord | undefined;
  /** The last computed DashboardState; dropped on every change, so a read never misses an accepted event. */
  #stateCache: { state: DashboardState; at: number } | null = null;

  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    this.live = new LiveHub(ctx, (kind) => this.#readPart(kind), () => this.clock.now());
    this.notifications = new NotificationDesk({ storage: ctx.storage, now: () => this.clock.now(), outbound: () => outboundPolicy(this.env) });
    this.alertDesk = new AlertDesk({
      notify: (changed) => this.#notify(changed),
      storage: ctx.storage,
      live: this.live,
      now: () => this.clock.now(),
      historyFlushMs: () => getConfig(this.env).HISTORY_FLUSH_MS,
      onChange: () => (this.#stateCache = null),
    });
    ctx.setWebSocketAutoResponse(new WebSocketRequestResponsePair("ping", "pong"));
    void ctx.blockConcurrencyWhile(async () => {
      // Any well-formed id reaches an object: one nobody created gets no schema (and no storage)
      // until create() runs; older hackathons are still migrated when they wake.
      if (!holdsRoomSchema(this.#sql)) return;
      migrateRoomSchema(this.ctx.storage);
      this.#record = loadRecord(this.#sql);
    });
  }

  get #sql(): SqlStorage {
    return this.ctx.storage.sql;
  }

  #requireRecord(): RoomRecord {
    if (!this.#record) throw notFound("No such hackathon");
    return this.#record;
  }

  #figureContext() {
    return { sql: this.#sql, record: this.#requireRecord(), now: this.clock.now() };
  }

  #readPart(kind: PartKind): unknown {
    return readPart[kind](this.#figureContext());
  }

  /** Persists the record, refreshes the D1 registry now (or schedules the retry) and tells subscribers. */
  async #save(record: RoomRecord, cause?: LogCause): Promise<void> {
    saveRecord(this.#sql, record);
    this.#record = record;
    this.#stateCache = null;
    rescheduleSources(this.#sql, record, this.clock.now());
    const effects = this.alertDesk.evaluate(record, evaluateConfig, cause);
    const retryAt = await this.#flushHistory(cause);
    if (retryAt !== null) rescheduleTimer(this.#sql, "history-flush", retryAt);
    await armAlarm(this.ctx.storage, this.#sql, this.clock.now());
    this.live.broadcast(JSON.stringify(this.#snapshot()));
    this.alertDesk.publish(record, effects);
  }

  async create(input: HackathonCreate, origin: string, requestId?: string): Promise<Outcome<HackathonCredentials>> {
    return attempt(async () => {
      refuseOutboundUrls(input, outboundPolicy(this.env));
      if (this.#record) throw conflict(`A hackathon with id "${input.id}" already exists`);
      migrateRoomSchema(this.ctx.storage);
      const credentials = await issueCredentials();
      const now = this.clock.now();
      const record: RoomRecord = {
        config: input,
        ...credentials.hashes,
        webhookSecret: credentials.webhookSecret,
        createdAt: now,
        updatedAt: now,
      };
      initSourceHealth(this.#sql);
      await this.#save(record, requestCause(requestId));
      return credentialsFor(record, credentials.tokens, origin);
    });
  }

  async read(): Promise<Outcome<Hackathon>> {
    return attempt(() => toPublicHackathon(this.#requireRecord()));
  }

  async update(input: HackathonUpdate, requestId?: string): Promise<Outcome<Hackathon>> {
    return attempt(async () => {
      const record = this.#requireRecord();
      refuseOutboundUrls(input, outboundPolicy(this.env));
      const merged = mergeUpdate(record.config, input);
      if (!merged.ok) throw validationFailed(zodIssues(merged.error));
      const next = { ...record, config: merged.config, updatedAt: this.clock.now() };
      await this.#save(next, requestCause(requestId));
      return toPublicHackathon(next);
    });
  }

  async archive(requestId?: string): Promise<Outcome<Hackathon>> {
    return attempt(async () => {
      const record = this.#requireRecord();
      const next: RoomRecord = { ...record, config: { ...record.config, status: "archived" }, updatedAt: this.clock.now() };
      await this.#save(next, requestCause(requestId));
      return toPublicHackathon(next);
    });
  }

  async rotate(origin: string, requestId?: string): Promise<Outcome<HackathonCredentials>> {
    return attempt(async () => {
      const record = this.#requireRecord();
      const credentials = await issueCredentials();
      const next: RoomRecord = {
        ...record,
        ...credentials.hashes,
        webhookSecret: credentials.webhookSecret,
        updatedAt: this.clock.now(),
      };
      // Before the record is saved (and its snapshot broadcast): what the old tokens opened
      // gets no further frame. Nothing awaits in between, so no request slips through.
      this.#endTokenSessions();
      await this.#save(next, requestCause(requestId));
      return credentialsFor(next, credentials.tokens, origin);
    });
  }

  /** Rotation ends what the old tokens opened: unspent tickets, live sockets, SSE streams (CONTRACT section 2). */
  #endTokenSessions(): void {
    dropTokenTickets(this.#sql);
    this.live.endSessions((attachment) => endsAtRotation(attachment.role), 4001, "credentials rotated");
    this.alertDesk.stream.endSessions(endsAtRotation);
  }

  /** The role `token` has on this hackathon, or null. Unknown hackathons know no tokens. */
  async roleOf(token: string): Promise<TokenRole | null> {
    return this.#record ? roleOfToken(token, this.#record) : null;
  }

  async ticket(role: ReaderRole): Promise<Outcome<Ticket>> {
    return attempt(async () => {
      this.#requireRecord();
      const { ticket, expiresAt } = await issueTicket(this.#sql, role, this.clock.now());
      return { ticket, expires_at: toIso(expiresAt) };
    });
  }

  async dashboard(): Promise<Outcome<DashboardState>> {
    return attempt(() => this.#dashboardState());
  }

  #dashboardState(): DashboardState {
    const now = this.clock.now();
    const cached = this.#stateCache;
    if (cached && now >= cached.at && now - cached.at < STATE_CACHE_MS) return cached.state;
    const state = readDashboardState(this.#figureContext());
    this.#stateCache = { state, at: now };
    return state;
  }

  /** The public-safe summary; a private hackathon answers exactly as an unknown one. */
  async publicStatus(): Promise<Outcome<PublicStatus>> {
    return attempt(() => {
      const record = this.#requireRecord();
      if (!record.config.public) throw notFound("No such hackathon");
      return readPublicStatus({ sql: this.#sql, record, now: this.clock.now(), dashboard: this.#dashboardState() });
    });
  }

  /** `requestId`: the Worker's id of the request, carried into the log lines this delivery causes. */
  async ingest(bytes: Uint8Array, headers: StandardWebhookHeaders, requestId?: string): Promise<Outcome<WebhookAccepted>> {
    const outcome = await attempt(async () => {
      // An unknown id is refused by the same check as a wrong signature, with the same answer.
      await verifyStandardWebhook((this.#record ?? standInRecord()).webhookSecret, bytes, headers);
      const record = this.#requireRecord(); // unreachable for an unknown id: nobody holds the stand-in's secret
      await spendAuthenticatedWebhook(this.env, record.config.id, "events", requestId);
      if (record.config.status === "archived") throw conflict("The hackathon is archived and takes no events");
      const body = decodeUtf8(bytes);
      if (body === null) throw badRequest("The body is not valid UTF-8");
      const now = this.clock.now();
      const { events, pathOf } = parseEventsBody(body, { currency: record.config.budget.currency, now });
      return this.#applyEvents(events, now, "webhook", { kind: "refuse", pathOf }, requestCause(requestId));
    });
    return this.#countedRefusal(outcome);
  }

  #countedRefusal<T>(outcome: Outcome<T>): Outcome<T> {
    if (!outcome.ok) this.recordRefusal(outcome.body.error.code);
    return outcome;
  }

  /** Counts a delivery refused on its way in (by the Worker's body checks, or here). Unknown hackathons count nothing. */
  recordRefusal(code: ErrorCode): void {
    if (this.#record && code !== "not_found") countRefusal(this.#sql, code);
  }

  /** This hackathon's figures and counters for /metrics. */
  async metricsSnapshot(): Promise<Outcome<MetricsSnapshot>> {
    return attempt(() => readMetricsSnapshot(this.#sql, this.#requireRecord(), this.#dashboardState()));
  }

  /** This hackathon's machinery for /healthz?deep=1. */
  async health(): Promise<Outcome<RoomHealth>> {
    return attempt(() => {
      this.#requireRecord();
      return readRoomHealth(this.ctx.storage);
    });
  }

  /**
   * A delivery from another sender (GitHub, Pub/Sub push): authenticated first, then turned
   * into events and applied like Pitwall's own. A delivery that can never be applied is
   * answered 204 (so the sender stops redelivering) and written to the RCA log.
   */
  async ingestFrom(name: SenderName, request: RawSenderRequest, requestId?: string): Promise<Outcome<SenderAnswer>> {
    const outcome = await attempt(async (): Promise<SenderAnswer> => {
      const { sender, source, alsoChanges = [], invalidUtf8 = "refuse" } = SENDERS[name];
      // An unknown id is authenticated against a stand-in nobody holds credentials for: the same 401 as a wrong one.
      await sender.authenticate(request, { record: this.#record ?? standInRecord(), sql: this.#sql, now: this.clock.now(), env: this.env });
      const record = this.#requireRecord(); // unreachable for an unknown id
      await spendAuthenticatedWebhook(this.env, record.config.id, name, requestId);
      const ctx = { record, sql: this.#sql, now: this.clock.now(), env: this.env };
      if (record.config.status === "archived") throw conflict("The hackathon is archived and takes no events");
      const body = decodeUtf8(request.body);
      if (body === null && invalidUtf8 === "refuse") throw badRequest("The body is not valid UTF-8");
      const verdict: SenderVerdict =
        body === null
          ? { kind: "unusable", reason: "The body is not valid UTF-8", detail: {} }
          : await sender.interpret({ ...request, body }, ctx);
      if (verdict.kind !== "unusable" && alsoChanges.length > 0) {
        this.#stateCache = null;
        this.live.notify(alsoChanges.filter((kind): kind is PartKind => kind in readPart));
      }
      if (verdict.kind === "events") {
        const caps: CapMode = { kind: "skip" }; // A sender cannot act on a 400: past a cap, new tasks are skipped.
        return { status: 200, body: await this.#applyEvents(verdict.events, ctx.now, "webhook", caps, requestCause(requestId)) };
      }
      if (verdict.kind === "ignored") return { status: 200, body: { accepted: 0, duplicates: 0, ignored: verdict.reason } };
      if (verdict.kind === "duplicate") {
        countDuplicates(this.#sql, source, 1);
        return { status: 200, body: { accepted: 0, duplicates: 1 } };
      }
      appendRca(this.#sql, { at: ctx.now, source, kind: "unusable_delivery", summary: verdict.reason, detail: verdict.detail });
      return { status: 204 };
    });
    return this.#countedRefusal(outcome);
  }

  /**
   * Stores and applies events in one transaction. Webhook events also feed each source's
   * hysteresis machine; polled events do not, since they are not the sender speaking.
   */
  async #applyEvents(events: InboundEvent[], now: number, origin: EventOrigin, caps: CapMode, cause?: LogCause): Promise<WebhookAccepted> {
    const record = this.#requireRecord();
    const { result, changes, transitions } = this.ctx.storage.transactionSync(() => {
      const stored = storeEvents(this.#sql, events, now, origin, caps);
      const moved = origin === "webhook" ? onEvents(this.#sql, record, stored.changes.sources, now) : [];
      if (!stored.changes.isEmpty) {
        markHistory(this.#sql, stored.changes, now, nextCounter(this.#sql, "history_version"));
        scheduleTimer(this.#sql, "history-flush", now + getConfig(this.env).HISTORY_FLUSH_MS);
        scheduleRetention(this.#sql, stored.changes.accepted, now);
      }
      return { ...stored, transitions: moved };
    });
    const effects = changes.isEmpty ? null : this.alertDesk.evaluate(record, (ctx) => evaluateIngest(ctx, changes), cause);
    if (!changes.isEmpty || transitions.length > 0) {
      this.#stateCache = null;
      await armAlarm(this.ctx.storage, this.#sql, now);
      this.alertDesk.publish(record, effects);
      const kinds: PartKind[] = [...changes.kinds].filter((kind): kind is PartKind => kind in readPart);
      if (origin === "webhook" || transitions.length > 0) kinds.push("health");
      this.live.notify(kinds);
    }
    return result;
  }

  async alerts(status: AlertStatusFilter): Promise<Outcome<AlertList>> {
    return attempt(() => this.alertDesk.list(this.#requireRecord(), status));
  }

  async silences(): Promise<Outcome<SilenceList>> {
    return attempt(() => {
      this.#requireRecord();
      return { silences: listSilences(this.#sql, this.clock.now()) };
    });
  }

  /** `by`: who the caller's credential says it is (section 12), never what the body claims. */
  async createSilence(input: SilenceCreate, by: string): Promise<Outcome<SilenceResult>> {
    return attempt(async () => ({
      silence: await this.alertDesk.changeSilences(this.#requireRecord(), (sql, now) => createSilence(sql, input, now, by)),
    }));
  }

  async expireSilence(silenceId: string): Promise<Outcome<SilenceResult>> {
    return attempt(async () => ({
      silence: await this.alertDesk.changeSilences(this.#requireRecord(), (sql, now) => expireSilence(sql, silenceId, now)),
    }));
  }

  async maintenance(): Promise<Outcome<MaintenanceList>> {
    return attempt(() => {
      this.#requireRecord();
      return { maintenance: listMaintenance(this.#sql, this.clock.now()) };
    });
  }

  /** Windows mute alerts like a silence that matches everything, so they change silencing the same way. */
  async createMaintenance(input: MaintenanceCreate, by: string): Promise<Outcome<MaintenanceResult>> {
    return attempt(async () => ({
      maintenance: await this.alertDesk.changeSilences(this.#requireRecord(), (sql, now) => createMaintenance(sql, input, now, by)),
    }));
  }

  async endMaintenance(windowId: string): Promise<Outcome<MaintenanceResult>> {
    return attempt(async () => ({
      maintenance: await this.alertDesk.changeSilences(this.#requireRecord(), (sql, now) => endMaintenance(sql, windowId, now)),
    }));
  }

  /** Alert changes become queued notifications; the alarm is moved if a group now flushes earlier. */
  #notify(changed: Alert[]): void {
    if (!this.notifications.onAlertChanges(changed)) return;
    armAlarm(this.ctx.storage, this.#sql, this.clock.now()).catch((error: unknown) =>
      console.error(JSON.stringify({ msg: "arming the notifications alarm failed", hackathon: this.#record?.config.id, error: String(error) })),
    );
  }

  async createChannel(input: ChannelCreate): Promise<Outcome<ChannelCreated>> {
    return attempt(() => {
      this.#requireRecord();
      return this.notifications.create(input);
    });
  }

  async channels(): Promise<Outcome<ChannelList>> {
    return attempt(() => {
      this.#requireRecord();
      return this.notifications.list();
    });
  }

  async deleteChannel(channelId: string): Promise<Outcome<null>> {
    return attempt(() => {
      this.#requireRecord();
      this.notifications.remove(channelId);
      return null;
    });
  }

  async testChannel(channelId: string): Promise<Outcome<DeliveryQueued>> {
    return attempt(async () => {
      this.#requireRecord();
      const queued = this.notifications.test(channelId);
      await armAlarm(this.ctx.storage, this.#sql, this.clock.now());
      return queued;
    });
  }

  async channelDeliveries(channelId: string): Promise<Outcome<DeliveryList>> {
    return attempt(() => {
      this.#requireRecord();
      return this.notifications.deliveries(channelId);
    });
  }

  async acknowledgeAlert(alertId: string, by: string): Promise<Outcome<AlertActionResult>> {
    return attempt(() => this.alertDesk.personActs(this.#requireRecord(), alertId, (sql, id, now, hk) => acknowledgeAlert(sql, id, now, hk, by)));
  }

  async resolveAlert(alertId: string, by: string): Promise<Outcome<AlertActionResult>> {
    return attempt(() => this.alertDesk.personActs(this.#requireRecord(), alertId, (sql, id, now, hk) => resolveAlert(sql, id, now, hk, by)));
  }

  /** The reconciliation and root-cause log, and the mode transitions, newest first. */
  async rca(): Promise<Outcome<RcaResponse>> {
    return attempt(() => {
      this.#requireRecord();
      return { entries: readRcaLog(this.#sql), transitions: readTransitions(this.#sql) };
    });
  }

  /** The critical path and the blocked tasks holding it up. A read: cycles are logged where tasks are applied. */
  async gaps(): Promise<Outcome<GapsResponse>> {
    return attempt(() => {
      this.#requireRecord();
      return readGaps(this.#sql);
    });
  }

  #snapshot() {
    return { type: "snapshot" as const, seq: this.live.seq, state: this.#dashboardState() };
  }

  /** The live channel: a WebSocket upgrade authorised by a single-use ticket (or a bearer role set by the Worker). */
  async fetch(request: Request): Promise<Response> {
    if (new URL(request.url).pathname.endsWith("/alerts/stream")) {
      if (!this.#record) return notFound("No such hackathon").toResponse();
      const record = this.#record;
      const opened = await attempt(() => this.alertDesk.openStream(record, request, readerRoleHeader(request.headers)));
      return opened.ok ? opened.value : Response.json(opened.body, { status: opened.status, headers: opened.headers });
    }
    const outcome = await attempt(async () => {
      // No hackathon can have issued this ticket: refused as a bad one is, so /live reveals nothing.
      if (!this.#record) throw ticketRefused();
      const { role, since } = await authorizeUpgrade(this.#sql, new URL(request.url), this.clock.now());
      const tags = isCapped(role) ? [addressTag(clientAddress(request.headers))] : [];
      for (const tag of tags) refuseOverCap(this.ctx.getWebSockets(tag).length, MAX_SOCKETS_PER_ADDRESS, "live sockets");
      const [client, server] = Object.values(new WebSocketPair()) as [WebSocket, WebSocket];
      this.live.accept(server, { role }, this.live.openingMessages(since, () => this.#snapshot()), tags);
      return client;
    });
    if (!outcome.ok) return Response.json(outcome.body, { status: outcome.status, headers: outcome.headers });
    return new Response(null, { status: 101, webSocket: outcome.value });
  }

  async webSocketMessage(): Promise<void> {
    // Clients send nothing but pings, which the auto-response answers without waking us.
  }

  async webSocketClose(socket: WebSocket, code: number, reason: string): Promise<void> {
    try {
      socket.close(code === 1005 ? 1000 : code, reason);
    } catch {
      // Already closed by the runtime's own close reply.
    }
  }

  async webSocketError(socket: WebSocket, error: unknown): Promise<void> {
    console.error(JSON.stringify({ msg: "live socket error", hackathon: this.#record?.config.id, error: String(error) }));
  }

  async alarm(): Promise<void> {
    const now = this.clock.now();
    for (const timer of takeDueTimers(this.#sql, now)) {
      const nextDue = await this.#runTimer(timer);
      if (nextDue !== null) rescheduleTimer(this.#sql, timer, nextDue);
    }
    await armAlarm(this.ctx.storage, this.#sql, this.clock.now());
  }

  /** Runs one due timer; returns when it should run again, or null. Never throws. */
  async #runTimer(timer: TimerName): Promise<number | null> {
    const cause: LogCause = { timer };
    if (timer === "history-flush") return this.#flushHistory(cause);
    if (timer === "retention") {
      this.#stateCache = null;
      return runRetentionTimer(this.ctx.storage, this.clock.now(), this.#record?.config.id);
    }
    const record = this.#record;
    if (!record) return null;
    if (timer === "notifications") return this.#runNotifications(record);
    if (timer === "alerts" || timer === "token-minute" || timer === "silences") {
      const run = { alerts: runHoldCheck, "token-minute": runTokenMinute, silences: () => new AlertEffects() }[timer];
      this.alertDesk.publish(record, this.alertDesk.evaluate(record, run, cause));
      return null;
    }
    const [kind, source] = timer.split(":") as ["source" | "reconcile", SourceName];
    const now = this.clock.now();
    try {
      const run = await runSourceTimer({
        sql: this.#sql,
        record,
        source,
        purpose: kind === "reconcile" ? "reconcile" : "tick",
        now,
        adapters: this.adapters,
        outbound: outboundPolicy(this.env),
      });
      if (run.events.length > 0) await this.#applyEvents(run.events, now, "poll", { kind: "skip" }, cause);
      if (run.transitions.length > 0 || run.reconciled) {
        this.#stateCache = null;
        this.live.notify(["health"]);
      }
      return run.next;
    } catch (error) {
      // Alarm work must never stop the schedule: log it and try again in a minute.
      logDurableError("source timer failed", { hackathon: record.config.id, error: String(error) }, cause);
      return now + 60_000;
    }
  }

  async #runNotifications(record: RoomRecord): Promise<number | null> {
    try {
      return await this.notifications.run(record);
    } catch (error) {
      logDurableError("notifications timer failed", { hackathon: record.config.id, error: String(error) }, { timer: "notifications" });
      return this.clock.now() + 60_000;
    }
  }

  async #flushHistory(cause?: LogCause): Promise<number | null> {
    const record = this.#record;
    if (!record) return null;
    const now = this.clock.now();
    return flushWithRetry({
      sql: this.#sql,
      db: createDb(this.env.DB),
      hackathonId: record.config.id,
      context: timeline(record),
      registry: registryRow(record, this.#dashboardState(), now),
      now,
      cause,
    });
  }
}
