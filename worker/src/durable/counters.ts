/**
 * Monotonic counts the object keeps for /metrics, in its own SQLite so they survive eviction.
 * Callers bump them inside the transaction of the thing they count, so a rolled-back change
 * is never counted.
 */
export type CounterName = "events_accepted" | "refused" | "polls" | "reconciliations";

export type CounterLabels = Record<string, string>;

export type CounterValue = { name: CounterName; labels: CounterLabels; value: number };

/** Labels as JSON with sorted keys: one row per label set, whatever order the caller wrote them in. */
function labelKey(labels: CounterLabels): string {
  return JSON.stringify(Object.fromEntries(Object.entries(labels).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))));
}

export function bumpCounter(sql: SqlStorage, name: CounterName, labels: CounterLabels, by = 1): void {
  if (by <= 0) return;
  sql.exec(
    `INSERT INTO counters (name, labels, value) VALUES (?, ?, ?)
     ON CONFLICT (name, labels) DO UPDATE SET value = value + excluded.value`,
    name,
    labelKey(labels),
    by,
  );
}

/** Every counter; a row whose labels no longer parse is skipped rather than failing the scrape. */
export function readCounters(sql: SqlStorage): CounterValue[] {
  return sql
    .exec<{ name: CounterName; labels: string; value: number }>("SELECT name, labels, value FROM counters ORDER BY name, labels")
    .toArray()
    .flatMap((row) => {
      const labels = parseLabels(row.labels);
      return labels ? [{ name: row.name, labels, value: row.value }] : [];
    });
}

function parseLabels(text: string): CounterLabels | null {
  try {
    const parsed: unknown = JSON.parse(text);
    if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) return null;
    const entries = Object.entries(parsed);
    return entries.every(([, v]) => typeof v === "string") ? (Object.fromEntries(entries) as CounterLabels) : null;
  } catch {
    return null;
  }
}
