import type { Db } from "../../db/client";
import type { RegistryRow } from "../../db/queries/hackathons";
import { LAST_FLUSH_KEY } from "../views/health-snapshot";
import { logDurableError, type LogCause } from "../log-cause";
import { readMetaCache, writeMeta } from "../storage/meta";
import { flushHistory } from "./flush";
import type { SeriesContext } from "./series-values";

const MAX_FLUSH_BACKOFF_MS = 5 * 60_000;
const isCount = (value: unknown): value is number => typeof value === "number" && Number.isInteger(value) && value >= 0;
/** A flush that left rows behind (more than one batch) goes again almost at once. */
const CONTINUE_AFTER_MS = 100;

/**
 * Runs one history flush and says when the next one is due: null when nothing is left,
 * soon when rows remain, or after an exponential backoff with jitter when D1 failed
 * (the rows stay in the object meanwhile). Never throws: the alarm chain must go on.
 */
export async function flushWithRetry(args: {
  sql: SqlStorage;
  db: Db;
  hackathonId: string;
  context: SeriesContext;
  registry: RegistryRow;
  now: number;
  cause?: LogCause;
}): Promise<number | null> {
  const { sql, now } = args;
  try {
    const { remaining } = await flushHistory(args);
    writeMeta(sql, "flush_failures", 0);
    writeMeta(sql, LAST_FLUSH_KEY, now);
    return remaining > 0 ? now + CONTINUE_AFTER_MS : null;
  } catch (error) {
    const failures = (readMetaCache(sql, "flush_failures", isCount) ?? 0) + 1;
    writeMeta(sql, "flush_failures", failures);
    logDurableError("history flush failed", { hackathon: args.hackathonId, failures, error: String(error) }, args.cause);
    const backoff = Math.min(MAX_FLUSH_BACKOFF_MS, 1000 * 2 ** Math.min(failures, 10));
    return now + backoff * (0.5 + Math.random() / 2);
  }
}
