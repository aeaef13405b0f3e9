import type { CompletionGap, GapsResponse } from "../../contract";
import { buildDependencyGraph, findCriticalPath, type CriticalPath, type DependencyGraph, type TaskNode } from "./critical-path";
import { readMetaCache, writeMeta } from "../storage/meta";
import { reportNewCycles } from "./dependency-cycles";

/**
 * Caps on what one /gaps answer lists, so its size does not grow with a hostile board (every
 * open dashboard re-reads it on each task change). The critical path is listed whole: one
 * chain, bounded by the task cap. Documented in docs/API.md.
 */
export const GAPS_LIMITS = {
  /** Blocked tasks listed, highest impact first. */
  gaps: 50,
  /** Dependency cycles listed, by smallest task id. */
  cycles: 20,
  /** Tasks listed per loop; a longer loop lists its first ones. */
  cycleTasks: 50,
  /** Tasks listed with unknown dependencies (each lists at most 50, the depends_on cap). */
  unknownDependencies: 50,
  /** Unfinished dependencies named in one recommended action; the rest are counted. */
  actionNames: 5,
} as const;

const roundHours = (hours: number) => Math.round(hours * 100) / 100;
const quoted = (node: TaskNode) => `"${node.title || node.id}"`;

/**
 * Blocked tasks that hold up the critical path: those on it, and those upstream of it (a
 * critical-path task waits on them, directly or through other tasks). Highest impact first.
 */
export function findGaps(graph: DependencyGraph, path: CriticalPath): CompletionGap[] {
  const position = new Map(path.task_ids.map((id, i) => [id, i]));
  // For each task upstream of the path, the earliest critical-path task that waits on it.
  const heldUp = new Map<string, string>(path.task_ids.map((id) => [id, id]));
  const queue = [...path.task_ids];
  for (let i = 0; i < queue.length; i++) {
    const id = queue[i]!;
    for (const dep of graph.deps.get(id)!) {
      if (heldUp.has(dep)) continue;
      heldUp.set(dep, heldUp.get(id)!);
      queue.push(dep);
    }
  }

  const gaps: (CompletionGap & { rank: number })[] = [];
  for (const [id, pathTask] of heldUp) {
    const node = graph.nodes.get(id)!;
    if (node.status !== "blocked") continue;
    const blockedBy = [...new Set(node.depends_on.filter((d) => graph.nodes.has(d)))].sort();
    const impact = roundHours(path.downstreamHours.get(id)!);
    gaps.push({
      task_id: id,
      title: node.title,
      status: "blocked",
      impact_hours: impact,
      blocked_by: blockedBy,
      recommended_action: recommendAction(graph, node, blockedBy, impact, position.has(id) ? null : graph.nodes.get(pathTask)!),
      rank: position.get(id) ?? path.task_ids.length,
    });
  }
  gaps.sort((a, b) => b.impact_hours - a.impact_hours || a.rank - b.rank || (a.task_id < b.task_id ? -1 : 1));
  return gaps.map(({ rank: _rank, ...gap }) => gap);
}

function recommendAction(graph: DependencyGraph, node: TaskNode, blockedBy: string[], hours: number, pathTask: TaskNode | null) {
  const holds = pathTask
    ? `holds up critical-path task ${quoted(pathTask)} (${hours} h of work waiting on it)`
    : `holds up ${hours} h of the critical path`;
  if (blockedBy.length === 0) return `Unblock ${quoted(node)}: it ${holds}`;
  const names = blockedBy.slice(0, GAPS_LIMITS.actionNames).map((d) => quoted(graph.nodes.get(d)!));
  const more = blockedBy.length - names.length;
  const list =
    more > 0
      ? `${names.join(", ")} and ${more} more`
      : names.length === 1
        ? names[0]
        : `${names.slice(0, -1).join(", ")} and ${names.at(-1)}`;
  return `Finish ${list} first: ${quoted(node)} waits on ${blockedBy.length === 1 ? "it" : "them"} and ${holds}`;
}

type TaskRow = { id: string; title: string; status: TaskNode["status"]; estimated_hours: number | null; depends_on: string };

/** The task board as graph nodes. */
export function readTaskNodes(sql: SqlStorage): TaskNode[] {
  return sql
    .exec<TaskRow>("SELECT id, title, status, estimated_hours, depends_on FROM tasks")
    .toArray()
    .map((row) => ({ ...row, depends_on: JSON.parse(row.depends_on) as string[] }));
}

/** The critical path and its gaps, each list cut to its cap. A read: it writes nothing. */
export function readGaps(sql: SqlStorage): GapsResponse {
  const graph = buildDependencyGraph(readTaskNodes(sql));
  const path = findCriticalPath(graph);
  const gaps = findGaps(graph, path);
  const loops = graph.cycles.map((cycle) => cycle.loop);
  const longestLoop = Math.max(0, ...loops.slice(0, GAPS_LIMITS.cycles).map((loop) => loop.length));
  const truncated: NonNullable<GapsResponse["truncated"]> = {
    ...(gaps.length > GAPS_LIMITS.gaps ? { gaps: gaps.length } : {}),
    ...(loops.length > GAPS_LIMITS.cycles ? { cycles: loops.length } : {}),
    ...(longestLoop > GAPS_LIMITS.cycleTasks ? { cycle_tasks: longestLoop } : {}),
    ...(graph.unknown.length > GAPS_LIMITS.unknownDependencies ? { unknown_dependencies: graph.unknown.length } : {}),
  };
  return {
    critical_path: { task_ids: path.task_ids, hours: roundHours(path.hours) },
    gaps: gaps.slice(0, GAPS_LIMITS.gaps),
    cycles: loops.slice(0, GAPS_LIMITS.cycles).map((loop) => loop.slice(0, GAPS_LIMITS.cycleTasks)),
    unknown_dependencies: graph.unknown.slice(0, GAPS_LIMITS.unknownDependencies),
    ...(Object.keys(truncated).length > 0 ? { truncated } : {}),
  };
}

const CRITICAL_PATH_HOURS = "critical_path_hours";

/**
 * After a task change, in its transaction (never from a read): logs each dependency cycle of the
 * board not logged before (dependency-cycles.ts) and keeps the critical path's hours, which the
 * outlook reads on every cost change without walking the board again.
 */
export function recordBoardChange(sql: SqlStorage, now: number): void {
  const graph = buildDependencyGraph(readTaskNodes(sql));
  reportNewCycles(sql, graph.cycles, now);
  writeMeta(sql, CRITICAL_PATH_HOURS, roundHours(findCriticalPath(graph).hours));
}

const isHours = (value: unknown): value is number => typeof value === "number" && Number.isFinite(value) && value >= 0;

/**
 * Unfinished hours on the longest dependency chain, as /gaps reports them. When none is kept (an
 * object from before the cache, untouched since) it is worked out once and kept, so the outlook
 * read on every cost change does not walk the whole board each time.
 */
export function readCriticalPathHours(sql: SqlStorage): number {
  const kept = readMetaCache(sql, CRITICAL_PATH_HOURS, isHours);
  if (kept !== undefined) return kept;
  const hours = roundHours(findCriticalPath(buildDependencyGraph(readTaskNodes(sql))).hours);
  writeMeta(sql, CRITICAL_PATH_HOURS, hours);
  return hours;
}
