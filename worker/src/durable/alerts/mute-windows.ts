import type {
  MaintenanceCreate,
  MaintenanceList,
  MaintenanceResult,
  MaintenanceWindow,
  PublicMaintenance,
  Silence,
  SilenceCreate,
  SilenceList,
  SilenceResult,
} from "../../contract";
import { badRequest, limitExceeded, notFound } from "../../errors";
import { toIso } from "../../lib/time";
import { nextCounter } from "../storage/meta";

/**
 * The two ways a person mutes alerts for a while, stored alike: a silence mutes the open alerts
 * its matchers match, a maintenance window mutes all of them (and shows on the status page).
 * Both start now or later, end when they end or when someone ends them early, and last at most
 * MAX_MUTE_MS. Which alert each one mutes is applied by alerts/apply-mutes.ts.
 */
export type MuteKind = "silences" | "maintenance";

/** The longest a mute may last (docs/contract.md section 5): one that is forgotten must not hide alerts for good. */
export const MAX_MUTE_MS = 7 * 24 * 3_600_000;

export type MuteList = SilenceList | MaintenanceList;
export type MuteResult = SilenceResult | MaintenanceResult;

type Row = {
  id: string;
  starts_at: number;
  ends_at: number;
  created_by: string;
  created_at: number;
  ended_by: string | null;
  [column: string]: SqlStorageValue;
};
type Wire = { silences: Silence; maintenance: MaintenanceWindow };
export type MuteInput = { silences: SilenceCreate; maintenance: MaintenanceCreate };

type Spec<K extends MuteKind> = {
  table: string;
  /** Ids are `<prefix>-<n>`, n from this meta counter. */
  prefix: string;
  counter: string;
  /** Ended ones older than this are forgotten when a new one is made. */
  keptMs: number;
  max: number;
  tooMany: string;
  /** What a limit_exceeded or not_found answer calls one. */
  label: string;
  /** The status before, during and after the window. */
  statuses: readonly [Wire[K]["status"], "active", Wire[K]["status"]];
  /** The kind's own columns, from the request body. */
  columns: (input: MuteInput[K]) => Record<string, string>;
  toWire: (row: Row, status: Wire[K]["status"]) => Wire[K];
};

const SPECS: { [K in MuteKind]: Spec<K> } = {
  silences: {
    table: "silences",
    prefix: "silence",
    counter: "silence_id",
    keptMs: 7 * 24 * 3_600_000,
    max: 200,
    tooMany: "A hackathon keeps at most 200 silences; expire some first",
    label: "silence",
    statuses: ["pending", "active", "expired"],
    columns: (input) => ({ matchers: JSON.stringify(input.matchers), reason: input.reason }),
    toWire: (row, status) => ({
      id: row.id,
      matchers: JSON.parse(row.matchers as string) as Silence["matchers"],
      starts_at: toIso(row.starts_at),
      ends_at: toIso(row.ends_at),
      reason: row.reason as string,
      created_by: row.created_by,
      by: row.created_by,
      created_at: toIso(row.created_at),
      ended_by: row.ended_by,
      status,
    }),
  },
  maintenance: {
    table: "maintenance_windows",
    prefix: "maintenance",
    counter: "maintenance_id",
    keptMs: 30 * 24 * 3_600_000,
    max: 100,
    tooMany: "A hackathon keeps at most 100 maintenance windows; end or wait out some first",
    label: "maintenance window",
    statuses: ["scheduled", "active", "completed"],
    columns: (input) => ({ title: input.title }),
    toWire: (row, status) => ({
      id: row.id,
      starts_at: toIso(row.starts_at),
      ends_at: toIso(row.ends_at),
      title: row.title as string,
      created_by: row.created_by,
      by: row.created_by,
      created_at: toIso(row.created_at),
      ended_by: row.ended_by,
      status,
    }),
  },
};

function toWire<K extends MuteKind>(kind: K, row: Row, now: number): Wire[K] {
  const spec = SPECS[kind] as Spec<K>;
  const [before, during, after] = spec.statuses;
  return spec.toWire(row, now < row.starts_at ? before : now < row.ends_at ? during : after);
}

export function listMutes<K extends MuteKind>(sql: SqlStorage, kind: K, now: number): Wire[K][] {
  return sql
    .exec<Row>(`SELECT * FROM ${SPECS[kind].table} ORDER BY starts_at DESC, id DESC`)
    .toArray()
    .map((row) => toWire(kind, row, now));
}

