import type { Alert } from "../../contract";

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
 * The SSE subscribers of `/alerts/stream`. Unlike the WebSocket channel these are plain
 * streaming responses, held in memory: a client that loses the object resumes with Last-Event-ID.
 */
export class AlertStream {
  #clients = new Set<WritableStreamDefaultWriter<Uint8Array>>();
  #heartbeat: ReturnType<typeof setInterval> | null = null;

  open(opening: string[]): Response {
    const { readable, writable } = new TransformStream<Uint8Array, Uint8Array>();
    const writer = writable.getWriter();
    this.#clients.add(writer);
    this.#write(writer, `retry: ${RETRY_MS}\n\n${opening.join("")}`);
    this.#heartbeat ??= setInterval(() => this.broadcast(": keep-alive\n\n"), HEARTBEAT_MS);
    return new Response(readable, {
      headers: { "content-type": "text/event-stream; charset=utf-8", "cache-control": "no-cache", "x-accel-buffering": "no" },
    });
  }

  get size(): number {
    return this.#clients.size;
  }

  broadcast(text: string): void {
    for (const writer of this.#clients) this.#write(writer, text);
  }

  #write(writer: WritableStreamDefaultWriter<Uint8Array>, text: string): void {
    writer.write(encoder.encode(text)).catch(() => this.#drop(writer));
  }

  #drop(writer: WritableStreamDefaultWriter<Uint8Array>): void {
    this.#clients.delete(writer);
    writer.abort().catch(() => {});
    if (this.#clients.size === 0 && this.#heartbeat !== null) {
      clearInterval(this.#heartbeat);
      this.#heartbeat = null;
    }
  }
}
