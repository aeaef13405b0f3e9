import { runInDurableObject } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { readSpendByService } from "../../../../worker/src/durable/figures/spend-by-service";
import { readTokenMetrics } from "../../../../worker/src/durable/figures/tokens";
import { LEDGER_OWN, migrateRoomSchema, SERVICE_FIGURES } from "../../../../worker/src/durable/storage/schema";
import { createHackathon } from "../../../helpers/hackathons";
import { pinClock, roomOf } from "../../../helpers/rooms";
import { eventId, postEvents } from "../../../helpers/webhooks";

describe("room schema migrations", () => {
  it("records the version it reached and applies nothing twice", async () => {
    const { hackathon } = await createHackathon();
    const versions = await runInDurableObject(roomOf(hackathon.id), (_, state) => {
      const read = () => state.storage.sql.exec<{ version: number }>("SELECT version FROM schema_version").one().version;
      const first = read();
      migrateRoomSchema(state.storage);
      return [first, read()];
    });
    expect(versions[0]).toBeGreaterThan(1);
    expect(versions[1]).toBe(versions[0]);
  });

  it("upgrades an object created before versioning without losing its rows", async () => {
    const { hackathon } = await createHackathon();
    const tasks = await runInDurableObject(roomOf(hackathon.id), (_, state) => {
      const sql = state.storage.sql;
      // Rebuild the first layout of the changed tables, as an object from before versioning has them.
      sql.exec("DROP TABLE tasks");
      sql.exec(`CREATE TABLE tasks (id TEXT PRIMARY KEY, title TEXT NOT NULL, status TEXT NOT NULL, weight REAL NOT NULL,
        estimated_hours REAL, depends_on TEXT NOT NULL, updated_ts INTEGER NOT NULL, completed_at INTEGER)`);
      sql.exec("INSERT INTO tasks VALUES ('old', 'Old task', 'todo', 1, NULL, '[]', 1000, NULL)");
      sql.exec("DROP TABLE source_health");
      sql.exec(`CREATE TABLE source_health (source TEXT PRIMARY KEY, mode TEXT NOT NULL, last_event_at INTEGER,
        last_poll_at INTEGER, last_reconciled_at INTEGER, drift REAL NOT NULL DEFAULT 0,
        consecutive_failures INTEGER NOT NULL DEFAULT 0)`);
      sql.exec("DROP TABLE events");
      sql.exec(`CREATE TABLE events (id TEXT PRIMARY KEY, type TEXT NOT NULL, ts INTEGER NOT NULL,
        received_at INTEGER NOT NULL, body TEXT NOT NULL)`);
      sql.exec("INSERT INTO events VALUES ('e1', 'cost', 1000, 1000, '{}')");
      sql.exec("DROP TABLE alerts");
      sql.exec(`CREATE TABLE alerts (id TEXT PRIMARY KEY, type TEXT NOT NULL, severity TEXT NOT NULL,
        description TEXT NOT NULL, score REAL NOT NULL, opened_at INTEGER NOT NULL, recommended_actions TEXT NOT NULL,
        resolved_at INTEGER)`);
      sql.exec("DROP TABLE cost_ledger");
      sql.exec(`CREATE TABLE cost_ledger (event_id TEXT PRIMARY KEY, ts INTEGER NOT NULL,
        amount REAL, total REAL, cum REAL NOT NULL)`);
      sql.exec("INSERT INTO cost_ledger VALUES ('e1', 1000, 2.5, NULL, 2.5)");
      sql.exec("DROP TABLE token_ledger");
      sql.exec(`CREATE TABLE token_ledger (event_id TEXT PRIMARY KEY, ts INTEGER NOT NULL, model TEXT NOT NULL,
        input_tokens INTEGER NOT NULL, output_tokens INTEGER NOT NULL, cost REAL)`);
      sql.exec("DROP TABLE notification_alerts");
      sql.exec(`CREATE TABLE notification_alerts (channel_id TEXT NOT NULL, alert_id TEXT NOT NULL, notified_at INTEGER NOT NULL,
        PRIMARY KEY (channel_id, alert_id))`);
      sql.exec("DROP TABLE silences");
      sql.exec(`CREATE TABLE silences (id TEXT PRIMARY KEY, matchers TEXT NOT NULL, starts_at INTEGER NOT NULL,
        ends_at INTEGER NOT NULL, reason TEXT NOT NULL, created_by TEXT NOT NULL, created_at INTEGER NOT NULL)`);
      sql.exec("INSERT INTO silences VALUES ('silence-1', '{}', 1000, 2000, 'old', 'viewer token', 1000)");
      sql.exec("DROP TABLE maintenance_windows");
      sql.exec(`CREATE TABLE maintenance_windows (id TEXT PRIMARY KEY, starts_at INTEGER NOT NULL, ends_at INTEGER NOT NULL,
        title TEXT NOT NULL, created_by TEXT NOT NULL, created_at INTEGER NOT NULL)`);
      sql.exec("DROP TABLE schema_version");
      sql.exec("DROP TABLE history_dirty");
      sql.exec(`CREATE TABLE history_dirty (series TEXT NOT NULL, minute INTEGER NOT NULL, value REAL,
        version INTEGER NOT NULL, PRIMARY KEY (series, minute))`);
      migrateRoomSchema(state.storage);
      const dirtyColumns = sql.exec<{ name: string }>("SELECT name FROM pragma_table_info('history_dirty')").toArray();
      return {
        rows: sql.exec("SELECT id, created_ts FROM tasks").toArray(),
        dirtyColumns: dirtyColumns.map((c) => c.name),
        events: sql.exec("SELECT id, origin FROM events").toArray(),
        ledger: sql.exec("SELECT event_id, cum, events, folded FROM cost_ledger").toArray(),
        silences: sql.exec("SELECT id, ended_by FROM silences").toArray(),
      };
    });
    expect(tasks.rows).toEqual([{ id: "old", created_ts: 1000 }]);
    expect(tasks.dirtyColumns).toEqual(["series", "minute", "version"]);
    expect(tasks.events).toEqual([{ id: "e1", origin: "webhook" }]);
    // A row from before retention stands for one event and is not compacted yet.
    expect(tasks.ledger).toEqual([{ event_id: "e1", cum: 2.5, events: 1, folded: 0 }]);
    // A silence from before `ended_by` says nobody is known to have ended it.
    expect(tasks.silences).toEqual([{ id: "silence-1", ended_by: null }]);
  });

  it("fills spend and tokens by service from the ledgers and payloads an object from before them holds", async () => {
    const now = Date.parse("2026-11-28T10:00:00Z");
    const h = await createHackathon({ starts_at: new Date(now - 86_400_000).toISOString() });
    await pinClock(h.hackathon.id, now);
    const event = (ago: number, fields: object) => ({ id: eventId(), ts: new Date(now - ago).toISOString(), ...fields });
    const response = await postEvents(h.hackathon.id, h.webhook_secret, {
      events: [
        event(3_600_000, { type: "cost", amount: 4, service: "run" }),
        event(1_800_000, { type: "cost", total: 10, service: "bq" }),
        event(600_000, { type: "cost", amount: 1 }),
        event(120_000, { type: "token", model: "m1", input_tokens: 100, output_tokens: 10, cost: 0.5, service: "app" }),
        event(60_000, { type: "token", model: "m1", input_tokens: 7, output_tokens: 3 }),
      ],
    });
    expect(response.status).toBe(200);
    const figures = await runInDurableObject(roomOf(h.hackathon.id), (_, state) => {
      const sql = state.storage.sql;
      const read = () => ({ spend: readSpendByService(sql), tokens: readTokenMetrics(sql, now, null).by_service });
      const before = read();
      // The layout before per-service figures: no service columns, no running sums, buckets per model only.
      sql.exec("DROP INDEX token_ledger_window");
      sql.exec("ALTER TABLE token_ledger DROP COLUMN service");
      sql.exec("CREATE INDEX token_ledger_window ON token_ledger (ts, model, input_tokens, output_tokens, cost)");
      sql.exec("ALTER TABLE cost_ledger DROP COLUMN service");
      sql.exec("DROP TABLE cost_by_service");
      sql.exec("DROP TABLE token_seconds");
      sql.exec(`CREATE TABLE token_seconds (second INTEGER NOT NULL, model TEXT NOT NULL, input_tokens INTEGER NOT NULL,
        output_tokens INTEGER NOT NULL, cost REAL NOT NULL, PRIMARY KEY (second, model)) WITHOUT ROWID`);
      state.storage.transactionSync(() => {
        for (const statement of SERVICE_FIGURES) sql.exec(statement);
      });
      return { before, after: read() };
    });
    expect(figures.before.spend).toEqual([
      { service: "bq", spend: 6 },
      { service: "run", spend: 4 },
      { service: "(unattributed)", spend: 1 },
    ]);
    expect(figures.before.tokens).toEqual([
      { service: "app", tokens: 110, cost: 0.5 },
      { service: "(unattributed)", tokens: 10, cost: null },
    ]);
    expect(figures.after).toEqual(figures.before);
  });

  it("marks the ledger rows a poll or a reconciliation brought, in an object from before rows kept it, as not the sender's own", async () => {
    const { hackathon } = await createHackathon();
    const own = await runInDurableObject(roomOf(hackathon.id), (_, state) => {
      const sql = state.storage.sql;
      // The layout before: no `own` on either ledger, the token window index without it.
      sql.exec("DROP INDEX token_ledger_window");
      sql.exec("ALTER TABLE token_ledger DROP COLUMN own");
      sql.exec("ALTER TABLE cost_ledger DROP COLUMN own");
      const stored = [
        ["sent-cost", "cost", "webhook"],
        ["polled-cost", "cost", "poll"],
        ["reconcile-cost-5", "cost", "poll"],
        ["sent-call", "token", "webhook"],
        ["polled-call", "token", "poll"],
        ["reconcile-tokens-5", "token", "poll"],
      ];
      for (const [id, type, origin] of stored) {
        sql.exec("INSERT INTO events (id, type, ts, received_at, body, origin) VALUES (?, ?, 1000, 1000, '', ?)", id, type, origin);
        if (type === "cost") sql.exec("INSERT INTO cost_ledger (event_id, ts, amount, total, cum) VALUES (?, 1000, 1, NULL, 1)", id);
        else sql.exec("INSERT INTO token_ledger (event_id, ts, model, input_tokens, output_tokens) VALUES (?, 1000, 'm1', 1, 1)", id);
      }
      state.storage.transactionSync(() => {
        for (const statement of LEDGER_OWN) sql.exec(statement);
      });
      const rows = sql
        .exec<{ id: string; own: number }>(
          "SELECT event_id AS id, own FROM cost_ledger UNION ALL SELECT event_id AS id, own FROM token_ledger ORDER BY id",
        )
        .toArray();
      const indexed = sql.exec<{ name: string }>("SELECT name FROM pragma_index_info('token_ledger_window')").toArray();
      return { rows, indexed: indexed.map((c) => c.name) };
    });
    expect(own.rows).toEqual([
      { id: "polled-call", own: 0 },
      { id: "polled-cost", own: 0 },
      { id: "reconcile-cost-5", own: 0 },
      { id: "reconcile-tokens-5", own: 0 },
      { id: "sent-call", own: 1 },
      { id: "sent-cost", own: 1 },
    ]);
    // The token rate reads `own` from the window index alone.
    expect(own.indexed).toContain("own");
  });
});
