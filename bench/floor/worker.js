// The floor the bench compares the product with: one SQLite Durable Object per hackathon that
// stores each event under its dedup key and broadcasts one delta per request. It answers the
// same request shapes as the product (signatures and tokens are simply ignored), so the same
// load generators drive both; no validation, auth, figures, history or alerts.
import { DurableObject } from "cloudflare:workers";

// Any valid Standard Webhooks secret: the generators sign with it, the floor never checks.
const WEBHOOK_SECRET = "whsec_Zmxvb3ItZmxvb3ItZmxvb3ItZmxvb3I=";

export class FloorRoom extends DurableObject {
  constructor(ctx, env) {
    super(ctx, env);
    this.sql = ctx.storage.sql;
    this.sql.exec("CREATE TABLE IF NOT EXISTS events (id TEXT PRIMARY KEY, body TEXT NOT NULL)");
    this.seq = 0;
  }

  async fetch(request) {
    if (request.headers.get("upgrade") === "websocket") {
      const [client, server] = Object.values(new WebSocketPair());
      this.ctx.acceptWebSocket(server);
      server.send(JSON.stringify({ type: "snapshot", seq: this.seq, state: this.counts() }));
      return new Response(null, { status: 101, webSocket: client });
    }
    if (request.method === "GET") return Response.json(this.counts());
    const body = await request.json();
    const events = Array.isArray(body.events) ? body.events : [body];
    let accepted = 0;
    for (const event of events) {
      const stored = this.sql.exec(
        "INSERT INTO events (id, body) VALUES (?, ?) ON CONFLICT DO NOTHING RETURNING 1",
        String(event.id),
        JSON.stringify(event),
      );
      accepted += stored.toArray().length;
    }
    const delta = JSON.stringify({ type: "cost", seq: ++this.seq, data: { accepted } });
    for (const socket of this.ctx.getWebSockets()) {
      try {
        socket.send(delta);
      } catch {}
    }
    return Response.json({ accepted, duplicates: events.length - accepted });
  }

  counts() {
    return this.sql.exec("SELECT COUNT(*) AS events FROM events").one();
  }

  async webSocketMessage() {}
  async webSocketClose(socket, code, reason) {
    try {
      socket.close(code === 1005 ? 1000 : code, reason);
    } catch {}
  }
}

const room = (env, id) => env.FLOOR_ROOM.get(env.FLOOR_ROOM.idFromName(id));

export default {
  async fetch(request, env) {
    const { pathname } = new URL(request.url);
    if (pathname === "/healthz") return Response.json({ ok: true });
    if (request.method === "POST" && pathname === "/api/hackathons") {
      const { id } = await request.json();
      return Response.json({ hackathon: { id }, webhook_secret: WEBHOOK_SECRET }, { status: 201 });
    }
    const match = pathname.match(/^\/(?:api\/hackathons|webhooks)\/([^/]+)\/(events|ticket|live|dashboard)$/);
    if (!match) return new Response("not found", { status: 404 });
    const [, id, action] = match;
    if (action === "ticket") return Response.json({ ticket: "floor" }, { status: 201 });
    return room(env, decodeURIComponent(id)).fetch(request);
  },
};
