import type { DeltaMessage, SnapshotMessage } from "../../contract";
import { toIso } from "../../lib/time";
import { nextCounter, readMeta } from "../storage/meta";
import type { Clock } from "../clock";
import type { PartKind } from "../views/dashboard-state";
import type { Session } from "../credentials";

/**
 * At most one frame per subscriber per FRAME_MS; changes within it are merged into one delta per
 * kind (docs/contract.md section 6). The first change after a quiet spell goes out at once.
 */
export const FRAME_MS = 100;
/**
 * Sends before the object yields to waiting requests, so fan-out to a large audience never
 * holds ingest up for long (the figures: docs/performance.md, "Coalescing").
 */
export const SEND_CHUNK = 25;
/** Deltas kept for `?since=` resume; older gaps get a fresh snapshot. */
const RESUME_BUFFER = 1000;

/** Sockets from before people kept only their role: a token's, which rotation ends. */
export type SocketAttachment = Session;

/** Reads one part of DashboardState as it is now, for the frame about to go out. */
export type PartReader = (kind: PartKind) => unknown;
/** Starts one frame's reading: the parts it reads share what more than one of them is read from. */
export type FrameReader = () => PartReader;

/**
 * The live channel's sending side (docs/contract.md section 6): the hackathon's WebSocket subscribers,
 * the numbered deltas kept for resume, and the frames that merge part changes. Sockets are
 * accepted with the hibernation API; the only in-memory state is the pending frame, which a
 * woken object simply starts empty.
 */
export class LiveChannel {
  #pending = new Set<PartKind>();
  #frame: ReturnType<typeof setTimeout> | null = null;
  /** Messages waiting for the sender loop, which sends them in order to every socket. */
  #outbox: string[] = [];
  #sending = false;
  #holding = false;
  /** Wall-clock time the last sending ended (frames pace real sockets, whatever the room's clock says). */
  #lastSentAt = -Infinity;
  /** How long that sending took: the next frame waits at least as long, so fan-out takes at most half of the object. */
  #lastSendingMs = 0;
  /** Each part as last published: a part read again unchanged is not sent again. Empty after hibernation, which only costs one repeat. */
  #published = new Map<PartKind, string>();
  /** How the pending parts are read when their frame goes out: the reader of the latest change. */
  #read: FrameReader | null = null;

  constructor(
    private readonly ctx: DurableObjectState,
    private readonly clock: Clock,
  ) {}

  get seq(): number {
    return readMeta<number>(this.ctx.storage.sql, "seq") ?? 0;
  }

  /** `tags`: more hibernation tags to find the socket by (e.g. its client address, durable/client-caps.ts). */
  accept(server: WebSocket, attachment: SocketAttachment, opening: string[], tags: string[] = []): void {
    this.ctx.acceptWebSocket(server, ["live", ...tags]);
    server.serializeAttachment(attachment);
    for (const message of opening) server.send(message);
  }

  /** Who holds each open socket (an unreadable attachment is left out). */
  sessions(): SocketAttachment[] {
    return this.ctx.getWebSockets("live").flatMap((socket) => {
      const attachment = socket.deserializeAttachment() as SocketAttachment | null;
      return attachment ? [attachment] : [];
    });
  }

  /** Closes at once every socket whose attachment matches (rotation ends the old tokens' sockets). */
  endSessions(match: (attachment: SocketAttachment) => boolean, code: number, reason: string): void {
    for (const socket of this.ctx.getWebSockets("live")) {
      const attachment = socket.deserializeAttachment() as SocketAttachment | null;
      // A socket without a readable attachment cannot prove it is the admin's: it ends too.
      if (attachment && !match(attachment)) continue;
      try {
        socket.close(code, reason);
      } catch {
        // Already closing.
      }
    }
  }

  /** The first messages of a connection: missed deltas when `since` can be served, else a snapshot. */
  openingMessages(since: number | null, snapshot: () => SnapshotMessage): string[] {
    const seq = this.seq;
    if (since !== null && since <= seq) {
      const rows = this.ctx.storage.sql.exec<{ message: string }>("SELECT message FROM deltas WHERE seq > ? ORDER BY seq", since).toArray();
      if (rows.length === seq - since) return rows.map((r) => r.message);
    }
    return [JSON.stringify(snapshot())];
  }

