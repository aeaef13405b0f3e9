/** Small JSON values the object keeps across evictions (config, counters). */
export function readMeta<T>(sql: SqlStorage, key: string): T | undefined {
  const row = sql.exec<{ value: string }>("SELECT value FROM meta WHERE key = ?", key).toArray()[0];
  return row ? (JSON.parse(row.value) as T) : undefined;
}

/**
 * A meta value that is only a cache of what can be worked out again: one that no longer
 * parses, or fails `isValid`, is removed and reads as missing instead of failing the caller.
 */
export function readMetaCache<T>(sql: SqlStorage, key: string, isValid: (value: unknown) => value is T): T | undefined {
  const row = sql.exec<{ value: string }>("SELECT value FROM meta WHERE key = ?", key).toArray()[0];
  if (!row) return undefined;
  try {
    const value: unknown = JSON.parse(row.value);
    if (isValid(value)) return value;
  } catch {
    // Falls through to dropping the row.
  }
  sql.exec("DELETE FROM meta WHERE key = ?", key);
  return undefined;
}

export function writeMeta(sql: SqlStorage, key: string, value: unknown): void {
  sql.exec(
    "INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
    key,
    JSON.stringify(value),
  );
}

/** Increments and returns a persisted counter. */
export function nextCounter(sql: SqlStorage, key: string): number {
  const next = (readMeta<number>(sql, key) ?? 0) + 1;
  writeMeta(sql, key, next);
  return next;
}
