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
  // One statement: it runs on every ingest. The stored text is the number's JSON, as writeMeta writes it.
  const row = sql
    .exec<{ value: string }>(
      `INSERT INTO meta (key, value) VALUES (?, '1')
       ON CONFLICT (key) DO UPDATE SET value = CAST(CAST(value AS INTEGER) + 1 AS TEXT) RETURNING value`,
      key,
    )
    .one();
  return JSON.parse(row.value) as number;
}
