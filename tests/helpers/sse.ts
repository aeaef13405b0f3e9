import { AlertSchema, type Alert } from "../../worker/src/contract";
import { api } from "./api";

export type SseEvent = { id: string | null; event: string | null; data: Alert };

/** Opens `/alerts/stream`, optionally resuming from `lastEventId`, from a client address. */
export function openAlertStream(id: string, token: string, options: { lastEventId?: string; ip?: string } = {}) {
  const headers: Record<string, string> = {};
  if (options.lastEventId !== undefined) headers["last-event-id"] = options.lastEventId;
  if (options.ip !== undefined) headers["cf-connecting-ip"] = options.ip;
  return api(`/api/hackathons/${id}/alerts/stream`, { token, headers });
}

/** Reads an SSE response event by event, with a timeout, validating each alert against the contract. */
export class SseReader {
  #reader: ReadableStreamDefaultReader<Uint8Array>;
  #buffer = "";
  #decoder = new TextDecoder();

  constructor(response: Response) {
    this.#reader = response.body!.getReader();
  }

  /** The next event; fails when the stream ends first or after `timeoutMs`. */
  async next(timeoutMs = 2000): Promise<SseEvent> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const parsed = this.#take();
      if (parsed) return parsed;
      if (!(await this.#read(deadline, `no SSE event; buffer ${JSON.stringify(this.#buffer)}`))) throw new Error("stream ended");
    }
  }

  /** The next event whose alert matches, skipping the others. */
  async nextMatching(match: (alert: Alert) => boolean, timeoutMs = 2000): Promise<SseEvent> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const event = await this.next(Math.max(0, deadline - Date.now()));
      if (match(event.data)) return event;
    }
  }

  /** Reads until the server ends the stream and returns the events it sent before; fails after `timeoutMs`. */
  async untilEnded(timeoutMs = 2000): Promise<SseEvent[]> {
    const deadline = Date.now() + timeoutMs;
    const events: SseEvent[] = [];
    for (;;) {
      for (let event = this.#take(); event; event = this.#take()) events.push(event);
      if (!(await this.#read(deadline, "the stream did not end"))) return events;
    }
  }

  /** Appends the next chunk to the buffer: false when the stream has ended; fails with `timeoutMessage` at `deadline`. */
  async #read(deadline: number, timeoutMessage: string): Promise<boolean> {
    for (;;) {
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(timeoutMessage);
      let timer: ReturnType<typeof setTimeout> | undefined;
      const timedOut = new Promise<null>((resolve) => (timer = setTimeout(() => resolve(null), left)));
      const chunk = await Promise.race([this.#reader.read(), timedOut]).finally(() => clearTimeout(timer));
      if (chunk === null) continue;
      if (chunk.done) return false;
      this.#buffer += this.#decoder.decode(chunk.value, { stream: true });
      return true;
    }
  }

  /** The next complete block that carries data; comment and retry-only blocks are skipped. */
  #take(): SseEvent | null {
    for (;;) {
      const end = this.#buffer.indexOf("\n\n");
      if (end === -1) return null;
      const block = this.#buffer.slice(0, end);
      this.#buffer = this.#buffer.slice(end + 2);
      const fields = new Map<string, string>();
      for (const line of block.split("\n")) {
        const colon = line.indexOf(":");
        if (colon <= 0) continue;
        fields.set(line.slice(0, colon), line.slice(colon + 1).trimStart());
      }
      const data = fields.get("data");
      if (data !== undefined)
        return { id: fields.get("id") ?? null, event: fields.get("event") ?? null, data: AlertSchema.parse(JSON.parse(data)) };
    }
  }

  cancel() {
    void this.#reader.cancel().catch(() => {});
  }
}
