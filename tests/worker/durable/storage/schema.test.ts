import { runInDurableObject } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { migrateRoomSchema } from "../../../../worker/src/durable/storage/schema";
import { createHackathon } from "../../../helpers/hackathons";
import { roomOf } from "../../../helpers/rooms";

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
      };
    });
    expect(tasks.rows).toEqual([{ id: "old", created_ts: 1000 }]);
    expect(tasks.dirtyColumns).toEqual(["series", "minute", "version"]);
    expect(tasks.events).toEqual([{ id: "e1", origin: "webhook" }]);
    // A row from before retention stands for one event and is not compacted yet.
    expect(tasks.ledger).toEqual([{ event_id: "e1", cum: 2.5, events: 1, folded: 0 }]);
  });
});
