import { clientAddress } from "../../lib/client-address";
import type { Session } from "../credentials";
import { type AlertStream, alertEvent } from "./alert-stream";
import { alertChangesSince, findAlert, lastAlertChange, latestChangeOf, openAlerts } from "./store";

/**
 * What a new SSE client gets first: the alerts changed since its Last-Event-ID (each once, as
 * it is now), or, for a new client, one too far behind, or one claiming an id never issued
 * (another hackathon's, or from before this one's log was reset), every open alert.
 */
export function alertStreamOpening(sql: SqlStorage, hackathonId: string, lastEventId: number | null): string[] {
  const resumable = lastEventId !== null && lastEventId <= lastAlertChange(sql);
  const changes = resumable ? alertChangesSince(sql, lastEventId) : null;
  if (changes) {
    const latest = new Map<string, number>();
    for (const change of changes) latest.set(change.alertId, change.seq);
    return [...latest]
      .sort((a, b) => a[1] - b[1])
      .flatMap(([id, seq]) => {
        const stored = findAlert(sql, id, hackathonId);
        return stored ? [alertEvent(seq, stored.alert)] : [];
      });
  }
  return openAlerts(sql, hackathonId)
    .reverse()
    .map((open) => alertEvent(latestChangeOf(sql, open.alert.id), open.alert));
}

export function parseLastEventId(value: string | null): number | null {
  if (value === null || !/^\d{1,15}$/.test(value.trim())) return null;
  return Number(value.trim());
}

/** Opens an SSE subscriber of `/alerts/stream`; who holds it (the Worker says, after auth) decides whether rotation ends it. */
export function openAlertStream(stream: AlertStream, sql: SqlStorage, hackathonId: string, request: Request, holder: Session): Response {
  const opening = alertStreamOpening(sql, hackathonId, parseLastEventId(request.headers.get("last-event-id")));
  return stream.open(opening, holder, clientAddress(request.headers));
}
