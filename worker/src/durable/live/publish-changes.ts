import type { Alert } from "../../contract";
import { type AlertStream, alertEvent } from "../alerts/alert-stream";
import { readIncident } from "../alerts/incidents";
import { findAlert, latestChangeOf } from "../alerts/store";
import type { Effects } from "../effects";
import type { LiveChannel } from "./live-channel";

type Subscribers = { sql: SqlStorage; hackathonId: string; live: LiveChannel; stream: AlertStream };

/** The alerts a commit names, as stored now (one that is gone is skipped). */
export function changedAlerts(sql: SqlStorage, ids: Iterable<string>, hackathonId: string): Alert[] {
  const alerts: Alert[] = [];
  for (const id of ids) {
    const stored = findAlert(sql, id, hackathonId);
    if (stored) alerts.push(stored.alert);
  }
  return alerts;
}

/** Each changed alert, incident and anomaly mark goes out at once on the live channel; alerts also on the SSE stream. */
export function publishChanges({ sql, hackathonId, live, stream }: Subscribers, alerts: Alert[], effects: Effects): void {
  for (const alert of alerts) {
    live.publish("alert", alert);
    stream.broadcast(alertEvent(latestChangeOf(sql, alert.id), alert));
  }
  for (const id of effects.incidents) {
    const incident = readIncident(sql, id, hackathonId);
    if (incident) live.publish("incident", incident);
  }
  for (const mark of effects.marks) live.publish("anomaly", mark);
}
