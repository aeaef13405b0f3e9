import type { Alert, AnomalyMark, Incident } from "$contract";

const DAY_MS = 24 * 60 * 60 * 1000;
/** Enough for a day of marks on every chart; past it the oldest go, so a noisy detector cannot grow the page. */
export const MAX_ANOMALY_MARKS = 500;

export function isResolved(alert: Alert): boolean {
  return alert.resolved || alert.status === "resolved";
}

const newestFirst = (a: string, b: string) => Date.parse(b) - Date.parse(a);

/** DashboardState lists open (and acknowledged) alerts only, newest first: a resolved alert leaves the list. */
export function upsertOpenAlert(alerts: readonly Alert[], alert: Alert): Alert[] {
  const others = alerts.filter((existing) => existing.id !== alert.id);
  if (isResolved(alert)) return others;
  return [alert, ...others].sort((a, b) => newestFirst(a.timestamp, b.timestamp));
}

/**
 * Replaces or adds the incident, newest opened first. Like the server's list, resolved incidents
 * stay for a day after they resolved (measured from `now`), so the page can show what just happened.
 */
export function upsertIncident(incidents: readonly Incident[], incident: Incident, now: string): Incident[] {
  const cutoff = Date.parse(now) - DAY_MS;
  return [incident, ...incidents.filter((existing) => existing.id !== incident.id)]
    .filter((i) => i.status === "open" || i.resolved_at === null || Date.parse(i.resolved_at) >= cutoff)
    .sort((a, b) => newestFirst(a.opened_at, b.opened_at));
}

/**
 * Adds a mark in time order; a mark for the same series and time replaces the earlier one (a rescore).
 * Keeps the last day before `now`, and at most `max` marks.
 */
export function addAnomalyMark(marks: readonly AnomalyMark[], mark: AnomalyMark, now: string, max = MAX_ANOMALY_MARKS): AnomalyMark[] {
  const at = Date.parse(mark.ts);
  const cutoff = Math.max(Date.parse(now), at) - DAY_MS;
  const next = marks
    .filter((m) => !(m.series === mark.series && Date.parse(m.ts) === at))
    .concat(mark)
    .filter((m) => Date.parse(m.ts) >= cutoff)
    .sort((a, b) => Date.parse(a.ts) - Date.parse(b.ts));
  return next.length > max ? next.slice(next.length - max) : next;
}
