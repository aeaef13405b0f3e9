import { WebSocket as ReconnectingWebSocket } from "partysocket";
import { type DashboardState, type LiveMessage, SESSION_END } from "$contract";
import { ApiError, type ApiClient } from "$lib/api/client";
import { liveSocketUrl, requestTicket } from "$lib/api/hackathons";
import { applyLiveMessage, parseLiveMessage, type LiveState } from "./apply-message";

/**
 * connecting: no socket opened yet; open: live; reconnecting: the socket dropped and partysocket
 * is retrying; unauthorized: the token was refused (or rotated while open, or the person's
 * membership changed); expired: the person's Access sign-in ran out (a reload signs them in again);
 * stopped: the page left.
 */
export type ConnectionStatus = "connecting" | "open" | "reconnecting" | "unauthorized" | "expired" | "stopped";

export interface HackathonSocketOptions {
  id: string;
  api: ApiClient;
  /** Origin the socket connects to, e.g. location.origin. */
  origin: string;
  /** Called after every accepted message, with the state it produced. */
  onMessage?: (message: LiveMessage, state: DashboardState) => void;
  /** A WebSocket implementation for tests; the browser's by default. */
  WebSocket?: typeof globalThis.WebSocket;
  /** Backoff between reconnection attempts, growing from min to max. */
  reconnectDelayMs?: { min: number; max: number };
}

/** The live subscription of one dashboard: client-only, started on mount and stopped on destroy. */
export class HackathonSocket {
  state = $state<DashboardState | null>(null);
  status = $state<ConnectionStatus>("connecting");
  /** Until when the shown figures are known to be current: last message, or when the socket dropped. */
  asOf = $state<Date | null>(null);
  ignoredMessages = $state(0);

  #live: LiveState = { state: null, lastSeq: null };
  #socket: ReconnectingWebSocket | null = null;
  readonly #options: HackathonSocketOptions;

  constructor(options: HackathonSocketOptions) {
    this.#options = options;
  }

  get lastSeq(): number | null {
    return this.#live.lastSeq;
  }

  /** Seeds the figures from an HTTP load; the socket's first snapshot supersedes them. */
  seed(state: DashboardState, at = new Date()): void {
    if (this.#live.state) return;
    this.#live = { state, lastSeq: null };
    this.state = state;
    this.asOf = at;
  }

  start(): void {
    if (this.#socket) return;
    const delay = this.#options.reconnectDelayMs ?? { min: 1000, max: 8000 };
    const socket = new ReconnectingWebSocket(() => this.#nextUrl(), undefined, {
      WebSocket: this.#options.WebSocket,
      minReconnectionDelay: delay.min,
      maxReconnectionDelay: delay.max,
      // A rotated token, a removed member or an expired sign-in would only be refused the next ticket.
      shouldReconnectOnClose: (event) => event.code !== SESSION_END.code,
    });
    socket.addEventListener("open", () => {
      this.status = "open";
    });
    socket.addEventListener("close", (event) => {
      if (event.code === SESSION_END.code) this.status = event.reason === SESSION_END.signInExpired ? "expired" : "unauthorized";
      else this.#markDropped();
    });
    socket.addEventListener("message", (event) => this.#receive(event.data));
    this.#socket = socket;
  }

  stop(): void {
    this.status = "stopped";
    this.#socket?.close();
    this.#socket = null;
  }

  // Each (re)connect needs a fresh single-use ticket, and resumes after the last seq seen.
  async #nextUrl(): Promise<string> {
    const { api, id, origin } = this.#options;
    try {
      const { ticket } = await requestTicket(api, id);
      return liveSocketUrl({ origin, id, ticket, since: this.#live.lastSeq });
    } catch (error) {
      if (error instanceof ApiError && error.isAuthFailure) {
        this.status = "unauthorized";
        queueMicrotask(() => this.#socket?.close());
      }
      throw error;
    }
  }

  #markDropped(): void {
    if (this.status === "open") {
      this.status = "reconnecting";
      this.asOf = new Date();
    }
  }

  #receive(raw: unknown): void {
    const message = parseLiveMessage(raw);
    if (!message) {
      this.ignoredMessages += 1;
      return;
    }
    const next = applyLiveMessage(this.#live, message);
    if (next === this.#live || !next.state) return;
    this.#live = next;
    this.state = next.state;
    this.asOf = new Date();
    this.#options.onMessage?.(message, next.state);
  }
}
