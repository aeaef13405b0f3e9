import type { SourceName } from "../../contract";
import { sourceModeConfig, type SourceModeConfig } from "../hysteresis/config";
import { initialSourceModeState, restoreSourceModeState, type SourceModeState } from "../hysteresis/state";
import type { RoomRecord } from "../room-record";

export type SourceMachine = { source: SourceName; state: SourceModeState; config: SourceModeConfig };

export function machineConfig(record: RoomRecord, source: SourceName): SourceModeConfig {
  return sourceModeConfig(record.config.sources[source]);
}

/**
 * A source is watched once it is in use: it has a poller, or events have arrived. A source
 * the hackathon never feeds has no timer: it stays "event" rather than turning idle an
 * event timeout after the hackathon's creation, which would say it once spoke.
 */
export function isInUse(machine: SourceMachine): boolean {
  return machine.config.hasPoller || machine.state.lastEventAt !== null || machine.state.mode !== "event";
}

/** Loads a source's machine; corrupt stored state restarts it and is reported to the caller. */
export function loadMachine(sql: SqlStorage, record: RoomRecord, source: SourceName, now: number) {
  const row = sql.exec<{ machine: string | null }>("SELECT machine FROM source_health WHERE source = ?", source).toArray()[0];
  const config = machineConfig(record, source);
  if (!row?.machine) return { machine: { source, state: initialSourceModeState(now), config }, corruption: null };
  let raw: unknown;
  try {
    raw = JSON.parse(row.machine);
  } catch {
    raw = null;
  }
  const { state, corruption } = restoreSourceModeState(raw, now);
  return { machine: { source, state, config }, corruption };
}

/** Persists the machine and mirrors its readable fields into the health row the dashboard shows. */
export function saveMachine(sql: SqlStorage, { source, state }: SourceMachine): void {
  sql.exec(
    `UPDATE source_health SET machine = ?, mode = ?, last_event_at = ?, last_poll_at = ?, last_good_poll_at = ?,
       consecutive_failures = ? WHERE source = ?`,
    JSON.stringify(state),
    state.mode,
    state.lastEventAt,
    state.lastPollAt,
    state.lastGoodPollAt,
    state.consecutiveFailures,
    source,
  );
}

export function recordReconciliation(sql: SqlStorage, source: SourceName, at: number, drift: number): void {
  sql.exec("UPDATE source_health SET last_reconciled_at = ?, drift = ? WHERE source = ?", at, drift, source);
}

export function lastReconciledAt(sql: SqlStorage, source: SourceName): number | null {
  return sql.exec<{ at: number | null }>("SELECT last_reconciled_at AS at FROM source_health WHERE source = ?", source).one().at;
}