  /** These parts changed: they are read with `read` and sent with the next frame, merged with any other change by then. */
  notify(kinds: Iterable<PartKind>, read: FrameReader): void {
    this.#read = read;
    for (const kind of kinds) this.#pending.add(kind);
    this.#scheduleFrame();
  }

  /**
   * The next frame: FRAME_MS after the last one was sent out, or as long after it as that sending
   * took when the audience is so large that this is longer (10,000 viewers locally: frames every
   * few seconds), so that ingest keeps at least half of the object's time.
   */
  #scheduleFrame(): void {
    if (this.#frame || this.#sending || this.#pending.size === 0) return;
    const gap = Math.max(FRAME_MS, this.#lastSendingMs);
    const wait = Math.min(gap, Math.max(0, this.#lastSentAt + gap - Date.now()));
    this.#frame = setTimeout(() => this.flushFrame(), wait);
  }

  flushFrame(): void {
    this.#frame = null;
    const kinds = [...this.#pending];
    this.#pending.clear();
    if (!this.#read || kinds.length === 0) return; // Nothing was ever notified, or nothing since the last frame.
    const read = this.#read();
    // Queue the whole frame first, so that it goes out as one sending.
    this.#holding = true;
    try {
      for (const kind of kinds) this.#publishIfChanged(kind, read);
    } finally {
      this.#holding = false;
    }
    if (!this.#sending && this.#outbox.length > 0) void this.#sendOutbox();
  }

  #publishIfChanged(kind: PartKind, read: PartReader): void {
    const data = JSON.stringify(read(kind));
    if (this.#published.get(kind) === data) return;
    this.#published.set(kind, data);
    this.#publishJson(kind, data);
  }

  publish(kind: DeltaMessage["type"], data: unknown): void {
    this.#publishJson(kind, JSON.stringify(data));
  }

  #publishJson(kind: DeltaMessage["type"], data: string): void {
    const sql = this.ctx.storage.sql;
    const seq = nextCounter(sql, "seq");
    const message = `{"type":${JSON.stringify(kind)},"seq":${seq},"ts":${JSON.stringify(toIso(this.clock.now()))},"data":${data}}`;
    sql.exec("INSERT INTO deltas (seq, message) VALUES (?, ?)", seq, message);
    sql.exec("DELETE FROM deltas WHERE seq <= ?", seq - RESUME_BUFFER);
    this.broadcast(message);
  }

  broadcast(message: string): void {
    this.#outbox.push(message);
    if (!this.#sending && !this.#holding) void this.#sendOutbox();
  }

  /**
   * Sends queued messages in order, each to every socket before the next (the first part of a
   * frame reaches the last viewer after one send per viewer, not one per delta), SEND_CHUNK sends
   * at a time, letting waiting requests run between chunks. Up to SEND_CHUNK sockets a message
   * goes out synchronously.
   */
  async #sendOutbox(): Promise<void> {
    this.#sending = true;
    const startedAt = Date.now();
    try {
      while (this.#outbox.length > 0) {
        const messages = this.#outbox.splice(0);
        const sockets = this.ctx.getWebSockets("live");
        for (const [i, message] of messages.entries()) {
          for (let start = 0; start < sockets.length; start += SEND_CHUNK) {
            if (i + start > 0 && sockets.length > SEND_CHUNK) await new Promise((resolve) => setTimeout(resolve, 0));
            for (const socket of sockets.slice(start, start + SEND_CHUNK)) send(socket, message);
          }
        }
      }
    } finally {
      this.#sending = false;
      this.#lastSentAt = Date.now();
      this.#lastSendingMs = this.#lastSentAt - startedAt;
      this.#scheduleFrame();
    }
  }
}

function send(socket: WebSocket, message: string): void {
  try {
    socket.send(message);
  } catch {
    // A socket closing under us is dropped by the runtime; the others still get the frame.
  }
}
