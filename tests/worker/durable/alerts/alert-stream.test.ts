// Issue 15: SSE streams are capped per client address (finding 10), a client that does not read
// is closed after a bounded backlog (finding 10), and a Last-Event-ID above any issued id gets
// the open alerts, as on a fresh connect.
import { describe, expect, it } from "vitest";
import { MAX_STREAMS_PER_ADDRESS, CAP_RETRY_AFTER_S } from "../../../../worker/src/durable/client-caps";
import { AlertStream, MAX_BACKLOG_BYTES } from "../../../../worker/src/durable/alerts/alert-stream";
import { ErrorBodySchema } from "../../../../worker/src/contract";
import { alertingHackathon, cost } from "../../../helpers/alerts";
import { ADMIN_TOKEN } from "../../../helpers/api";
import { createHackathon } from "../../../helpers/hackathons";
import { openAlertStream, SseReader } from "../../../helpers/sse";

const NOW = Date.parse("2026-11-28T12:00:00Z");

describe("GET /alerts/stream with a Last-Event-ID", () => {
  it("above any id issued, sends the open alerts as a fresh connect does", async () => {
    const h = await alertingHackathon(NOW, { budget: { amount: 100 } });
    await h.send(cost(NOW - 1000, { total: 85 }));
    const fresh = new SseReader(await openAlertStream(h.id, h.token));
    const open = await fresh.next();
    fresh.cancel();
    const resumed = new SseReader(await openAlertStream(h.id, h.token, { lastEventId: String(Number(open.id) + 1000) }));
    expect(await resumed.next()).toEqual(open);
    resumed.cancel();
  });

  it("at the latest id issued, sends nothing again until something changes", async () => {
    const h = await alertingHackathon(NOW, { budget: { amount: 100 } });
    await h.send(cost(NOW - 1000, { total: 85 }));
    const fresh = new SseReader(await openAlertStream(h.id, h.token));
    const warning = await fresh.next();
    fresh.cancel();
    const resumed = new SseReader(await openAlertStream(h.id, h.token, { lastEventId: warning.id! }));
    await h.send(cost(NOW - 500, { total: 97 }));
    expect((await resumed.next()).data).toMatchObject({ severity: "critical", status: "open" });
    resumed.cancel();
  });
});

describe("SSE streams per client address", () => {
  it(`refuses stream ${MAX_STREAMS_PER_ADDRESS + 1} from one address with 429 and Retry-After; another address and the admin still get in`, async () => {
    const h = await createHackathon();
    const opened: Response[] = [];
    for (let i = 0; i < MAX_STREAMS_PER_ADDRESS; i++) {
      const response = await openAlertStream(h.hackathon.id, h.viewer_token, { ip: "203.0.113.20" });
      expect(response.status).toBe(200);
      opened.push(response);
    }
    const refused = await openAlertStream(h.hackathon.id, h.viewer_token, { ip: "203.0.113.20" });
    expect(refused.status).toBe(429);
    expect(refused.headers.get("retry-after")).toBe(String(CAP_RETRY_AFTER_S));
    expect(ErrorBodySchema.parse(await refused.json()).error.code).toBe("rate_limited");
    const other = await openAlertStream(h.hackathon.id, h.viewer_token, { ip: "203.0.113.21" });
    const admin = await openAlertStream(h.hackathon.id, ADMIN_TOKEN, { ip: "203.0.113.20" });
    expect([other.status, admin.status]).toEqual([200, 200]);
    for (const response of [...opened, other, admin]) await response.body?.cancel();
  });
});

describe("AlertStream backpressure", () => {
  const chunk = "x".repeat(32 * 1024);

  it("closes a stream whose client does not read once its backlog passes the bound", async () => {
    const stream = new AlertStream();
    const response = stream.open([], { role: "viewer" }, "203.0.113.30");
    let sent = 0;
    while (stream.size > 0 && sent < 4 * MAX_BACKLOG_BYTES) {
      stream.broadcast(chunk);
      sent += chunk.length;
    }
    expect(stream.size).toBe(0);
    expect(sent).toBeLessThanOrEqual(MAX_BACKLOG_BYTES + 2 * chunk.length);
    // The client that comes back finds the stream ended, and reconnects with Last-Event-ID.
    const reader = response.body!.getReader();
    await expect(
      (async () => {
        for (;;) if ((await reader.read()).done) return "ended";
      })(),
    ).rejects.toThrow(/stopped reading/);
  });

  it("keeps a client that reads, however much goes through", async () => {
    const stream = new AlertStream();
    const reader = stream.open([], { role: "viewer" }, "203.0.113.31").body!.getReader();
    let received = 0;
    for (let round = 0; round < 4 * (MAX_BACKLOG_BYTES / chunk.length); round++) {
      stream.broadcast(chunk);
      while (received < (round + 1) * chunk.length) received += (await reader.read()).value?.length ?? 0;
    }
    expect(stream.size).toBe(1);
    stream.endSessions(() => true);
  });
});
