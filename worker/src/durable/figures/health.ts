// Figures: the numbers on the dashboard. This one: each source's hysteresis health row.
import { SOURCE_NAMES, type HysteresisHealth, type SourceMode, type SourceName } from "../../contract";
import { toIsoOrNull } from "../../lib/time";

type HealthRow = {
  source: SourceName;
  mode: SourceMode;
  last_event_at: number | null;
  last_poll_at: number | null;
  last_reconciled_at: number | null;
  drift: number;
  consecutive_failures: number;
};

export function initSourceHealth(sql: SqlStorage): void {
  for (const source of SOURCE_NAMES) {
    sql.exec("INSERT OR IGNORE INTO source_health (source, mode) VALUES (?, 'event')", source);
  }
}

export function countDuplicates(sql: SqlStorage, source: SourceName, n: number): void {
  sql.exec("UPDATE source_health SET duplicates = duplicates + ? WHERE source = ?", n, source);
}

/** When a source's figures last changed: its last event or its last successful poll. */
export function lastUpdatedAt(sql: SqlStorage, source: SourceName): number | null {
  const row = sql
    .exec<{ event: number | null; poll: number | null }>(
      "SELECT last_event_at AS event, last_good_poll_at AS poll FROM source_health WHERE source = ?",
      source,
    )
    .toArray()[0];
  const times = [row?.event, row?.poll].filter((t): t is number => typeof t === "number");
  return times.length ? Math.max(...times) : null;
}

export function readHysteresisHealth(sql: SqlStorage): HysteresisHealth {
  const rows = sql.exec<HealthRow>("SELECT * FROM source_health").toArray();
  return Object.fromEntries(
    rows.map((r) => [
      r.source,
      {
        mode: r.mode,
        last_event_at: toIsoOrNull(r.last_event_at),
        last_poll_at: toIsoOrNull(r.last_poll_at),
        last_reconciled_at: toIsoOrNull(r.last_reconciled_at),
        drift: r.drift,
        consecutive_failures: r.consecutive_failures,
      },
    ]),
  ) as HysteresisHealth;
}
