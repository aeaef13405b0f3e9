import { outboundPolicy } from "../config";
import type * as C from "../contract";
import { SESSION_END } from "../contract";
import { badRequest, conflict, notFound } from "../errors";
import type { RawSenderRequest } from "../integrations/sender";
import type { SenderName } from "../integrations/senders";
import { spendAuthenticatedWebhook } from "../lib/rate-limiter";
import { toIso } from "../lib/time";
import { decodeUtf8 } from "../lib/utf8";
import type { OtlpDelivery } from "../otlp/delivery";
import type { ExportOutcome } from "../otlp/respond";
import { refuseOutboundUrls } from "../outbound/config-urls";
import { type StandardWebhookHeaders, verifyStandardWebhook } from "../signatures/standard-webhooks";
import { actOnAlert, changeMutes, type PersonAction } from "./alerts/evaluation";
import { acknowledgeAlert, resolveAlert } from "./alerts/lifecycle";
import { type MuteInput, type MuteKind, type MuteList, type MuteResult, muteListAnswer } from "./alerts/mute-windows";
import { findAlert, listAlerts } from "./alerts/store";
import { auditedCreateMute, auditedEndMute, type MuteChange } from "./audit/audited-mutes";
import { auditedAlertAction } from "./audit/entries";
import { appendAudit, readAudit } from "./audit/log";
import { describeUpdate } from "./audit/config-changes";
import { archivedRecord, createdRecord, rotatedRecord, updatedRecord } from "./config-saves";
import {
  credentialsFor,
  dropTokenTickets,
  endsAtRotation,
  grantCheck,
  issueCredentials,
  issueTicket,
  type ReaderGrant,
} from "./credentials";
import { Effects } from "./effects";
import { readGaps } from "./figures/completion-gaps";
import { initSourceHealth } from "./figures/health";
import type { EventBatch } from "./ingest/apply-events";
import { parseEventsBody } from "./ingest/parse-events";
import { sendTestEvent } from "./ingest/test-event";
import { interpretDelivery, type SenderAnswer } from "./ingest/sender-delivery";
import { SENDERS } from "./ingest/webhook-senders";
import { requireIngestToken } from "./otlp/ingest-token";
import { otlpBatch } from "./otlp/otlp-batch";
import { requestCause } from "./log-cause";
import { endMembershipSessions } from "./member-sessions";
import { attempt, type Outcome } from "./outcome";
import { type RoomRecord, toAdminHackathon, toPublicHackathon } from "./room-record";
import { readRcaLog, readTransitions } from "./sources/logs";
import { standInRecord } from "./stand-in-record";
import { migrateRoomSchema } from "./storage/schema";
import { readRoomHealth } from "./views/health-snapshot";
import { type MetricsSnapshot, readMetricsSnapshot } from "./views/metrics-snapshot";
import { readPublicStatus } from "./views/public-status";
import { RoomPipeline } from "./room-pipeline";

export type { SenderAnswer } from "./ingest/sender-delivery";

/**
 * One hackathon's object as the Worker calls it: every RPC entry point. Each decides in the
 * modules it calls, which return Effects, and hands them to RoomPipeline's `commit`
 * (room-pipeline.ts), the one place the order of side effects is written down.
 */
export class HackathonRoom extends RoomPipeline {
  async create(input: C.HackathonCreate, origin: string, by: string, requestId?: string): Promise<Outcome<C.HackathonCredentials>> {
    return attempt(async () => {
      refuseOutboundUrls(input, outboundPolicy(this.env));
      if (this.record) throw conflict(`A hackathon with id "${input.id}" already exists`);
      migrateRoomSchema(this.ctx.storage);
      const credentials = await issueCredentials();
      // A create of the same id may have finished while the tokens were minted.
      if (this.record) throw conflict(`A hackathon with id "${input.id}" already exists`);
      const record = createdRecord(input, credentials, this.clock.now());
      initSourceHealth(this.sql);
      await this.saveConfig(record, { by, action: "hackathon.create", target: input.id, detail: { name: input.name } }, requestId);
      return credentialsFor(record, credentials.tokens, origin);
    });
  }

