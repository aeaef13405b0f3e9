import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { SESSION_END } from "$contract";
import { createApiClient } from "$lib/api/client";
import { HackathonSocket } from "$lib/live/hackathon-socket.svelte";
import { makeDashboardState } from "../fixtures/dashboard-state";
import { FakeWebSocket } from "./fake-websocket";

const base = makeDashboardState();
let ticketRequests: string[] = [];
let ticketStatus = 200;

const fakeFetch: typeof fetch = async (input, init) => {
  ticketRequests.push(`${init?.method} ${String(input)} ${new Headers(init?.headers).get("authorization")}`);
  if (ticketStatus !== 200) {
    const error = { error: { code: "not_found", message: "no such hackathon", issues: [] } };
    return new Response(JSON.stringify(error), { status: ticketStatus });
  }
  const body = { ticket: `ticket-${ticketRequests.length}`, expires_at: "2026-11-28T10:01:00Z" };
  return new Response(JSON.stringify(body), { status: 200 });
};

function startSocket(onMessage = vi.fn()) {
  const socket = new HackathonSocket({
    id: "spring-jam",
    api: createApiClient({ token: "viewer-1", fetch: fakeFetch }),
    origin: "https://pitwall.example",
    WebSocket: FakeWebSocket as unknown as typeof WebSocket,
    reconnectDelayMs: { min: 5, max: 10 },
    onMessage,
  });
  socket.start();
  return socket;
}

let socket: HackathonSocket | null = null;

beforeEach(() => {
  FakeWebSocket.instances = [];
  ticketRequests = [];
  ticketStatus = 200;
});

afterEach(() => {
  socket?.stop();
  vi.useRealTimers();
});

describe("HackathonSocket", () => {
  it("connects with a fresh ticket and applies the snapshot and deltas it receives", async () => {
    const onMessage = vi.fn();
    socket = startSocket(onMessage);
    await vi.waitFor(() => expect(FakeWebSocket.instances).toHaveLength(1));
    expect(ticketRequests).toEqual(["POST /api/hackathons/spring-jam/ticket Bearer viewer-1"]);
    expect(FakeWebSocket.latest().url).toBe("wss://pitwall.example/api/hackathons/spring-jam/live?ticket=ticket-1");
    expect(socket.status).toBe("connecting");

    FakeWebSocket.latest().open();
    expect(socket.status).toBe("open");
    FakeWebSocket.latest().deliver({ type: "snapshot", seq: 10, state: base });
    const cost = { ...base.cost_metrics, current_spend: 321 };
    FakeWebSocket.latest().deliver({ type: "cost", seq: 11, ts: "2026-11-28T10:02:00Z", data: cost });

    expect(socket.state?.cost_metrics.current_spend).toBe(321);
    expect(socket.lastSeq).toBe(11);
    expect(onMessage).toHaveBeenCalledTimes(2);
  });

  it("ignores frames that do not match the contract", async () => {
    socket = startSocket();
    await vi.waitFor(() => expect(FakeWebSocket.instances).toHaveLength(1));
    FakeWebSocket.latest().open();
    FakeWebSocket.latest().deliver({ type: "snapshot", seq: 1, state: base });
    FakeWebSocket.latest().deliver({ type: "cost", seq: 2, ts: "2026-11-28T10:02:00Z", data: { current_spend: 1 } });
    FakeWebSocket.latest().deliver("{broken");
    expect(socket.state?.cost_metrics.current_spend).toBe(base.cost_metrics.current_spend);
    expect(socket.ignoredMessages).toBe(2);
    expect(socket.lastSeq).toBe(1);
  });

  it("marks itself disconnected when the socket drops and resumes after the last seq with a new ticket", async () => {
    socket = startSocket();
    await vi.waitFor(() => expect(FakeWebSocket.instances).toHaveLength(1));
    FakeWebSocket.latest().open();
    FakeWebSocket.latest().deliver({ type: "snapshot", seq: 7, state: base });

    FakeWebSocket.latest().drop();
    expect(socket.status).toBe("reconnecting");
    expect(socket.asOf).toBeInstanceOf(Date);

    await vi.waitFor(() => expect(FakeWebSocket.instances).toHaveLength(2));
    expect(FakeWebSocket.latest().url).toContain("ticket=ticket-2");
    expect(FakeWebSocket.latest().url).toContain("since=7");
    FakeWebSocket.latest().open();
    expect(socket.status).toBe("open");
  });

  it("keeps an HTTP-loaded state until the socket's snapshot replaces it", async () => {
    socket = startSocket();
    socket.seed(base);
    expect(socket.state?.name).toBe("Spring Jam");
    await vi.waitFor(() => expect(FakeWebSocket.instances).toHaveLength(1));
    FakeWebSocket.latest().open();
    FakeWebSocket.latest().deliver({ type: "snapshot", seq: 3, state: { ...base, name: "From socket" } });
    socket.seed(base);
    expect(socket.state?.name).toBe("From socket");
  });

  it("stops trying and reports unauthorized when the ticket is refused", async () => {
    vi.useFakeTimers();
    ticketStatus = 404;
    socket = startSocket();
    await vi.waitFor(() => expect(socket?.status).toBe("unauthorized"));
    // Every timer the socket left behind (a retry would be one) has now fired.
    await vi.runAllTimersAsync();
    expect(FakeWebSocket.instances).toHaveLength(0);
    expect(ticketRequests).toHaveLength(1);
  });

  it("stops trying and reports unauthorized when the server ends the session for a rotated token", async () => {
    vi.useFakeTimers();
    socket = startSocket();
    await vi.waitFor(() => expect(FakeWebSocket.instances).toHaveLength(1));
    FakeWebSocket.latest().open();
    FakeWebSocket.latest().drop(SESSION_END.code, SESSION_END.rotated);
    expect(socket.status).toBe("unauthorized");
    // Every timer the socket left behind (a reconnect would be one) has now fired.
    await vi.runAllTimersAsync();
    expect(FakeWebSocket.instances).toHaveLength(1);
    expect(ticketRequests).toHaveLength(1);
  });

  it("reports expired, keeps the figures and stops trying when a person's Access sign-in runs out", async () => {
    vi.useFakeTimers();
    socket = startSocket();
    await vi.waitFor(() => expect(FakeWebSocket.instances).toHaveLength(1));
    FakeWebSocket.latest().open();
    FakeWebSocket.latest().deliver({ type: "snapshot", seq: 1, state: base });
    FakeWebSocket.latest().drop(SESSION_END.code, SESSION_END.signInExpired);
    expect(socket.status).toBe("expired");
    expect(socket.state?.name).toBe(base.name);
    await vi.runAllTimersAsync();
    expect(FakeWebSocket.instances).toHaveLength(1);
    expect(ticketRequests).toHaveLength(1);
  });

  it("closes the socket when stopped", async () => {
    vi.useFakeTimers();
    socket = startSocket();
    await vi.waitFor(() => expect(FakeWebSocket.instances).toHaveLength(1));
    FakeWebSocket.latest().open();
    socket.stop();
    expect(socket.status).toBe("stopped");
    expect(FakeWebSocket.latest().readyState).toBe(FakeWebSocket.CLOSED);
    // Every timer the socket left behind (a reconnect would be one) has now fired.
    await vi.runAllTimersAsync();
    expect(FakeWebSocket.instances).toHaveLength(1);
  });
});
