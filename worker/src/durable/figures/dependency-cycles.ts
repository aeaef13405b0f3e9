import { appendRca } from "../sources/logs";
import { readMetaCache, writeMeta } from "../storage/meta";
import type { DependencyCycle } from "./critical-path";

const REPORTED_KEY = "dependency_cycles_reported";
/** Enough for any real board; the oldest keys go first, so a long-gone cycle may be reported again. */
const MAX_REMEMBERED = 500;

const cycleKey = (cycle: DependencyCycle) => JSON.stringify(cycle.task_ids);
const isKeyList = (value: unknown): value is string[] => Array.isArray(value) && value.every((key) => typeof key === "string");

/** Writes each cycle not reported before to the RCA log, once (again, if the memory of it was corrupt). */
export function reportNewCycles(sql: SqlStorage, cycles: DependencyCycle[], now: number): void {
  if (cycles.length === 0) return;
  const reported = readMetaCache(sql, REPORTED_KEY, isKeyList) ?? [];
  const known = new Set(reported);
  const fresh = cycles.filter((cycle) => !known.has(cycleKey(cycle)));
  if (fresh.length === 0) return;
  for (const cycle of fresh) {
    const loop = [...cycle.task_ids, cycle.task_ids[0]].join(" → ");
    const { task_id, depends_on } = cycle.broken_edge;
    appendRca(sql, {
      at: now,
      source: "tasks",
      kind: "dependency_cycle",
      summary: `Dependency cycle ${loop} (each depends on the next); ${task_id} depending on ${depends_on} is ignored for the critical path`,
      detail: { task_ids: cycle.task_ids, ignored_dependency: cycle.broken_edge },
    });
  }
  writeMeta(sql, REPORTED_KEY, [...reported, ...fresh.map(cycleKey)].slice(-MAX_REMEMBERED));
}
