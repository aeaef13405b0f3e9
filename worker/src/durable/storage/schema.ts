import { sendersOwnSql } from "../ingest/origin";

/**
 * The hackathon object's own SQLite schema, as ordered migrations. An object records the
 * last one it applied and runs only newer ones when it wakes; append, never edit.
 */
const INITIAL = [
  `CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)`,
  // The dedup key of docs/contract.md section 4: one row per accepted event id, ever.
  `CREATE TABLE IF NOT EXISTS events (id TEXT PRIMARY KEY, type TEXT NOT NULL, ts INTEGER NOT NULL,
     received_at INTEGER NOT NULL, body TEXT NOT NULL)`,
  // cum = spend to date at this event, in event-time order; rewritten forward on back-fill.
  `CREATE TABLE IF NOT EXISTS cost_ledger (event_id TEXT PRIMARY KEY, ts INTEGER NOT NULL,
     amount REAL, total REAL, cum REAL NOT NULL)`,
  `CREATE INDEX IF NOT EXISTS cost_ledger_order ON cost_ledger (ts, event_id)`,
  `CREATE TABLE IF NOT EXISTS token_ledger (event_id TEXT PRIMARY KEY, ts INTEGER NOT NULL, model TEXT NOT NULL,
     input_tokens INTEGER NOT NULL, output_tokens INTEGER NOT NULL, cost REAL)`,
  // Every token figure reads a recent window by event time.
  `CREATE INDEX IF NOT EXISTS token_ledger_ts ON token_ledger (ts)`,
  `CREATE TABLE IF NOT EXISTS token_totals (id INTEGER PRIMARY KEY CHECK (id = 1), tokens INTEGER NOT NULL,
     cost REAL NOT NULL, costed_tokens INTEGER NOT NULL)`,
  `CREATE TABLE IF NOT EXISTS tasks (id TEXT PRIMARY KEY, title TEXT NOT NULL, status TEXT NOT NULL,
     weight REAL NOT NULL, estimated_hours REAL, depends_on TEXT NOT NULL, updated_ts INTEGER NOT NULL,
     completed_at INTEGER)`,
  `CREATE TABLE IF NOT EXISTS metric_minutes (name TEXT NOT NULL, minute INTEGER NOT NULL, sum REAL NOT NULL,
     count INTEGER NOT NULL, PRIMARY KEY (name, minute))`,
  `CREATE TABLE IF NOT EXISTS metric_latest (name TEXT PRIMARY KEY, value REAL NOT NULL, unit TEXT, ts INTEGER NOT NULL)`,
  `CREATE TABLE IF NOT EXISTS source_health (source TEXT PRIMARY KEY, mode TEXT NOT NULL, last_event_at INTEGER,
     last_poll_at INTEGER, last_reconciled_at INTEGER, drift REAL NOT NULL DEFAULT 0,
     consecutive_failures INTEGER NOT NULL DEFAULT 0)`,
  `CREATE TABLE IF NOT EXISTS alerts (id TEXT PRIMARY KEY, type TEXT NOT NULL, severity TEXT NOT NULL,
     description TEXT NOT NULL, score REAL NOT NULL, opened_at INTEGER NOT NULL, recommended_actions TEXT NOT NULL,
     resolved_at INTEGER)`,
  `CREATE TABLE IF NOT EXISTS timers (name TEXT PRIMARY KEY, due_at INTEGER NOT NULL)`,
  `CREATE TABLE IF NOT EXISTS deltas (seq INTEGER PRIMARY KEY, message TEXT NOT NULL)`,
  `CREATE TABLE IF NOT EXISTS history_dirty (series TEXT NOT NULL, minute INTEGER NOT NULL, value REAL,
     version INTEGER NOT NULL, PRIMARY KEY (series, minute))`,
  `CREATE TABLE IF NOT EXISTS tickets (hash TEXT PRIMARY KEY, role TEXT NOT NULL, expires_at INTEGER NOT NULL)`,
];

