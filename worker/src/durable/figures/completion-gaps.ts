import type { CompletionGap, GapsResponse } from "../../contract";
import { buildDependencyGraph, findCriticalPath, type CriticalPath, type DependencyGraph, type TaskNode } from "./critical-path";
import { reportNewCycles } from "./dependency-cycles";

const roundHours = (hours: number) => Math.round(hours * 100) / 100;
const quoted = (node: TaskNode) => `"${node.title || node.id}"`;

/**
 * Blocked tasks that hold up the critical path: those on it, and those upstream of it (a
 * critical-path task waits on them, directly or through other tasks). Highest impact first.
 */
export function findGaps(graph: DependencyGraph, path: CriticalPath): CompletionGap[] {
  const onPath = new Set(path.task_ids);
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
      recommended_action: recommendAction(graph, node, blockedBy, impact, onPath.has(id) ? null : graph.nodes.get(pathTask)!),
      rank: onPath.has(id) ? path.task_ids.indexOf(id) : path.task_ids.length,
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
  const names = blockedBy.map((d) => quoted(graph.nodes.get(d)!));
  const list = names.length === 1 ? names[0] : `${names.slice(0, -1).join(", ")} and ${names.at(-1)}`;
  return `Finish ${list} first: ${quoted(node)} waits on ${names.length === 1 ? "it" : "them"} and ${holds}`;
}

type TaskRow = { id: string; title: string; status: TaskNode["status"]; estimated_hours: number | null; depends_on: string };

/** The task board as graph nodes. */
export function readTaskNodes(sql: SqlStorage): TaskNode[] {
  return sql
    .exec<TaskRow>("SELECT id, title, status, estimated_hours, depends_on FROM tasks")
    .toArray()
    .map((row) => ({ ...row, depends_on: JSON.parse(row.depends_on) as string[] }));
}

/** The critical path and its gaps; a dependency cycle seen for the first time goes to the RCA log. */
export function readGaps(sql: SqlStorage, now: number): GapsResponse {
  const graph = buildDependencyGraph(readTaskNodes(sql));
  const path = findCriticalPath(graph);
  reportNewCycles(sql, graph.cycles, now);
  return {
    critical_path: { task_ids: path.task_ids, hours: roundHours(path.hours) },
    gaps: findGaps(graph, path),
    cycles: graph.cycles.map((c) => c.task_ids),
    unknown_dependencies: graph.unknown,
  };
}