  /** `members` is shown to admins only. */
  async read(asAdmin = false): Promise<Outcome<C.Hackathon>> {
    return this.withRecord(asAdmin ? toAdminHackathon : toPublicHackathon);
  }

  /** Admin only (PATCH), so the answer shows `members`. */
  async update(input: C.HackathonUpdate, by: string, requestId?: string): Promise<Outcome<C.Hackathon>> {
    return this.withRecord(async (record) => {
      refuseOutboundUrls(input, outboundPolicy(this.env));
      const next = updatedRecord(record, input, this.clock.now());
      const detail = describeUpdate(record.config, next.config, input);
      // Before the save, as at rotation: who lost their place gets no further frame.
      if (input.members !== undefined) endMembershipSessions(this.holders(), next.config.members);
      await this.saveConfig(next, { by, action: "hackathon.update", target: record.config.id, detail }, requestId);
      return toAdminHackathon(next);
    });
  }

  async archive(by: string, requestId?: string): Promise<Outcome<C.Hackathon>> {
    return this.withRecord(async (record) => {
      const next = archivedRecord(record, this.clock.now());
      await this.saveConfig(next, { by, action: "hackathon.archive", target: record.config.id }, requestId);
      return toAdminHackathon(next);
    });
  }

  /** Rotation ends what the old tokens opened (unspent tickets, live sockets, SSE streams, docs/contract.md section 2). */
  async rotate(origin: string, by: string, requestId?: string): Promise<Outcome<C.HackathonCredentials>> {
    return this.withRecord(async () => {
      const credentials = await issueCredentials();
      // The record as it is after the await: a PATCH saved meanwhile is kept, not overwritten.
      const next = rotatedRecord(this.requireRecord(), credentials, this.clock.now());
      // Before the record is saved (and its snapshot broadcast): what the old tokens opened
      // gets no further frame. Nothing awaits in between, so no request slips through.
      dropTokenTickets(this.sql);
      this.live.endSessions(endsAtRotation, SESSION_END.code, SESSION_END.rotated);
      this.alertStream.endSessions(endsAtRotation);
      await this.saveConfig(next, { by, action: "hackathon.rotate", target: next.config.id }, requestId);
      return credentialsFor(next, credentials.tokens, origin);
    });
  }

  /** The grant is checked again here, against the record as it is when the ticket is stored (credentials.ts `grantCheck`). */
  async ticket(grant: ReaderGrant): Promise<Outcome<C.Ticket>> {
    return this.withRecord(async () => {
      const stillHeld = await grantCheck(grant);
      const admit = () => stillHeld(this.requireRecord());
      const { ticket, expiresAt } = await issueTicket(this.sql, grant.session, this.clock.now(), admit);
      return { ticket, expires_at: toIso(expiresAt) };
    });
  }

  async dashboard(): Promise<Outcome<C.DashboardState>> {
    return this.withRecord(() => this.dashboardState());
  }

  /** The public-safe summary; a private hackathon answers exactly as an unknown one. */
  async publicStatus(): Promise<Outcome<C.PublicStatus>> {
    return this.withRecord((record) => {
      if (!record.config.public) throw notFound("No such hackathon");
      return readPublicStatus({ sql: this.sql, record, now: this.clock.now(), dashboard: this.dashboardState() });
    });
  }

  /** This hackathon's figures and counters for /metrics. */
  async metricsSnapshot(): Promise<Outcome<MetricsSnapshot>> {
    return this.withRecord((record) => readMetricsSnapshot(this.sql, record, this.dashboardState()));
  }

  /** This hackathon's machinery for /healthz?deep=1. */
  async health(): Promise<Outcome<C.RoomHealth>> {
    return this.withRecord(() => readRoomHealth(this.ctx.storage));
  }