/** Spend and tokens by sending service; exported so a test can run it over an older object's rows. */
export const SERVICE_FIGURES = [
  // Spend and tokens by sending service (figures/spend-by-service.ts, figures/token-seconds.ts):
  // each ledger row keeps its event's service, filled from the payloads retention has not stripped.
  "ALTER TABLE cost_ledger ADD COLUMN service TEXT",
  `UPDATE cost_ledger SET service = (SELECT json_extract(body, '$.service') FROM events
     WHERE events.id = cost_ledger.event_id AND body != '' AND json_valid(body))`,
  // Spend to date per service ('' for unattributed): each row's rise over the row before it.
  "CREATE TABLE IF NOT EXISTS cost_by_service (service TEXT PRIMARY KEY, spend REAL NOT NULL) WITHOUT ROWID",
  `INSERT OR REPLACE INTO cost_by_service (service, spend)
     SELECT COALESCE(service, ''), SUM(cum - previous) FROM (
       SELECT service, cum, COALESCE(LAG(cum) OVER (ORDER BY ts, event_id), 0) AS previous FROM cost_ledger)
     GROUP BY COALESCE(service, '')`,
  // Token windows read only the last hour: older rows keep no service (their folds group them as one).
  "ALTER TABLE token_ledger ADD COLUMN service TEXT",
  `UPDATE token_ledger SET service = (SELECT json_extract(body, '$.service') FROM events
     WHERE events.id = token_ledger.event_id AND body != '' AND json_valid(body))
   WHERE ts >= (SELECT MAX(ts) FROM token_ledger) - 7200000`,
  // The window index covers the service too, so partial seconds are still read from it alone.
  "DROP INDEX IF EXISTS token_ledger_window",
  "CREATE INDEX IF NOT EXISTS token_ledger_window ON token_ledger (ts, model, service, input_tokens, output_tokens, cost)",
  // Buckets per second, model and service; cost NULL while no call in it was priced (unpriced, not $0).
  "DROP TABLE IF EXISTS token_seconds",
  `CREATE TABLE token_seconds (second INTEGER NOT NULL, model TEXT NOT NULL, service TEXT NOT NULL DEFAULT '',
     input_tokens INTEGER NOT NULL, output_tokens INTEGER NOT NULL, cost REAL,
     PRIMARY KEY (second, model, service)) WITHOUT ROWID`,
  `INSERT INTO token_seconds (second, model, service, input_tokens, output_tokens, cost)
     SELECT ts / 1000, model, COALESCE(service, ''), SUM(input_tokens), SUM(output_tokens), SUM(cost) FROM token_ledger
     WHERE ts >= (SELECT MAX(ts) FROM token_ledger) - 7200000 GROUP BY ts / 1000, model, COALESCE(service, '')`,
];

/**
 * cost.spend is scored as a spend rate now (durable/anomaly/spend-rate.ts), not per event: a
 * detector that learned the old values would page on the first rate it reads, so it starts
 * afresh. Exported so a test can run it over an older object's detector.
 */
export const SPEND_RATE_RESET = ["DELETE FROM detectors WHERE series = 'cost.spend'"];

/**
 * Whether each ledger row is the sender's own report rather than catch-up (ingest/origin.ts), kept
 * on the row so anomaly detection reads it without joining `events`; the token window index covers
 * it. Exported so a test can run it over an older object's rows.
 */
export const LEDGER_OWN = [
  "ALTER TABLE cost_ledger ADD COLUMN own INTEGER NOT NULL DEFAULT 1",
  `UPDATE cost_ledger SET own = 0 WHERE event_id IN (SELECT id FROM events WHERE NOT ${sendersOwnSql("id", "origin")})`,
  "ALTER TABLE token_ledger ADD COLUMN own INTEGER NOT NULL DEFAULT 1",
  `UPDATE token_ledger SET own = 0 WHERE event_id IN (SELECT id FROM events WHERE NOT ${sendersOwnSql("id", "origin")})`,
  "DROP INDEX IF EXISTS token_ledger_window",
  "CREATE INDEX IF NOT EXISTS token_ledger_window ON token_ledger (ts, model, service, input_tokens, output_tokens, cost, own)",
];

