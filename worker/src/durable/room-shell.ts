import { DurableObject } from "cloudflare:workers";
import type { ErrorCode, MemberRole } from "../contract";
import { notFound } from "../errors";
import { memberRole } from "../lib/members";
import { Clock } from "./clock";
import { roleOfToken, type TokenRole } from "./credentials";
import { countRefusal } from "./ingest/refusals";
import { attempt, type Outcome } from "./outcome";
import { loadRecord, type RoomRecord } from "./room-record";
import { holdsRoomSchema, migrateRoomSchema } from "./storage/schema";

/**
 * What every entry point of the hackathon's object shares, kept out of HackathonRoom (as
 * partyserver's `Server` wraps entry points around small hooks): the record loaded once under
 * blockConcurrencyWhile, the wrapper that requires it and sends refusals back over RPC as data,
 * refusal counting, and the socket events every object answers the same way.
 */
export abstract class RoomShell extends DurableObject<Env> {
  readonly clock = new Clock();
  /** The hackathon's configuration and credentials; undefined for an id nobody created. */
  protected record: RoomRecord | undefined;

  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    ctx.setWebSocketAutoResponse(new WebSocketRequestResponsePair("ping", "pong"));
    void ctx.blockConcurrencyWhile(async () => {
      // Any well-formed id reaches an object: one nobody created gets no schema (and no storage)
      // until create() runs; older hackathons are still migrated when they wake.
      if (!holdsRoomSchema(this.sql)) return;
      migrateRoomSchema(this.ctx.storage);
      this.record = loadRecord(this.sql);
    });
  }

  protected get sql(): SqlStorage {
    return this.ctx.storage.sql;
  }

  protected requireRecord(): RoomRecord {
    if (!this.record) throw notFound("No such hackathon");
    return this.record;
  }

  /** A request on an existing hackathon; refusals travel back over RPC as data (outcome.ts). */
  protected withRecord<T>(work: (record: RoomRecord) => T | Promise<T>): Promise<Outcome<T>> {
    return attempt(() => work(this.requireRecord()));
  }

  /** A delivery's work; a refusal is also counted. */
  protected async countingRefusals<T>(work: () => Promise<T>): Promise<Outcome<T>> {
    const outcome = await attempt(work);
    if (!outcome.ok) this.recordRefusal(outcome.body.error.code);
    return outcome;
  }

  /** Counts a delivery refused on its way in (by the Worker's body checks, or here). Unknown hackathons count nothing. */
  recordRefusal(code: ErrorCode): void {
    if (this.record && code !== "not_found") countRefusal(this.sql, code);
  }

  /** The role `token` has on this hackathon, or null. Unknown hackathons know no tokens. */
  async roleOf(token: string): Promise<TokenRole | null> {
    return this.record ? roleOfToken(token, this.record) : null;
  }

  /** The role this hackathon's `members` give a signed-in person (a lower-cased email), or null. Unknown hackathons have none. */
  async memberRoleOf(email: string): Promise<MemberRole | null> {
    return this.record ? memberRole(this.record.config.members, email) : null;
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

  async webSocketError(_socket: WebSocket, error: unknown): Promise<void> {
    console.error(JSON.stringify({ msg: "live socket error", hackathon: this.record?.config.id, error: String(error) }));
  }
}
