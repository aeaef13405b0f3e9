import type { Silence, SilenceCreate } from "../../contract";
import { badRequest, notFound } from "../../errors";
import { toIso } from "../../lib/time";
import { nextCounter } from "../storage/meta";
import { activeMaintenanceId, nextMaintenanceChange } from "./maintenance";
import { checkMuteLength } from "./mute-limit";
import { openAlerts, touchAlert } from "./store";

type SilenceRow = { id: string; matchers: string; starts_at: number; ends_at: number; reason: string; created_by: string; created_at: number };
type Matchers = Silence["matchers"];

/** Silences ended longer ago than this are forgotten. */
const EXPIRED_KEPT_MS = 7 * 24 * 3_600_000;
const MAX_SILENCES = 200;

function toSilence(row: SilenceRow, now: number): Silence {
  return {
    id: row.id,
    matchers: JSON.parse(row.matchers) as Matchers,
    starts_at: toIso(row.starts_at),
    ends_at: toIso(row.ends_at),
    reason: row.reason,
    created_by: row.created_by,
    by: row.created_by,
    created_at: toIso(row.created_at),
    status: now < row.starts_at ? "pending" : now < row.ends_at ? "active" : "expired",
  };
}

const rows = (sql: SqlStorage) => sql.exec<SilenceRow>("SELECT * FROM silences ORDER BY starts_at DESC, id DESC").toArray();

export function listSilences(sql: SqlStorage, now: number): Silence[] {
  return rows(sql).map((row) => toSilence(row, now));
}

/** `by` is the caller's credential (section 12); a `created_by` in the body is ignored. */
export function createSilence(sql: SqlStorage, input: SilenceCreate, now: number, by: string): Silence {
  sql.exec("DELETE FROM silences WHERE ends_at < ?", now - EXPIRED_KEPT_MS);
  if (sql.exec<{ n: number }>("SELECT COUNT(*) AS n FROM silences").one().n >= MAX_SILENCES) {
    throw badRequest(`A hackathon keeps at most ${MAX_SILENCES} silences; expire some first`);
  }
  const startsAt = input.starts_at ? Math.max(Date.parse(input.starts_at), now) : now;
  const endsAt = Date.parse(input.ends_at);
  if (endsAt <= now) throw badRequest("ends_at must be in the future");
  checkMuteLength("A silence", startsAt, endsAt);
  const row: SilenceRow = {
    id: `silence-${nextCounter(sql, "silence_id")}`,
    matchers: JSON.stringify(input.matchers),
    starts_at: startsAt,
    ends_at: endsAt,
    reason: input.reason,
    created_by: by,
    created_at: now,
  };
  sql.exec("INSERT INTO silences VALUES (?, ?, ?, ?, ?, ?, ?)", row.id, row.matchers, row.starts_at, row.ends_at, row.reason, row.created_by, row.created_at);
  return toSilence(row, now);
}

/** Ends a silence now (Alertmanager's "expire"); expiring an expired one changes nothing. */
export function expireSilence(sql: SqlStorage, id: string, now: number): Silence {
  const row = sql.exec<SilenceRow>("SELECT * FROM silences WHERE id = ?", id).toArray()[0];
  if (!row) throw notFound(`No silence "${id}" in this hackathon`);
  if (row.ends_at > now) {
    sql.exec("UPDATE silences SET ends_at = ?, starts_at = MIN(starts_at, ?) WHERE id = ?", now, now, id);
    return toSilence({ ...row, ends_at: now, starts_at: Math.min(row.starts_at, now) }, now);
  }
  return toSilence(row, now);
}

const matches = (m: Matchers, alert: { type: string; series: string | null; severity: string }) =>
  (m.type === undefined || m.type === alert.type) &&
  (m.series === undefined || m.series === alert.series) &&
  (m.severity === undefined || m.severity === alert.severity);

/**
 * Points every open alert at what mutes it: an active maintenance window (it mutes all), else
 * the active silence that matches it and ends last, else nothing. Returns the alerts whose
 * silencing changed, to publish.
 */
export function applySilences(sql: SqlStorage, now: number, hackathonId: string): string[] {
  // Runs after every evaluation: with nothing active and no alert still marked, there is nothing to do.
  const maintenance = activeMaintenanceId(sql, now);
  const anyActive = sql.exec("SELECT 1 FROM silences WHERE starts_at <= ? AND ends_at > ? LIMIT 1", now, now).toArray().length > 0;
  const anyMarked = sql.exec("SELECT 1 FROM alerts WHERE resolved_at IS NULL AND silenced_by IS NOT NULL LIMIT 1").toArray().length > 0;
  if (!maintenance && !anyActive && !anyMarked) return [];
  const active = rows(sql)
    .filter((row) => row.starts_at <= now && now < row.ends_at)
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
export function nextSilenceChange(sql: SqlStorage, now: number): number | null {
  const silence = sql
    .exec<{ at: number | null }>(
      "SELECT MIN(CASE WHEN starts_at > ? THEN starts_at ELSE ends_at END) AS at FROM silences WHERE ends_at > ?",
      now,
      now,
    )
    .one().at;
  const maintenance = nextMaintenanceChange(sql, now);
  if (silence === null) return maintenance;
  return maintenance === null ? silence : Math.min(silence, maintenance);
}
