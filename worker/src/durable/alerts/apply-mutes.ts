import type { Silence } from "../../contract";
import { nextMuteChange } from "./mute-windows";
import { openAlerts, touchAlert } from "./store";

type Matchers = Silence["matchers"];

const matches = (m: Matchers, alert: { type: string; series: string | null; severity: string }) =>
  (m.type === undefined || m.type === alert.type) &&
  (m.series === undefined || m.series === alert.series) &&
  (m.severity === undefined || m.severity === alert.severity);

/** The active maintenance window ending last, which is what mutes alerts; null outside maintenance. */
function activeMaintenanceId(sql: SqlStorage, now: number): string | null {
  return (
    sql
      .exec<{ id: string }>(
        "SELECT id FROM maintenance_windows WHERE starts_at <= ? AND ends_at > ? ORDER BY ends_at DESC LIMIT 1",
        now,
        now,
      )
      .toArray()[0]?.id ?? null
  );
}

/**
 * Points every open alert at what mutes it: an active maintenance window (it mutes all), else
 * the active silence that matches it and ends last, else nothing. Returns the alerts whose
 * silencing changed, to publish.
 */
export function applyMutes(sql: SqlStorage, now: number, hackathonId: string): string[] {
  // Runs after every evaluation: with nothing active and no alert still marked, there is nothing to do.
  const maintenance = activeMaintenanceId(sql, now);
  const anyActive = sql.exec("SELECT 1 FROM silences WHERE starts_at <= ? AND ends_at > ? LIMIT 1", now, now).toArray().length > 0;
  const anyMarked = sql.exec("SELECT 1 FROM alerts WHERE resolved_at IS NULL AND silenced_by IS NOT NULL LIMIT 1").toArray().length > 0;
  if (!maintenance && !anyActive && !anyMarked) return [];
  const active = sql
    .exec<{ id: string; matchers: string; ends_at: number }>(
      "SELECT id, matchers, ends_at FROM silences WHERE starts_at <= ? AND ends_at > ? ORDER BY starts_at DESC, id DESC",
      now,
      now,
    )
    .toArray()
    .sort((a, b) => b.ends_at - a.ends_at)
    .map((row) => ({ id: row.id, matchers: JSON.parse(row.matchers) as Matchers }));
  const changed: string[] = [];
  for (const { alert } of openAlerts(sql, hackathonId)) {
    const silence = maintenance ?? active.find((s) => matches(s.matchers, alert))?.id ?? null;
    if (silence === alert.silenced_by) continue;
    sql.exec("UPDATE alerts SET silenced_by = ? WHERE id = ?", silence, alert.id);
    touchAlert(sql, alert.id);
    changed.push(alert.id);
  }
  return changed;
}

/** The next moment a silence or maintenance window starts or ends, when silencing must be looked at again. */
export function nextMuteChangeOfAny(sql: SqlStorage, now: number): number | null {
  const silence = nextMuteChange(sql, "silences", now);
  const maintenance = nextMuteChange(sql, "maintenance", now);
  if (silence === null) return maintenance;
  return maintenance === null ? silence : Math.min(silence, maintenance);
}
