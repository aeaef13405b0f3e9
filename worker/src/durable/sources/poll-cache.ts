import type { PollCache } from "../../pollers/types";

/**
 * A poll adapter's cache, namespaced per source, in the object's SQLite. Everything in it can
 * be fetched again, so a row that no longer parses is dropped and reads as missing instead of
 * failing every poll from then on.
 */
export function sqlPollCache(sql: SqlStorage, namespace: string): PollCache {
  return {
    get<T>(key: string) {
      const row = sql.exec<{ value: string }>("SELECT value FROM poll_cache WHERE key = ?", `${namespace}:${key}`).toArray()[0];
      if (!row) return undefined;
      try {
        return JSON.parse(row.value) as T;
      } catch {
        sql.exec("DELETE FROM poll_cache WHERE key = ?", `${namespace}:${key}`);
        return undefined;
      }
    },
    set(key, value) {
      sql.exec(
        "INSERT INTO poll_cache (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
        `${namespace}:${key}`,
        JSON.stringify(value),
      );
    },
  };
}
