import type { AlertType, Channel, ChannelCreate, ChannelKind, Severity } from "../../contract";
import { generateWebhookSecret } from "../../lib/crypto";
import { toIso } from "../../lib/time";

export type ChannelRow = {
  id: string;
  kind: ChannelKind;
  name: string;
  url: string;
  secret: string | null;
  min_severity: Severity;
  types: string | null;
  status: "ok" | "failing";
  consecutive_failures: number;
  created_at: number;
};

const ID_ALPHABET = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";

function channelId(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(12));
  return `ch_${[...bytes].map((b) => ID_ALPHABET[b % ID_ALPHABET.length]).join("")}`;
}

/** The receiver URL is a credential (Slack and Discord embed their key in it): only its origin is shown. */
export function toChannel(row: ChannelRow): Channel {
  return {
    id: row.id,
    kind: row.kind,
    name: row.name,
    url: `${new URL(row.url).origin}/…`,
    min_severity: row.min_severity,
    types: row.types === null ? null : (JSON.parse(row.types) as AlertType[]),
    status: row.status,
    consecutive_failures: row.consecutive_failures,
    created_at: toIso(row.created_at),
  };
}

export function insertChannel(sql: SqlStorage, input: ChannelCreate, now: number): ChannelRow {
  const row: ChannelRow = {
    id: channelId(),
    kind: input.kind,
    name: input.name,
    url: input.url,
    secret: input.kind === "webhook" ? generateWebhookSecret() : null,
    min_severity: input.min_severity,
    types: input.types ? JSON.stringify([...new Set(input.types)]) : null,
    status: "ok",
    consecutive_failures: 0,
    created_at: now,
  };
  sql.exec(
    `INSERT INTO notification_channels (id, kind, name, url, secret, min_severity, types, status, consecutive_failures, created_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    row.id,
    row.kind,
    row.name,
    row.url,
    row.secret,
    row.min_severity,
    row.types,
    row.status,
    row.consecutive_failures,
    row.created_at,
  );
  return row;
}

export function findChannel(sql: SqlStorage, id: string): ChannelRow | null {
  return sql.exec<ChannelRow>("SELECT * FROM notification_channels WHERE id = ?", id).toArray()[0] ?? null;
}

export function listChannelRows(sql: SqlStorage): ChannelRow[] {
  return sql.exec<ChannelRow>("SELECT * FROM notification_channels ORDER BY created_at, id").toArray();
}

/** Removes a channel with its queue and log; true when it existed. */
export function deleteChannelRows(sql: SqlStorage, id: string): boolean {
  const gone = sql.exec("DELETE FROM notification_channels WHERE id = ? RETURNING id", id).toArray().length > 0;
  for (const table of ["notification_pending", "notification_groups", "notification_alerts", "notification_deliveries"]) {
    sql.exec(`DELETE FROM ${table} WHERE channel_id = ?`, id);
  }
  return gone;
}

const SEVERITY_RANK: Record<Severity, number> = { info: 0, warning: 1, critical: 2 };

/** Whether a firing alert of this type and severity is for this channel. */
export function channelWants(row: ChannelRow, type: AlertType, severity: Severity): boolean {
  if (SEVERITY_RANK[severity] < SEVERITY_RANK[row.min_severity]) return false;
  return row.types === null || (JSON.parse(row.types) as string[]).includes(type);
}
