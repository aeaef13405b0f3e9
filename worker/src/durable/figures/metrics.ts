// Figures: the numbers on the dashboard, kept current as events are applied. This one: custom metrics.
import type { MetricEvent, MetricValue } from "../../contract";
import { minuteOf, toIso } from "../../lib/time";

export function applyMetricEvent(sql: SqlStorage, ts: number, event: MetricEvent): void {
  sql.exec(
    `INSERT INTO metric_minutes (name, minute, sum, count) VALUES (?, ?, ?, 1)
     ON CONFLICT (name, minute) DO UPDATE SET sum = sum + excluded.sum, count = count + 1`,
    event.name,
    minuteOf(ts),
    event.value,
  );
  sql.exec(
    `INSERT INTO metric_latest (name, value, unit, ts) VALUES (?, ?, ?, ?)
     ON CONFLICT (name) DO UPDATE SET value = excluded.value, unit = excluded.unit, ts = excluded.ts
     WHERE excluded.ts >= metric_latest.ts`,
    event.name,
    event.value,
    event.unit ?? null,
    ts,
  );
}

/** The mean of a metric within one minute (the history rollup), or null when it had no samples. */
export function metricMinuteMean(sql: SqlStorage, name: string, minute: number): number | null {
  const row = sql
    .exec<{ sum: number; count: number }>("SELECT sum, count FROM metric_minutes WHERE name = ? AND minute = ?", name, minute)
    .toArray()[0];
  return row ? row.sum / row.count : null;
}

export function readLatestMetrics(sql: SqlStorage): Record<string, MetricValue> {
  const rows = sql
    .exec<{ name: string; value: number; unit: string | null; ts: number }>("SELECT name, value, unit, ts FROM metric_latest ORDER BY name")
    .toArray();
  return Object.fromEntries(rows.map((r) => [r.name, { name: r.name, value: r.value, unit: r.unit, ts: toIso(r.ts) }]));
}
