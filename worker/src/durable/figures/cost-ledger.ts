// Reads of the cost ledger (cum = spend to date at each row, in event-time order) that the
// spend figures, the burn rate, anomaly detection and retention share.

/** A ledger row's place and spend to date there. */
export type LedgerPoint = { ts: number; cum: number };

/** The last ledger row at or before `at`, if any. */
export function lastRowAtOrBefore(sql: SqlStorage, at: number): LedgerPoint | undefined {
  return sql.exec<LedgerPoint>("SELECT ts, cum FROM cost_ledger WHERE ts <= ? ORDER BY ts DESC, event_id DESC LIMIT 1", at).toArray()[0];
}

/** Spend to date just before the ledger position (ts, eventId). */
export function cumBefore(sql: SqlStorage, ts: number, eventId: string): number {
  const row = sql
    .exec<{ cum: number }>(
      // Row values let SQLite seek the (ts, event_id) index instead of scanning the ledger.
      "SELECT cum FROM cost_ledger WHERE (ts, event_id) < (?, ?) ORDER BY ts DESC, event_id DESC LIMIT 1",
      ts,
      eventId,
    )
    .toArray()[0];
  return row?.cum ?? 0;
}