  /** Pitwall's own signed events. `requestId`: the Worker's id of the request, carried into the log lines it causes. */
  async ingest(bytes: Uint8Array, headers: StandardWebhookHeaders, requestId?: string): Promise<Outcome<C.WebhookAccepted>> {
    return this.countingRefusals(async () => {
      const record = await this.#admit("events", (r) => verifyStandardWebhook(r.webhookSecret, bytes, headers), requestId);
      const body = decodeUtf8(bytes);
      if (body === null) throw badRequest("The body is not valid UTF-8");
      const now = this.clock.now();
      const { events, pathOf } = parseEventsBody(body, { currency: record.config.budget.currency, now });
      return this.applyBatch(record, { events, now, origin: "webhook", caps: { kind: "refuse", pathOf } }, requestCause(requestId));
    });
  }

  /** A delivery from another sender (GitHub, Pub/Sub push), turned into events and applied like Pitwall's own. */
  async ingestFrom(name: SenderName, request: RawSenderRequest, requestId?: string): Promise<Outcome<SenderAnswer>> {
    return this.countingRefusals(async (): Promise<SenderAnswer> => {
      const entry = SENDERS[name];
      const senderContext = (record: RoomRecord) => ({ record, sql: this.sql, now: this.clock.now(), env: this.env });
      const record = await this.#admit(name, (r) => entry.sender.authenticate(request, senderContext(r)), requestId);
      const ctx = senderContext(record);
      const delivery = await interpretDelivery(entry, request, ctx);
      const effects = new Effects();
      for (const kind of delivery.parts) effects.parts.add(kind);
      if (delivery.kind === "answer") return this.commit(effects).then(() => delivery.answer);
      // A sender cannot act on a 400: past a cap, new tasks are skipped.
      const batch: EventBatch = { events: delivery.events, now: ctx.now, origin: "webhook", caps: { kind: "skip" } };
      return { status: 200, body: await this.applyBatch(record, batch, requestCause(requestId), effects) };
    });
  }

  /**
   * OTLP spans and metrics (docs/contract.md section 11), decoded and read by the Worker (otlp/delivery.ts).
   * Only the ingest token sends them; items past a cap are refused in the answer, not with a 400.
   * `otlpBatch` moves cumulative bases and `applyEvents` stores with no await between: one write.
   */
  async ingestOtlp(token: string, delivery: OtlpDelivery, requestId?: string): Promise<Outcome<ExportOutcome>> {
    return this.countingRefusals(async () => {
      const record = await this.#admit(`otlp-${delivery.signal}`, (r) => requireIngestToken(token, r), requestId);
      const now = this.clock.now();
      const { events, outcome } = otlpBatch(this.sql, delivery);
      await this.applyBatch(record, { events, now, origin: "webhook", caps: { kind: "skip" } }, requestCause(requestId));
      return outcome;
    });
  }