const MIGRATIONS: string[][] = [
  INITIAL,
  // When a task first appeared, so history can draw scope growth at event time.
  ["ALTER TABLE tasks ADD COLUMN created_ts INTEGER", "UPDATE tasks SET created_ts = updated_ts"],
  ["CREATE INDEX IF NOT EXISTS tasks_completed_at ON tasks (completed_at)"],
  // Task history is computed by event time now; no series stores a snapshot value.
  ["ALTER TABLE history_dirty DROP COLUMN value"],
  [
    // The hysteresis machine's state per source (JSON, validated on load).
    "ALTER TABLE source_health ADD COLUMN machine TEXT",
    // Deliveries refused as repeats, per source: evidence of over-counting senders.
    "ALTER TABLE source_health ADD COLUMN duplicates INTEGER NOT NULL DEFAULT 0",
    "ALTER TABLE source_health ADD COLUMN last_good_poll_at INTEGER",
    `CREATE TABLE IF NOT EXISTS mode_transitions (id INTEGER PRIMARY KEY AUTOINCREMENT, source TEXT NOT NULL,
       from_mode TEXT NOT NULL, to_mode TEXT NOT NULL, reason TEXT NOT NULL, at INTEGER NOT NULL)`,
    `CREATE TABLE IF NOT EXISTS rca_log (id INTEGER PRIMARY KEY AUTOINCREMENT, at INTEGER NOT NULL, source TEXT NOT NULL,
       kind TEXT NOT NULL, cause TEXT, summary TEXT NOT NULL, detail TEXT NOT NULL)`,
    // Poll adapters' small persisted values (ETags, OAuth tokens, last accepted totals).
    "CREATE TABLE IF NOT EXISTS poll_cache (key TEXT PRIMARY KEY, value TEXT NOT NULL)",
  ],
  // Evidence about a sender (its gaps, its clock) must not count what polls brought in.
  ["ALTER TABLE events ADD COLUMN origin TEXT NOT NULL DEFAULT 'webhook'"],
  [
    // The alert lifecycle: one open row per fingerprint (rule + series), acked and resolved in place.
    "ALTER TABLE alerts ADD COLUMN fingerprint TEXT NOT NULL DEFAULT ''",
    "ALTER TABLE alerts ADD COLUMN series TEXT",
    "ALTER TABLE alerts ADD COLUMN context TEXT NOT NULL DEFAULT '{}'",
    "ALTER TABLE alerts ADD COLUMN acknowledged_at INTEGER",
    "ALTER TABLE alerts ADD COLUMN resolved_by TEXT",
    "ALTER TABLE alerts ADD COLUMN last_seen_at INTEGER NOT NULL DEFAULT 0",
    // When the condition was first observed in event time (an anomalous point's ts), for correlation.
    "ALTER TABLE alerts ADD COLUMN observed_at INTEGER NOT NULL DEFAULT 0",
    "ALTER TABLE alerts ADD COLUMN occurrences INTEGER NOT NULL DEFAULT 1",
    "ALTER TABLE alerts ADD COLUMN incident_id TEXT",
    // version > flushed_version: the row still has to reach D1's alert history.
    "ALTER TABLE alerts ADD COLUMN version INTEGER NOT NULL DEFAULT 1",
    "ALTER TABLE alerts ADD COLUMN flushed_version INTEGER NOT NULL DEFAULT 0",
    "CREATE UNIQUE INDEX IF NOT EXISTS alerts_open_fingerprint ON alerts (fingerprint) WHERE resolved_at IS NULL",
    // last_observed_at: the event time of its latest anomaly; anomalies near it in event time join it.
    `CREATE TABLE IF NOT EXISTS incidents (id TEXT PRIMARY KEY, opened_at INTEGER NOT NULL, updated_at INTEGER NOT NULL,
       last_observed_at INTEGER NOT NULL, resolved_at INTEGER, root_cause TEXT NOT NULL, root_series TEXT,
       confidence REAL NOT NULL)`,
    // Each series' streaming detector (JSON, validated on load) and where it has read up to.
    `CREATE TABLE IF NOT EXISTS detectors (series TEXT PRIMARY KEY, state TEXT NOT NULL, last_ts INTEGER NOT NULL,
       last_score REAL NOT NULL DEFAULT 0, points INTEGER NOT NULL DEFAULT 0)`,
    `CREATE TABLE IF NOT EXISTS anomaly_marks (series TEXT NOT NULL, ts INTEGER NOT NULL, value REAL NOT NULL,
       score REAL NOT NULL, PRIMARY KEY (series, ts))`,
    "CREATE TABLE IF NOT EXISTS anomaly_minutes (series TEXT NOT NULL, minute INTEGER NOT NULL, score REAL NOT NULL, PRIMARY KEY (series, minute))",
    // Whether each budget level may fire again: cleared when it fires, set when spend falls back under it.
    "CREATE TABLE IF NOT EXISTS budget_levels (level TEXT PRIMARY KEY, armed INTEGER NOT NULL)",
    // Every alert change in order, so an SSE client resumes from Last-Event-ID.
    "CREATE TABLE IF NOT EXISTS alert_changes (seq INTEGER PRIMARY KEY AUTOINCREMENT, alert_id TEXT NOT NULL)",
  ],
  [
    // Cloud Billing budget notifications: the highest costAmount seen per budget period (spend = their sum).
    `CREATE TABLE IF NOT EXISTS gcp_budget_periods (budget_id TEXT NOT NULL, interval_start INTEGER NOT NULL,
       max_cost REAL NOT NULL, PRIMARY KEY (budget_id, interval_start))`,
    // The latest notification's own flags, shown beside Pitwall's figures.
    `CREATE TABLE IF NOT EXISTS gcp_budget_status (id INTEGER PRIMARY KEY CHECK (id = 1), budget_id TEXT NOT NULL,
       display_name TEXT, budget_amount REAL, alert_threshold_exceeded REAL, forecast_threshold_exceeded REAL,
       published_at INTEGER NOT NULL)`,
  ],
  [
    // GitHub's native links (blocked-by and sub-issues): an `issues` delivery does not list them.
    `CREATE TABLE IF NOT EXISTS github_dependencies (repo TEXT NOT NULL, blocked INTEGER NOT NULL, blocking TEXT NOT NULL,
       PRIMARY KEY (repo, blocked, blocking))`,
    "CREATE TABLE IF NOT EXISTS github_dependency_deliveries (delivery TEXT PRIMARY KEY)",
  ],
  [
    // Silences mute matching alerts for a while: still shown (silenced_by), never notified.
    `CREATE TABLE IF NOT EXISTS silences (id TEXT PRIMARY KEY, matchers TEXT NOT NULL, starts_at INTEGER NOT NULL,
       ends_at INTEGER NOT NULL, reason TEXT NOT NULL, created_by TEXT NOT NULL, created_at INTEGER NOT NULL)`,
    "ALTER TABLE alerts ADD COLUMN silenced_by TEXT",
  ],
  [
    // Notification channels; url and secret are credentials and never leave the object.
    `CREATE TABLE IF NOT EXISTS notification_channels (id TEXT PRIMARY KEY, kind TEXT NOT NULL, name TEXT NOT NULL,
       url TEXT NOT NULL, secret TEXT, min_severity TEXT NOT NULL, types TEXT, status TEXT NOT NULL DEFAULT 'ok',
       consecutive_failures INTEGER NOT NULL DEFAULT 0, created_at INTEGER NOT NULL)`,
    // Alert changes waiting for their channel's group to flush (group wait / group interval).
    `CREATE TABLE IF NOT EXISTS notification_pending (channel_id TEXT NOT NULL, alert_id TEXT NOT NULL, kind TEXT NOT NULL,
       PRIMARY KEY (channel_id, alert_id))`,
    "CREATE TABLE IF NOT EXISTS notification_groups (channel_id TEXT PRIMARY KEY, flush_at INTEGER, last_flush_at INTEGER)",
    // Firing alerts a channel was told about, and when: resolved notices and repeats go only to these.
    `CREATE TABLE IF NOT EXISTS notification_alerts (channel_id TEXT NOT NULL, alert_id TEXT NOT NULL, notified_at INTEGER NOT NULL,
       PRIMARY KEY (channel_id, alert_id))`,
    // The durable queue and delivery log; the id is the receiver's idempotency key (webhook-id).
    `CREATE TABLE IF NOT EXISTS notification_deliveries (id TEXT PRIMARY KEY, channel_id TEXT NOT NULL, kind TEXT NOT NULL,
       status TEXT NOT NULL, payload TEXT NOT NULL, alert_ids TEXT NOT NULL, attempts INTEGER NOT NULL DEFAULT 0,
       last_error TEXT, response_code INTEGER, created_at INTEGER NOT NULL, due_at INTEGER NOT NULL, delivered_at INTEGER)`,
    // Every notifications timer run looks for pending rows that are due.
    "CREATE INDEX IF NOT EXISTS notification_deliveries_due ON notification_deliveries (status, due_at)",
    "CREATE INDEX IF NOT EXISTS notification_deliveries_channel ON notification_deliveries (channel_id, created_at)",
  ],
  [
    // Planned downtime: mutes every alert's notifications and puts the status page in "maintenance".
    `CREATE TABLE IF NOT EXISTS maintenance_windows (id TEXT PRIMARY KEY, starts_at INTEGER NOT NULL, ends_at INTEGER NOT NULL,
       title TEXT NOT NULL, created_by TEXT NOT NULL, created_at INTEGER NOT NULL)`,
  ],
  [
    // Monotonic counts for /metrics that no other table can answer cheaply; labels is canonical JSON.
    `CREATE TABLE IF NOT EXISTS counters (name TEXT NOT NULL, labels TEXT NOT NULL, value INTEGER NOT NULL,
       PRIMARY KEY (name, labels))`,
    // Events accepted before the counter existed are counted once, from the dedup table itself.
    `INSERT OR IGNORE INTO counters (name, labels, value)
       SELECT 'events_accepted', json_object('origin', origin, 'type', type), COUNT(*) FROM events GROUP BY origin, type`,
  ],
  [
    // Retention (durable/retention): old ledger rows are folded into rollups; `events` is how many
    // events a row stands for, `folded` marks rows already compacted.
    "ALTER TABLE cost_ledger ADD COLUMN events INTEGER NOT NULL DEFAULT 1",
    "ALTER TABLE cost_ledger ADD COLUMN folded INTEGER NOT NULL DEFAULT 0",
    "CREATE INDEX IF NOT EXISTS cost_ledger_unfolded ON cost_ledger (ts) WHERE folded = 0",
    "ALTER TABLE token_ledger ADD COLUMN events INTEGER NOT NULL DEFAULT 1",
    "ALTER TABLE token_ledger ADD COLUMN folded INTEGER NOT NULL DEFAULT 0",
    "CREATE INDEX IF NOT EXISTS token_ledger_unfolded ON token_ledger (ts) WHERE folded = 0",
    // Old events keep their row (the dedup key) but lose their payload; only rows still holding one are indexed.
    "CREATE INDEX IF NOT EXISTS events_with_body ON events (ts) WHERE body != ''",
  ],
  [
    // The severity a channel was told an alert had: a worse one is notified again.
    "ALTER TABLE notification_alerts ADD COLUMN severity TEXT",
  ],
  [
    // A reconciliation reads one source's events over its range (sources/evidence.ts); without
    // these it scanned every event ever stored (~400 ms per poll at 1,000,000 events).
    "CREATE INDEX IF NOT EXISTS events_by_type_ts ON events (type, ts)",
    "CREATE INDEX IF NOT EXISTS events_by_type_received ON events (type, received_at)",
    // Token figures sum a window of calls by event time on every frame: read from the index
    // alone instead of visiting each row (it replaces the plain index on ts).
    "CREATE INDEX IF NOT EXISTS token_ledger_window ON token_ledger (ts, model, input_tokens, output_tokens, cost)",
    "DROP INDEX IF EXISTS token_ledger_ts",
  ],
  [
    // Recent token windows read per-second sums (figures/token-seconds.ts): a flood of calls no
    // longer makes every frame and every token ingest slower. Filled from the last two hours.
    `CREATE TABLE IF NOT EXISTS token_seconds (second INTEGER NOT NULL, model TEXT NOT NULL,
       input_tokens INTEGER NOT NULL, output_tokens INTEGER NOT NULL, cost REAL NOT NULL,
       PRIMARY KEY (second, model)) WITHOUT ROWID`,
    `INSERT INTO token_seconds (second, model, input_tokens, output_tokens, cost)
       SELECT ts / 1000, model, SUM(input_tokens), SUM(output_tokens), COALESCE(SUM(cost), 0) FROM token_ledger
       WHERE ts >= (SELECT MAX(ts) FROM token_ledger) - 7200000 GROUP BY ts / 1000, model`,
  ],
  [
    // Who acknowledged an alert (section 12's `by`); resolved_by already holds who resolved it.
    "ALTER TABLE alerts ADD COLUMN acknowledged_by TEXT",
    // Silences and maintenance windows last at most 7 days now; ones set longer before are cut to it.
    "UPDATE silences SET ends_at = starts_at + 604800000 WHERE ends_at - starts_at > 604800000",
    "UPDATE maintenance_windows SET ends_at = starts_at + 604800000 WHERE ends_at - starts_at > 604800000",
  ],
  [
    // Distinct metric names, models and services seen (ingest/caps.ts: 200 each per hackathon).
    // Filled from what is stored; a service in a payload already stripped by retention is not.
    "CREATE TABLE IF NOT EXISTS known_names (kind TEXT NOT NULL, name TEXT NOT NULL, PRIMARY KEY (kind, name)) WITHOUT ROWID",
    "INSERT OR IGNORE INTO known_names (kind, name) SELECT 'metric', name FROM metric_latest",
    "INSERT OR IGNORE INTO known_names (kind, name) SELECT 'model', model FROM token_ledger",
    "INSERT OR IGNORE INTO known_names (kind, name) SELECT 'model', model FROM token_seconds",
    `INSERT OR IGNORE INTO known_names (kind, name) SELECT 'service', service FROM (
       SELECT CASE WHEN json_valid(body) THEN json_extract(body, '$.service') END AS service FROM events
       WHERE type IN ('cost', 'token') AND body != '') WHERE typeof(service) = 'text'`,
  ],
  [
    // Each cumulative OTLP stream's previous point, so the next reads as a rate (durable/otlp/cumulative-bases.ts).
    `CREATE TABLE IF NOT EXISTS otlp_cumulative_bases (stream TEXT PRIMARY KEY, start_ms INTEGER NOT NULL,
       time_ms INTEGER NOT NULL, value REAL NOT NULL) WITHOUT ROWID`,
  ],
  [
    // Each stretch the budget alert stood at critical: the public "Budget" incident (alerts/budget-incidents.ts).
    // One already critical is recorded at the next alert evaluation (an ingest or its hold check).
    `CREATE TABLE IF NOT EXISTS budget_incidents (id TEXT PRIMARY KEY, opened_at INTEGER NOT NULL, updated_at INTEGER NOT NULL,
       resolved_at INTEGER)`,
  ],
  SERVICE_FIGURES,
  [
    // Who changed what (durable/audit/log.ts), newest kept; read newest first within a time range.
    `CREATE TABLE IF NOT EXISTS audit_log (id INTEGER PRIMARY KEY AUTOINCREMENT, at INTEGER NOT NULL, by TEXT NOT NULL,
       action TEXT NOT NULL, target TEXT NOT NULL, detail TEXT)`,
    "CREATE INDEX IF NOT EXISTS audit_log_at ON audit_log (at, id)",
    // A person's ticket (signed in through Access) outlives a rotation of the hackathon's tokens.
    // Tickets live a minute, so the table is simply made anew with the column.
    "DROP TABLE IF EXISTS tickets",
    "CREATE TABLE tickets (hash TEXT PRIMARY KEY, role TEXT NOT NULL, expires_at INTEGER NOT NULL, person INTEGER NOT NULL DEFAULT 0)",
  ],
  [
    // Who ended a silence or maintenance window early (section 12's `by`); null while it runs or once it ran out.
    "ALTER TABLE silences ADD COLUMN ended_by TEXT",
    "ALTER TABLE maintenance_windows ADD COLUMN ended_by TEXT",
  ],
  SPEND_RATE_RESET,
  LEDGER_OWN,
  [
    // A person's ticket carries who they are and when their Access token expires, so a change of
    // `members` or that expiry ends what it opens (durable/member-sessions.ts).
    "ALTER TABLE tickets ADD COLUMN email TEXT",
    "ALTER TABLE tickets ADD COLUMN ends_at INTEGER",
  ],
];

/**
 * Whether this object was ever created (any schema version, or the layout from before
 * versioning). Reading the catalogue writes nothing, so an id nobody created stays empty.
 */
export function holdsRoomSchema(sql: SqlStorage): boolean {
  return sql.exec("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name IN ('schema_version', 'meta') LIMIT 1").toArray().length > 0;
}

export function migrateRoomSchema(storage: DurableObjectStorage): void {
  const sql = storage.sql;
  sql.exec("CREATE TABLE IF NOT EXISTS schema_version (id INTEGER PRIMARY KEY CHECK (id = 1), version INTEGER NOT NULL)");
  const applied = sql.exec<{ version: number }>("SELECT version FROM schema_version").toArray()[0]?.version ?? 0;
  for (let version = applied; version < MIGRATIONS.length; version++) {
    storage.transactionSync(() => {
      for (const statement of MIGRATIONS[version]!) sql.exec(statement);
      sql.exec(
        "INSERT INTO schema_version (id, version) VALUES (1, ?) ON CONFLICT (id) DO UPDATE SET version = excluded.version",
        version + 1,
      );
    });
  }
}
