/**
 * Drops the stored payload of old events. The row itself stays: its id is the dedup key
 * (a redelivery must still be a duplicate, docs/contract.md section 5) and its type, ts, received_at
 * and origin are what reconciliation evidence reads (sources/evidence.ts). No figure reads
 * a payload: every event is applied to the ledgers and tables when it arrives.
 */
export function stripEventBodies(sql: SqlStorage, horizon: number, limit: number): number {
  // `body != ''` matches the partial index events_with_body, so old stripped rows are never scanned again.
  return sql.exec("UPDATE events SET body = '' WHERE id IN (SELECT id FROM events WHERE body != '' AND ts < ? LIMIT ?)", horizon, limit)
    .rowsWritten;
}

export function oldestEventBody(sql: SqlStorage): number | null {
  return sql.exec<{ ts: number | null }>("SELECT MIN(ts) AS ts FROM events WHERE body != ''").one().ts;
}