  /** Authenticates (an unknown id against a stand-in nobody holds credentials for: the same 401 as a wrong one), then admits. */
  async #admit(sender: string, authenticate: (record: RoomRecord) => Promise<unknown>, requestId?: string): Promise<RoomRecord> {
    await authenticate(this.record ?? standInRecord());
    const record = this.requireRecord(); // unreachable for an unknown id: nobody holds the stand-in's secret
    await spendAuthenticatedWebhook(this.env, record.config.id, sender, requestId);
    if (record.config.status === "archived") throw conflict("The hackathon is archived and takes no events");
    return record;
  }

  /** Alerts of one status that were open at some time within `range`, newest first. */
  async alerts(status: C.AlertStatusFilter, range: C.TimeRange = {}): Promise<Outcome<C.AlertList>> {
    return this.withRecord((record) => ({ alerts: listAlerts(this.sql, record.config.id, status, range) }));
  }

  async acknowledgeAlert(alertId: string, by: string): Promise<Outcome<C.AlertActionResult>> {
    return this.#personActs(alertId, auditedAlertAction(by, "alert.acknowledge", acknowledgeAlert));
  }

  async resolveAlert(alertId: string, by: string): Promise<Outcome<C.AlertActionResult>> {
    return this.#personActs(alertId, auditedAlertAction(by, "alert.resolve", resolveAlert));
  }

  #personActs(alertId: string, act: PersonAction): Promise<Outcome<C.AlertActionResult>> {
    return this.withRecord(async (record) => {
      await this.commit(actOnAlert(this.ctx.storage, this.alertContext(record), alertId, act));
      return { alert: findAlert(this.sql, alertId, record.config.id)!.alert };
    });
  }

  /** Silences or maintenance windows (alerts/mute-windows.ts). */
  async mutes(kind: MuteKind): Promise<Outcome<MuteList>> {
    return this.withRecord(() => muteListAnswer(this.sql, kind, this.clock.now()));
  }

  /** `by`: who the caller's credential says it is (section 12), never what the body claims. */
  async createMute<K extends MuteKind>(kind: K, input: MuteInput[K], by: string): Promise<Outcome<MuteResult>> {
    return this.#changeMutes(auditedCreateMute(kind, input, by));
  }

  async endMute(kind: MuteKind, id: string, by: string): Promise<Outcome<MuteResult>> {
    return this.#changeMutes(auditedEndMute(kind, id, by));
  }

  #changeMutes(change: MuteChange): Promise<Outcome<MuteResult>> {
    return this.withRecord(async (record) => {
      const { result, effects } = changeMutes(this.ctx.storage, this.alertContext(record), change);
      await this.commit(effects);
      return result;
    });
  }

  async createChannel(input: C.ChannelCreate, by: string): Promise<Outcome<C.ChannelCreated>> {
    return this.withRecord(() => {
      const created = this.notifications.create(input);
      const { id, kind, name } = created.channel;
      appendAudit(this.sql, this.clock.now(), { by, action: "channel.create", target: id, detail: { kind, name } });
      return created;
    });
  }

  async channels(): Promise<Outcome<C.ChannelList>> {
    return this.withRecord(() => this.notifications.list());
  }

  async deleteChannel(channelId: string, by: string): Promise<Outcome<null>> {
    return this.withRecord(() => {
      this.notifications.remove(channelId);
      appendAudit(this.sql, this.clock.now(), { by, action: "channel.delete", target: channelId });
      return null;
    });
  }

  async testChannel(channelId: string): Promise<Outcome<C.DeliveryQueued>> {
    return this.withRecord(async () => {
      const queued = this.notifications.test(channelId);
      await this.commit(Effects.storedOnly());
      return queued;
    });
  }

  async channelDeliveries(channelId: string): Promise<Outcome<C.DeliveryList>> {
    return this.withRecord(() => this.notifications.deliveries(channelId));
  }

  /** Who changed what, newest first (docs/contract.md section 12). */
  async audit(range: C.AuditQuery): Promise<Outcome<C.AuditList>> {
    return this.withRecord(() => ({ entries: readAudit(this.sql, range) }));
  }

  /**
   * One `pitwall.test` metric event, signed with the hackathon's secret and taken through the
   * same verification and ingest as a delivery (ingest/test-event.ts). An archived hackathon
   * refuses it as it refuses events.
   */
  async sendTestEvent(requestId?: string): Promise<Outcome<C.TestEventSent>> {
    return this.withRecord((record) =>
      sendTestEvent(record.webhookSecret, this.clock.now(), (bytes, headers) => this.ingest(bytes, headers, requestId)),
    );
  }

  /** The reconciliation and root-cause log, and the mode transitions, within `range`, newest first. */
  async rca(range: C.TimeRange = {}): Promise<Outcome<C.RcaResponse>> {
    return this.withRecord(() => ({ entries: readRcaLog(this.sql, range), transitions: readTransitions(this.sql, range) }));
  }

  /** The critical path and the blocked tasks holding it up. A read: cycles are logged where tasks are applied. */
  async gaps(): Promise<Outcome<C.GapsResponse>> {
    return this.withRecord(() => readGaps(this.sql));
  }
}
