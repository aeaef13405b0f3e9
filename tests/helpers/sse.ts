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

  async next(timeoutMs = 2000): Promise<SseEvent> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const parsed = this.#take();
      if (parsed) return parsed;
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`no SSE event; buffer ${JSON.stringify(this.#buffer)}`);
      const chunk = await Promise.race([this.#reader.read(), new Promise<null>((r) => setTimeout(() => r(null), left))]);
      if (chunk === null) continue;
      if (chunk.done) throw new Error("stream ended");
      this.#buffer += this.#decoder.decode(chunk.value, { stream: true });
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
      if (data !== undefined) return { id: fields.get("id") ?? null, event: fields.get("event") ?? null, data: AlertSchema.parse(JSON.parse(data)) };
    }
  }

  cancel() {
    void this.#reader.cancel();
  }
}
