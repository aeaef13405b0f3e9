import { SEVERITIES, type DashboardState, type Severity, type SourceHealth, type SourceName } from "../../contract";
import { readCounters, type CounterValue } from "../counters";
import type { RoomRecord } from "../room-record";

type SourceMode = SourceHealth["mode"];

/**
 * One hackathon's figures for /metrics, read from the object's own storage. Counts come from
 * the counters table where nothing else records them, and are derived from the tables that
 * already hold one row per counted thing (duplicates per source, mode transitions) elsewhere.
 */
export type MetricsSnapshot = {
  hackathon: string;
  status: RoomRecord["config"]["status"];
  currency: string;
  spend: number;
  budgetUsed: number;
  percentComplete: number;
  tokenRate: number;
  openAlerts: Record<Severity, number>;
  sourceModes: Array<{ source: SourceName; mode: SourceMode }>;
  channels: Array<{ id: string; kind: string; failing: boolean }>;
  counters: CounterValue[];
  duplicates: Array<{ source: SourceName; count: number }>;
  transitions: Array<{ source: SourceName; from: SourceMode; to: SourceMode; count: number }>;
};

export function readMetricsSnapshot(sql: SqlStorage, record: RoomRecord, state: DashboardState): MetricsSnapshot {
  const openAlerts = Object.fromEntries(SEVERITIES.map((s) => [s, 0])) as Record<Severity, number>;
  for (const alert of state.alerts) openAlerts[alert.severity] += 1;
  return {
    hackathon: record.config.id,
    status: record.config.status,
    currency: record.config.budget.currency,
    spend: state.cost_metrics.current_spend,
    budgetUsed: state.cost_metrics.current_spend / record.config.budget.amount,
    percentComplete: state.task_metrics.percent_complete,
    tokenRate: state.token_metrics.current_rate,
    openAlerts,
    sourceModes: Object.entries(state.hysteresis_health).map(([source, health]) => ({ source: source as SourceName, mode: health.mode })),
    channels: sql
      .exec<{ id: string; kind: string; status: string }>("SELECT id, kind, status FROM notification_channels ORDER BY id")
      .toArray()
      .map((row) => ({ id: row.id, kind: row.kind, failing: row.status === "failing" })),
    counters: readCounters(sql),
    duplicates: sql
      .exec<{ source: SourceName; count: number }>("SELECT source, duplicates AS count FROM source_health ORDER BY source")
      .toArray(),
    transitions: sql
      .exec<{ source: SourceName; from: SourceMode; to: SourceMode; count: number }>(
        `SELECT source, from_mode AS "from", to_mode AS "to", COUNT(*) AS count FROM mode_transitions
         GROUP BY source, from_mode, to_mode ORDER BY source, from_mode, to_mode`,
      )
      .toArray(),
  };
}
