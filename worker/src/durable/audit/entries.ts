import type { MaintenanceWindow, Silence } from "../../contract";
import type { PersonAction } from "../alerts/evaluation";
import { appendAudit, type AuditRecord } from "./log";

type AlertAct = (sql: SqlStorage, id: string, now: number, hackathonId: string, by: string) => boolean;

/** A person's action on an alert that also writes its audit entry, in the same transaction, when it changed something. */
export function auditedAlertAction(by: string, action: "alert.acknowledge" | "alert.resolve", act: AlertAct): PersonAction {
  return (sql, id, now, hackathonId) => {
    const changed = act(sql, id, now, hackathonId, by);
    if (changed) appendAudit(sql, now, { by, action, target: id });
    return changed;
  };
}

/** The audit entry of a silence or maintenance window made or ended: what it says (it holds no credential). */
export function muteAuditEntry(verb: "create" | "end", mute: Silence | MaintenanceWindow, by: string): AuditRecord {
  const window = { starts_at: mute.starts_at, ends_at: mute.ends_at };
  if ("matchers" in mute)
    return { by, action: `silence.${verb}`, target: mute.id, detail: { ...window, matchers: mute.matchers, reason: mute.reason } };
  return { by, action: `maintenance.${verb}`, target: mute.id, detail: { ...window, title: mute.title } };
}
