import type { ModeTransitionEntry, RcaEntry, RcaKind, SourceName, TimeRange } from "../../contract";
import { rangeMs, toIso } from "../../lib/time";
import type { ModeTransition } from "../hysteresis/transition";

export function recordTransitions(sql: SqlStorage, source: SourceName, transitions: ModeTransition[]): void {
  for (const t of transitions) {
    sql.exec(
      "INSERT INTO mode_transitions (source, from_mode, to_mode, reason, at) VALUES (?, ?, ?, ?, ?)",
      source,
      t.from,
      t.to,
      t.reason,
      t.at,
    );
  }
}

/**
 * The RCA log keeps its newest entries only: /rca lists 200, and a flood of entries (a
 * hostile board once wrote 28,883 in one request) must not grow storage or the next read
 * without bound. Documented in docs/API.md.
 */
export const RCA_LOG_KEEP = 1_000;

/** Appends an entry and drops those older than the newest `RCA_LOG_KEEP` (ids only grow: AUTOINCREMENT). */
export function appendRca(
  sql: SqlStorage,
  entry: { at: number; source: SourceName; kind: RcaKind; cause?: string | null; summary: string; detail: unknown },
): void {
  const { id } = sql
    .exec<{ id: number }>(
      "INSERT INTO rca_log (at, source, kind, cause, summary, detail) VALUES (?, ?, ?, ?, ?, ?) RETURNING id",
      entry.at,
      entry.source,
      entry.kind,
      entry.cause ?? null,
      entry.summary,
      JSON.stringify(entry.detail),
    )
    .one();
  if (id > RCA_LOG_KEEP) sql.exec("DELETE FROM rca_log WHERE id <= ?", id - RCA_LOG_KEEP);
}

type RcaRow = { id: number; at: number; source: SourceName; kind: RcaKind; cause: string | null; summary: string; detail: string };

/** The most entries (and, apart, transitions) one read of /rca answers; older ones are reached with `?to=`. */
export const RCA_READ_LIMIT = 200;

/** The reconciliation and root-cause log within `range` (both ends included), newest first. */
export function readRcaLog(sql: SqlStorage, range: TimeRange = {}, limit = RCA_READ_LIMIT): RcaEntry[] {
  return sql
    .exec<RcaRow>("SELECT * FROM rca_log WHERE at BETWEEN ? AND ? ORDER BY at DESC, id DESC LIMIT ?", ...rangeMs(range), limit)
    .toArray()
    .map((r) => ({
      id: String(r.id),
      at: toIso(r.at),
      source: r.source,
      kind: r.kind,
      cause: r.cause,
      summary: r.summary,
      detail: JSON.parse(r.detail) as unknown,
    }));
}

/** Source mode transitions within `range`, newest first (in the order they were recorded). */
export function readTransitions(sql: SqlStorage, range: TimeRange = {}, limit = RCA_READ_LIMIT): ModeTransitionEntry[] {
  return sql
    .exec<{ source: SourceName; from_mode: ModeTransitionEntry["from"]; to_mode: ModeTransitionEntry["to"]; reason: string; at: number }>(
      "SELECT source, from_mode, to_mode, reason, at FROM mode_transitions WHERE at BETWEEN ? AND ? ORDER BY id DESC LIMIT ?",
      ...rangeMs(range),
      limit,
    )
    .toArray()
    .map((r) => ({ source: r.source, from: r.from_mode, to: r.to_mode, reason: r.reason, at: toIso(r.at) }));
}
