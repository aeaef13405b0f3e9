import type { Alert, Delivery, DeliveryKind, DeliveryStatus, Severity } from "../../contract";
import { toIso, toIsoOrNull } from "../../lib/time";
import { findAlert } from "../alerts/store";
import { channelWants, findChannel, listChannelRows, type ChannelRow } from "./channels";
import type { NotificationSnapshot } from "./payloads";
import { NOTIFY_POLICY } from "./policy";

export type DeliveryRow = {
  id: string;
  channel_id: string;
  kind: DeliveryKind;
  status: DeliveryStatus;
  payload: string;
  alert_ids: string;
  attempts: number;
  last_error: string | null;
  response_code: number | null;
  created_at: number;
  due_at: number;
  delivered_at: number | null;
};

export function toDelivery(row: DeliveryRow): Delivery {
  const alertIds = JSON.parse(row.alert_ids) as string[];
  return {
    id: row.id,
    channel_id: row.channel_id,
    alert_id: alertIds[0] ?? null,
    alert_ids: alertIds,
    kind: row.kind,
    status: row.status,
    attempts: row.attempts,
    last_error: row.last_error,
    response_code: row.response_code,
    created_at: toIso(row.created_at),
    delivered_at: toIsoOrNull(row.delivered_at),
  };
}

/** A Standard Webhooks message id: the receiver's dedup key for this delivery, across retries. */
const deliveryId = () => `msg_${crypto.randomUUID().replace(/-/g, "")}`;

