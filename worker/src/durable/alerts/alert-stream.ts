import type { Alert } from "../../contract";
import { isCapped, MAX_STREAMS_PER_ADDRESS, refuseOverCap } from "../client-caps";
import type { Session as Holder } from "../credentials";

const encoder = new TextEncoder();
/** A comment line this often keeps proxies from closing an idle stream. */
const HEARTBEAT_MS = 15_000;
/** How long a browser waits before reconnecting, per the SSE spec's `retry` field. */
const RETRY_MS = 3_000;

/** One SSE `alert` event; `id` is the alert change's sequence number, for Last-Event-ID resume. */
export function alertEvent(seq: number, alert: Alert): string {
  return `id: ${seq}\nevent: alert\ndata: ${JSON.stringify(alert)}\n\n`;
}

/**
 * Bytes written to a stream and not yet taken by its client. A client that stops reading is
 * closed once its backlog passes this, instead of being buffered without bound; it resumes
 * with Last-Event-ID when it reads again. The opening (every open alert) always goes out whole.
 */
export const MAX_BACKLOG_BYTES = 256 * 1024;

type Writer = WritableStreamDefaultWriter<Uint8Array>;
/** One subscriber: who opened it (rotation ends the old tokens'), from where (caps), and its unread bytes. */
type Session = Holder & { address: string; backlog: number };

/**
 * The SSE subscribers of `/alerts/stream`. Unlike the WebSocket channel these are plain
 * streaming responses, held in memory: a client that loses the object resumes with Last-Event-ID.
 */
export class AlertStream {
  #sessions = new Map<Writer, Session>();
  #heartbeat: ReturnType<typeof setInterval> | null = null;

  /** Throws 429 (durable/client-caps.ts) when the address already holds its share of streams. */
  open(opening: string[], holder: Holder, address: string): Response {
    if (isCapped(holder.role)) refuseOverCap(this.#openFrom(address), MAX_STREAMS_PER_ADDRESS, "alert streams");
    const { readable, writable } = new TransformStream<Uint8Array, Uint8Array>();
    const writer = writable.getWriter();
    this.#sessions.set(writer, { ...holder, person: holder.person ?? false, address, backlog: 0 });
    this.#write(writer, `retry: ${RETRY_MS}\n\n${opening.join("")}`);
    this.#heartbeat ??= setInterval(() => this.broadcast(": keep-alive\n\n"), HEARTBEAT_MS);
    return new Response(readable, {
      headers: { "content-type": "text/event-stream; charset=utf-8", "cache-control": "no-cache", "x-accel-buffering": "no" },
    });
  }

  /** Who holds each open stream (a person's carries their email and Access expiry, durable/member-sessions.ts). */
  sessions(): Holder[] {
    return [...this.#sessions.values()];
  }

  get size(): number {
    return this.#sessions.size;
  }

  #openFrom(address: string): number {
    let open = 0;
    for (const session of this.#sessions.values()) if (session.address === address && isCapped(session.role)) open++;
    return open;
  }

  /** Ends every stream whose holder matches: nothing more is written, the client sees the end. */
  endSessions(match: (holder: Holder) => boolean): void {
    for (const [writer, session] of this.#sessions) {
      if (!match(session)) continue;
      this.#forget(writer);
      writer.close().catch(() => writer.abort().catch(() => {}));
    }
  }

  broadcast(text: string): void {
    for (const writer of this.#sessions.keys()) this.#write(writer, text);
  }

  /** Each write is followed to its end: its bytes count as backlog until the client has taken them. */
  #write(writer: Writer, text: string): void {
    const session = this.#sessions.get(writer);
    if (!session) return;
    if (session.backlog > MAX_BACKLOG_BYTES) {
      this.#drop(writer, new Error("the client stopped reading its alert stream"));
      return;
    }
    const bytes = encoder.encode(text);
    session.backlog += bytes.length;
    writer.write(bytes).then(
      () => (session.backlog -= bytes.length),
      () => this.#drop(writer),
    );
  }

  #drop(writer: Writer, reason?: Error): void {
    this.#forget(writer);
    writer.abort(reason).catch(() => {});
  }

  #forget(writer: Writer): void {
    this.#sessions.delete(writer);
    if (this.#sessions.size === 0 && this.#heartbeat !== null) {
      clearInterval(this.#heartbeat);
      this.#heartbeat = null;
    }
  }
}