/** Refuses a mute longer than MAX_MUTE_MS, naming the field to change; nothing is stored. */
function checkLength(label: string, startsAt: number, endsAt: number): void {
  if (endsAt - startsAt <= MAX_MUTE_MS) return;
  throw limitExceeded(`A ${label} lasts at most 7 days`, [{ path: "ends_at", message: "must be at most 7 days after starts_at (or now)" }]);
}

/** `by` is the caller's credential (section 12); a `created_by` in the body is ignored. */
export function createMute<K extends MuteKind>(sql: SqlStorage, kind: K, input: MuteInput[K], now: number, by: string): Wire[K] {
  const spec = SPECS[kind] as Spec<K>;
  sql.exec(`DELETE FROM ${spec.table} WHERE ends_at < ?`, now - spec.keptMs);
  if (sql.exec<{ n: number }>(`SELECT COUNT(*) AS n FROM ${spec.table}`).one().n >= spec.max) throw badRequest(spec.tooMany);
  const endsAt = Date.parse(input.ends_at);
  if (endsAt <= now) throw badRequest("ends_at must be in the future");
  const startsAt = input.starts_at ? Math.max(Date.parse(input.starts_at), now) : now;
  checkLength(spec.label, startsAt, endsAt);
  const id = `${spec.prefix}-${nextCounter(sql, spec.counter)}`;
  const row: Row = { id, starts_at: startsAt, ends_at: endsAt, created_by: by, created_at: now, ended_by: null, ...spec.columns(input) };
  const columns = Object.keys(row);
  sql.exec(`INSERT INTO ${spec.table} (${columns.join(", ")}) VALUES (${columns.map(() => "?").join(", ")})`, ...Object.values(row));
  return toWire(kind, row, now);
}

/**
 * Ends a mute now (a silence's "expire", or cancels one not yet started), recording `by` (the
 * caller's credential) as who ended it; ending an ended one changes nothing (`ended: false`, so
 * nothing is recorded as done, and who ended it first stays).
 */
export function endMute<K extends MuteKind>(
  sql: SqlStorage,
  kind: K,
  id: string,
  now: number,
  by: string,
): { mute: Wire[K]; ended: boolean } {
  const { table, label } = SPECS[kind];
  const row = sql.exec<Row>(`SELECT * FROM ${table} WHERE id = ?`, id).toArray()[0];
  if (!row) throw notFound(`No ${label} "${id}" in this hackathon`);
  if (row.ends_at <= now) return { mute: toWire(kind, row, now), ended: false };
  const ended = { ...row, ends_at: now, starts_at: Math.min(row.starts_at, now), ended_by: by };
  sql.exec(`UPDATE ${table} SET ends_at = ?, starts_at = ?, ended_by = ? WHERE id = ?`, ended.ends_at, ended.starts_at, by, id);
  return { mute: toWire(kind, ended, now), ended: true };
}

/** The next moment a mute of this kind starts or ends, when silencing must be looked at again. */
export function nextMuteChange(sql: SqlStorage, kind: MuteKind, now: number): number | null {
  return sql
    .exec<{ at: number | null }>(
      `SELECT MIN(CASE WHEN starts_at > ? THEN starts_at ELSE ends_at END) AS at FROM ${SPECS[kind].table} WHERE ends_at > ?`,
      now,
      now,
    )
    .one().at;
}

/** How far ahead the status page announces planned maintenance. */
const ANNOUNCED_AHEAD_MS = 7 * 24 * 3_600_000;

/** Active and upcoming maintenance windows (within a week), soonest first, as the status page shows them. */
export function publicMaintenance(sql: SqlStorage, now: number): PublicMaintenance[] {
  return sql
    .exec<Row>(
      "SELECT * FROM maintenance_windows WHERE ends_at > ? AND starts_at <= ? ORDER BY starts_at, id",
      now,
      now + ANNOUNCED_AHEAD_MS,
    )
    .toArray()
    .map((row) => ({
      id: row.id,
      starts_at: toIso(row.starts_at),
      ends_at: toIso(row.ends_at),
      title: row.title as string,
      created_at: toIso(row.created_at),
      status: now < row.starts_at ? "scheduled" : "active",
    }));
}

/** A kind's list as answered: `{ silences: [...] }` or `{ maintenance: [...] }`. */
export function muteListAnswer(sql: SqlStorage, kind: MuteKind, now: number): MuteList {
  return kind === "silences" ? { silences: listMutes(sql, "silences", now) } : { maintenance: listMutes(sql, "maintenance", now) };
}

/** One mute as answered: `{ silence }` or `{ maintenance }`. */
export function muteAnswer(mute: Silence | MaintenanceWindow): MuteResult {
  return "matchers" in mute ? { silence: mute } : { maintenance: mute };
}
