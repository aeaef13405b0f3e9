import type { Task } from "../../contract";
import { findDependencyCycles, type DependencyCycle } from "./dependency-cycles";

/** Hours a task without `estimated_hours` counts for on the critical path. */
export const DEFAULT_TASK_HOURS = 1;

export type TaskNode = {
  id: string;
  title: string;
  status: Task["status"];
  estimated_hours: number | null;
  depends_on: string[];
};

export type DependencyGraph = {
  /** Unfinished tasks by id. Done tasks take no time, so they are left out (and satisfy their dependents). */
  nodes: Map<string, TaskNode>;
  /** Unfinished known dependencies of each node, sorted, minus the edges broken to undo cycles. */
  deps: Map<string, string[]>;
  /** The reverse of `deps`: who waits on each node. */
  dependents: Map<string, string[]>;
  /** Nodes with every dependency before them. */
  order: string[];
  /** The sets of tasks that wait on each other (strongly connected components), by smallest id. */
  cycles: DependencyCycle[];
  /** Dependency ids that name no task, per task; ignored. */
  unknown: { task_id: string; missing: string[] }[];
};

export type CriticalPath = {
  task_ids: string[];
  hours: number;
  /** Per node: its hours plus the longest chain of work waiting on it (the hours it holds up). */
  downstreamHours: Map<string, number>;
};

export const taskHours = (task: TaskNode): number => task.estimated_hours ?? DEFAULT_TASK_HOURS;

const byId = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/**
 * The dependency graph of unfinished tasks, made acyclic. An iterative depth-first search in
 * id order drops each edge that closes a cycle (the back edge), so the same board always
 * breaks the same edges, and never recurses however deep the chains are. Linear in tasks +
 * edges: the cycles are reported per component (`findDependencyCycles`), not per back edge,
 * whose number can grow with the square of the board.
 */
export function buildDependencyGraph(tasks: TaskNode[]): DependencyGraph {
  const known = new Set(tasks.map((t) => t.id));
  const nodes = new Map(tasks.filter((t) => t.status !== "done").map((t) => [t.id, t]));
  const unknown: DependencyGraph["unknown"] = [];
  const candidate = new Map<string, string[]>();
  for (const task of [...nodes.values()].sort((a, b) => byId(a.id, b.id))) {
    const missing = [...new Set(task.depends_on.filter((d) => !known.has(d)))].sort(byId);
    if (missing.length > 0) unknown.push({ task_id: task.id, missing });
    candidate.set(task.id, [...new Set(task.depends_on.filter((d) => nodes.has(d)))].sort(byId));
  }

  const state = new Map<string, "open" | "closed">();
  const deps = new Map<string, string[]>();
  const order: string[] = [];
  for (const root of [...nodes.keys()].sort(byId)) {
    if (state.has(root)) continue;
    const stack: { id: string; next: number; kept: string[] }[] = [{ id: root, next: 0, kept: [] }];
    state.set(root, "open");
    while (stack.length > 0) {
      const top = stack[stack.length - 1]!;
      const edges = candidate.get(top.id)!;
      if (top.next < edges.length) {
        const dep = edges[top.next++]!;
        const seen = state.get(dep);
        if (seen === "open") continue; // The back edge: it closes a loop, so it is left out.
        top.kept.push(dep);
        if (seen === undefined) {
          state.set(dep, "open");
          stack.push({ id: dep, next: 0, kept: [] });
        }
        continue;
      }
      stack.pop();
      state.set(top.id, "closed");
      deps.set(top.id, top.kept);
      order.push(top.id);
    }
  }

  const dependents = new Map<string, string[]>([...nodes.keys()].map((id) => [id, []]));
  for (const id of order) for (const dep of deps.get(id)!) dependents.get(dep)!.push(id);
  const cycles = findDependencyCycles([...candidate.keys()], candidate);
  return { nodes, deps, dependents, order, cycles, unknown };
}

/**
 * The longest chain of unfinished work by hours, from the task that can start first to the
 * one that finishes last. Ties go to the smaller task id, so the answer is stable.
 */
export function findCriticalPath(graph: DependencyGraph): CriticalPath {
  const finish = new Map<string, number>();
  const before = new Map<string, string | null>();
  for (const id of graph.order) {
    let best: string | null = null;
    for (const dep of graph.deps.get(id)!) if (best === null || finish.get(dep)! > finish.get(best)!) best = dep;
    before.set(id, best);
    finish.set(id, taskHours(graph.nodes.get(id)!) + (best === null ? 0 : finish.get(best)!));
  }

  const downstreamHours = new Map<string, number>();
  for (const id of [...graph.order].reverse()) {
    const after = graph.dependents.get(id)!.reduce((most, d) => Math.max(most, downstreamHours.get(d)!), 0);
    downstreamHours.set(id, taskHours(graph.nodes.get(id)!) + after);
  }

  let end: string | null = null;
  for (const id of [...finish.keys()].sort(byId)) if (end === null || finish.get(id)! > finish.get(end)!) end = id;
  const path: string[] = [];
  for (let id = end; id !== null; id = before.get(id) ?? null) path.unshift(id);
  return { task_ids: path, hours: end === null ? 0 : finish.get(end)!, downstreamHours };
}