export function insertDelivery(
  sql: SqlStorage,
  channel: ChannelRow,
  kind: DeliveryKind,
  snapshot: NotificationSnapshot,
  now: number,
): DeliveryRow {
  // A failing channel is not tried any more; what it missed still shows in its log. A test is always tried.
  const status: DeliveryStatus = channel.status === "failing" && kind !== "test" ? "dropped" : "pending";
  const id = deliveryId();
  sql.exec(
    `INSERT INTO notification_deliveries (id, channel_id, kind, status, payload, alert_ids, created_at, due_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
    id,
    channel.id,
    kind,
    status,
    JSON.stringify(snapshot),
    JSON.stringify(snapshot.alerts.map((a) => a.id)),
    now,
    now,
  );
  return findDelivery(sql, id)!;
}

export function findDelivery(sql: SqlStorage, id: string): DeliveryRow | null {
  return sql.exec<DeliveryRow>("SELECT * FROM notification_deliveries WHERE id = ?", id).toArray()[0] ?? null;
}

export function listDeliveries(sql: SqlStorage, channelId: string, limit = 200): Delivery[] {
  return sql
    .exec<DeliveryRow>(
      "SELECT * FROM notification_deliveries WHERE channel_id = ? ORDER BY created_at DESC, rowid DESC LIMIT ?",
      channelId,
      limit,
    )
    .toArray()
    .map(toDelivery);
}

const isNotified = (sql: SqlStorage, channelId: string, alertId: string) =>
  sql.exec("SELECT 1 FROM notification_alerts WHERE channel_id = ? AND alert_id = ?", channelId, alertId).toArray().length > 0;

const SEVERITY_RANK: Record<Severity, number> = { info: 0, warning: 1, critical: 2 };

/**
 * Whether the channel was told of this alert at its current severity or higher. An alert
 * that worsened since (warning to critical) is news, as a new label set is in Alertmanager.
 */
function toldAtSeverity(sql: SqlStorage, channelId: string, alert: Alert): boolean {
  const row = sql
    .exec<{ severity: Severity | null }>(
      "SELECT severity FROM notification_alerts WHERE channel_id = ? AND alert_id = ?",
      channelId,
      alert.id,
    )
    .toArray()[0];
  if (!row) return false;
  return row.severity === null || SEVERITY_RANK[row.severity] >= SEVERITY_RANK[alert.severity];
}

/**
 * A budget alert lowered back to warning counts as told at warning from then on, so crossing the
 * critical level again is news again (docs/contract.md section 8: once per crossing).
 */
function lowerToldSeverity(sql: SqlStorage, channelId: string, alert: Alert): void {
  sql.exec(
    `UPDATE notification_alerts SET severity = ? WHERE channel_id = ? AND alert_id = ?
       AND CASE severity WHEN 'critical' THEN 2 WHEN 'warning' THEN 1 ELSE 0 END > ?`,
    alert.severity,
    channelId,
    alert.id,
    SEVERITY_RANK[alert.severity],
  );
}

const pendingKind = (sql: SqlStorage, channelId: string, alertId: string) =>
  sql.exec<{ kind: string }>("SELECT kind FROM notification_pending WHERE channel_id = ? AND alert_id = ?", channelId, alertId).toArray()[0]
    ?.kind ?? null;

/** When a group with a new change flushes: after the group wait if it was quiet, else on its interval. */
function scheduleGroup(sql: SqlStorage, channelId: string, now: number): number {
  const group = sql
    .exec<{ flush_at: number | null; last_flush_at: number | null }>(
      "SELECT flush_at, last_flush_at FROM notification_groups WHERE channel_id = ?",
      channelId,
    )
    .toArray()[0];
  if (group?.flush_at != null) return group.flush_at;
  const last = group?.last_flush_at ?? null;
  const quiet = last === null || now >= last + NOTIFY_POLICY.groupIntervalMs;
  const flushAt = quiet ? now + NOTIFY_POLICY.groupWaitMs : last + NOTIFY_POLICY.groupIntervalMs;
  sql.exec(
    `INSERT INTO notification_groups (channel_id, flush_at) VALUES (?, ?)
     ON CONFLICT (channel_id) DO UPDATE SET flush_at = excluded.flush_at`,
    channelId,
    flushAt,
  );
  return flushAt;
}

/**
 * Notes changed alerts for every channel that wants them: a new firing alert, or the
 * resolution of one the channel was told about. Returns the earliest group flush, or null.
 */
export function enqueueAlertChanges(sql: SqlStorage, alerts: Alert[], now: number): number | null {
  let earliest: number | null = null;
  for (const channel of listChannelRows(sql)) {
    let changed = false;
    for (const alert of alerts) {
      if (alert.resolved) {
        if (isNotified(sql, channel.id, alert.id)) {
          sql.exec(
            `INSERT INTO notification_pending (channel_id, alert_id, kind) VALUES (?, ?, 'resolved')
             ON CONFLICT (channel_id, alert_id) DO UPDATE SET kind = 'resolved'`,
            channel.id,
            alert.id,
          );
          changed = true;
        } else {
          // Resolved inside the group wait: the channel never heard of it, so it hears nothing.
          sql.exec("DELETE FROM notification_pending WHERE channel_id = ? AND alert_id = ?", channel.id, alert.id);
        }
        continue;
      }
      lowerToldSeverity(sql, channel.id, alert);
      if (alert.silenced_by || !channelWants(channel, alert.type, alert.severity)) continue;
      if (toldAtSeverity(sql, channel.id, alert) || pendingKind(sql, channel.id, alert.id) !== null) continue;
      sql.exec("INSERT INTO notification_pending (channel_id, alert_id, kind) VALUES (?, ?, 'firing')", channel.id, alert.id);
      changed = true;
    }
    if (!changed) continue;
    const flushAt = scheduleGroup(sql, channel.id, now);
    earliest = earliest === null ? flushAt : Math.min(earliest, flushAt);
  }
  return earliest;
}

/** Turns each due group's pending changes into at most one firing and one resolved delivery. */
export function flushDueGroups(sql: SqlStorage, hackathonId: string, now: number): void {
  const due = sql
    .exec<{ channel_id: string }>("SELECT channel_id FROM notification_groups WHERE flush_at IS NOT NULL AND flush_at <= ?", now)
    .toArray();
  for (const { channel_id: channelId } of due) {
    const channel = findChannel(sql, channelId);
    const pending = sql
      .exec<{ alert_id: string; kind: "firing" | "resolved" }>(
        "DELETE FROM notification_pending WHERE channel_id = ? RETURNING alert_id, kind",
        channelId,
      )
      .toArray();
    sql.exec("UPDATE notification_groups SET flush_at = NULL, last_flush_at = ? WHERE channel_id = ?", now, channelId);
    if (!channel) continue;
    const firing: Alert[] = [];
    const resolved: Alert[] = [];
    for (const { alert_id: alertId, kind } of pending) {
      const alert = findAlert(sql, alertId, hackathonId)?.alert;
      if (!alert) continue;
      if (kind === "resolved") {
        resolved.push(alert);
        sql.exec("DELETE FROM notification_alerts WHERE channel_id = ? AND alert_id = ?", channelId, alertId);
      } else if (!alert.resolved && !alert.silenced_by) {
        firing.push(alert);
        sql.exec(
          "INSERT OR REPLACE INTO notification_alerts (channel_id, alert_id, notified_at, severity) VALUES (?, ?, ?, ?)",
          channelId,
          alertId,
          now,
          alert.severity,
        );
      }
    }
    if (firing.length > 0) insertDelivery(sql, channel, "firing", { status: "firing", alerts: firing }, now);
    if (resolved.length > 0) insertDelivery(sql, channel, "resolved", { status: "resolved", alerts: resolved }, now);
  }
}

/** Re-announces alerts still firing a repeat interval after a channel last heard of them. */
export function queueRepeats(sql: SqlStorage, hackathonId: string, now: number): void {
  const rows = sql
    .exec<{ channel_id: string; alert_id: string }>(
      `SELECT n.channel_id, n.alert_id FROM notification_alerts n JOIN alerts a ON a.id = n.alert_id
       WHERE a.resolved_at IS NULL AND n.notified_at + ? <= ? ORDER BY n.channel_id, n.notified_at`,
      NOTIFY_POLICY.repeatIntervalMs,
      now,
    )
    .toArray();
  const byChannel = new Map<string, Alert[]>();
  for (const { channel_id: channelId, alert_id: alertId } of rows) {
    const alert = findAlert(sql, alertId, hackathonId)?.alert;
    sql.exec("UPDATE notification_alerts SET notified_at = ? WHERE channel_id = ? AND alert_id = ?", now, channelId, alertId);
    if (!alert || alert.silenced_by) continue;
    byChannel.set(channelId, [...(byChannel.get(channelId) ?? []), alert]);
  }
  for (const [channelId, alerts] of byChannel) {
    const channel = findChannel(sql, channelId);
    if (channel) insertDelivery(sql, channel, "repeat", { status: "firing", alerts }, now);
  }
}

/** The next moment the notifications timer has work: a group flush, a due delivery or a repeat. */
export function nextNotificationDue(sql: SqlStorage): number | null {
  const row = sql
    .exec<{ at: number | null }>(
      `SELECT MIN(at) AS at FROM (
         SELECT MIN(flush_at) AS at FROM notification_groups
         UNION ALL SELECT MIN(due_at) FROM notification_deliveries WHERE status = 'pending'
         UNION ALL SELECT MIN(n.notified_at) + ? FROM notification_alerts n JOIN alerts a ON a.id = n.alert_id
           WHERE a.resolved_at IS NULL)`,
      NOTIFY_POLICY.repeatIntervalMs,
    )
    .one();
  return row.at;
}
