import type { DeltaMessage, SnapshotMessage } from "../../contract";
import { toIso } from "../../lib/time";
import { readMeta, writeMeta } from "../storage/meta";
import type { PartKind } from "../dashboard-state";

/** Changes within one frame are merged into one delta per kind (CONTRACT section 6). */
export const FRAME_MS = 50;
/** Deltas kept for `?since=` resume; older gaps get a fresh snapshot. */
const RESUME_BUFFER = 1000;

export type SocketAttachment = { role: "admin" | "viewer" };

/**
 * The hackathon's subscribers. Sockets are accepted with the hibernation API; the only
 * in-memory state is the pending frame, which a woken object simply starts empty.
 */
export class LiveHub {
  #pending = new Set<PartKind>();
  #frame: ReturnType<typeof setTimeout> | null = null;

  constructor(
    private readonly ctx: DurableObjectState,
    private readonly readFigure: (kind: PartKind) => unknown,
    private readonly now: () => number,
  ) {}

  get seq(): number {
    return readMeta<number>(this.ctx.storage.sql, "seq") ?? 0;
  }

  accept(server: WebSocket, attachment: SocketAttachment, opening: string[]): void {
    this.ctx.acceptWebSocket(server, ["live"]);
    server.serializeAttachment(attachment);
    for (const message of opening) server.send(message);
  }

  /** The first messages of a connection: missed deltas when `since` can be served, else a snapshot. */
  openingMessages(since: number | null, snapshot: () => SnapshotMessage): string[] {
    const seq = this.seq;
    if (since !== null && since <= seq) {
      const rows = this.ctx.storage.sql
        .exec<{ message: string }>("SELECT message FROM deltas WHERE seq > ? ORDER BY seq", since)
        .toArray();
      if (rows.length === seq - since) return rows.map((r) => r.message);
    }
    return [JSON.stringify(snapshot())];
  }

  notify(kinds: Iterable<PartKind>): void {
    for (const kind of kinds) this.#pending.add(kind);
    this.#frame ??= setTimeout(() => this.flushFrame(), FRAME_MS);
  }

  flushFrame(): void {
    this.#frame = null;
    const kinds = [...this.#pending];
    this.#pending.clear();
    for (const kind of kinds) this.publish(kind, this.readFigure(kind));
  }

  publish(kind: DeltaMessage["type"], data: unknown): void {
    const sql = this.ctx.storage.sql;
    const seq = this.seq + 1;
    const message = JSON.stringify({ type: kind, seq, ts: toIso(this.now()), data });
    writeMeta(sql, "seq", seq);
    sql.exec("INSERT INTO deltas (seq, message) VALUES (?, ?)", seq, message);
    sql.exec("DELETE FROM deltas WHERE seq <= ?", seq - RESUME_BUFFER);
    this.broadcast(message);
  }

  broadcast(message: string): void {
    for (const socket of this.ctx.getWebSockets("live")) {
      try {
        socket.send(message);
      } catch {
        // A socket closing under us is dropped by the runtime; the others still get the frame.
      }
    }
  }
}
