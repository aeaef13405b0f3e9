import { exports } from "cloudflare:workers";
import { LiveMessageSchema, type LiveMessage } from "../../worker/src/contract";
import { BASE_URL, apiJson } from "./api";

export async function issueTicket(hackathonId: string, token: string): Promise<string> {
  const { status, body } = await apiJson<{ ticket: string }>(`/api/hackathons/${hackathonId}/ticket`, { method: "POST", token });
  if (status !== 201) throw new Error(`ticket refused: ${status}`);
  return body.ticket;
}

export function upgrade(hackathonId: string, query: string): Promise<Response> {
  return exports.default.fetch(
    new Request(`${BASE_URL}/api/hackathons/${hackathonId}/live?${query}`, { headers: { upgrade: "websocket" } }),
  );
}

/** A live-channel client that validates every message against the contract and waits with a timeout. */
export class LiveClient {
  readonly messages: LiveMessage[] = [];
  /** How the server closed the socket, once it has. */
  closed: { code: number; reason: string } | null = null;
  #waiters: (() => void)[] = [];

  constructor(readonly socket: WebSocket) {
    socket.accept();
    socket.addEventListener("message", (event) => {
      this.messages.push(LiveMessageSchema.parse(JSON.parse(event.data as string)));
      for (const wake of this.#waiters.splice(0)) wake();
    });
    socket.addEventListener("close", (event) => {
      this.closed = { code: event.code, reason: event.reason };
      for (const wake of this.#waiters.splice(0)) wake();
    });
  }

  static async open(hackathonId: string, token: string, since?: number): Promise<LiveClient> {
    const ticket = await issueTicket(hackathonId, token);
    const response = await upgrade(hackathonId, `ticket=${ticket}${since === undefined ? "" : `&since=${since}`}`);
    if (response.status !== 101 || !response.webSocket) throw new Error(`upgrade refused: ${response.status}`);
    return new LiveClient(response.webSocket);
  }

  /** Resolves with the first message (from `from` on) that matches, or fails after `timeoutMs`. */
  async waitFor(match: (m: LiveMessage) => boolean, { from = 0, timeoutMs = 2000 } = {}): Promise<LiveMessage> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = this.messages.slice(from).find(match);
      if (found) return found;
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`no matching message; got ${JSON.stringify(this.messages.map((m) => m.type))}`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.#waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }

  /** Resolves with the server's close code and reason, or fails after `timeoutMs`. */
  async waitForClose(timeoutMs = 2000): Promise<{ code: number; reason: string }> {
    const deadline = Date.now() + timeoutMs;
    while (!this.closed) {
      const left = deadline - Date.now();
      if (left <= 0) throw new Error("the socket was not closed");
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.#waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
    return this.closed;
  }

  close(): void {
    this.socket.close(1000, "done");
  }
}
