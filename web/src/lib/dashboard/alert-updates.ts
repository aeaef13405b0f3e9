import { ALERT_STATUSES, type Alert } from "$contract";
import { isResolved } from "$lib/live/list-updates";

// An alert only moves forward (open → acknowledged → resolved); a new firing is a new alert.
const progress = (alert: Alert) => (isResolved(alert) ? ALERT_STATUSES.length : ALERT_STATUSES.indexOf(alert.status));

/**
 * The open alerts to show: the live list, with the answers of this page's own ack/resolve calls
 * laid over it until the live channel has caught up (or forever, when there is no socket).
 * A local answer wins only while it is further along than the live copy; resolved alerts leave.
 */
export function withLocalUpdates(live: readonly Alert[], local: Readonly<Record<string, Alert>>): Alert[] {
  return live
    .map((alert) => {
      const mine = local[alert.id];
      return mine && progress(mine) > progress(alert) ? mine : alert;
    })
    .filter((alert) => !isResolved(alert));
}
