import { describe, expect, it } from "vitest";
import { findGaps } from "../../../../worker/src/durable/figures/completion-gaps";
import {
  buildDependencyGraph,
  DEFAULT_TASK_HOURS,
  findCriticalPath,
  type TaskNode,
} from "../../../../worker/src/durable/figures/critical-path";

const node = (id: string, fields: Partial<TaskNode> = {}): TaskNode => ({
  id,
  title: id.toUpperCase(),
  status: "todo",
  estimated_hours: null,
  depends_on: [],
  ...fields,
});

/**
 * The board of the hand computation (hours; "a ← b" means b depends on a):
 *
 *   a done 5 h                   → not in the graph (takes 0 h, satisfies b)
 *   i blocked 0.5  ← b in_progress 3 ← d todo 2 ← e todo (no estimate: 1) ← h blocked 1.5
 *   c blocked 4    ← d                                                    g todo 2 ← h
 *   f blocked 6, depends on "ghost" (no such task: ignored)
 *
 * Finish times: i 0.5, b 3.5, c 4, d 2 + max(3.5, 4) = 6, e 7, g 2, h 1.5 + max(7, 2) = 8.5, f 6.
 * Critical path c → d → e → h = 4 + 2 + 1 + 1.5 = 8.5 h.
 * Gaps: blocked tasks on the path (c, h) and upstream of it (i, through b into d); f is neither.
 *   impact c = 4 + 2 + 1 + 1.5 = 8.5; impact h = 1.5; impact i = 0.5 + 3 (b) + 2 (d) + 1 (e) + 1.5 (h) = 8.
 */
const board = (): TaskNode[] => [
  node("a", { status: "done", estimated_hours: 5 }),
  node("b", { status: "in_progress", estimated_hours: 3, depends_on: ["a", "i"] }),
  node("c", { status: "blocked", estimated_hours: 4 }),
  node("d", { estimated_hours: 2, depends_on: ["b", "c"] }),
  node("e", { depends_on: ["d"] }),
  node("f", { status: "blocked", estimated_hours: 6, depends_on: ["ghost"] }),
  node("g", { estimated_hours: 2 }),
  node("h", { status: "blocked", estimated_hours: 1.5, depends_on: ["e", "g"] }),
  node("i", { status: "blocked", estimated_hours: 0.5 }),
];

describe("critical path", () => {
  it("is the longest chain of unfinished work by estimated hours", () => {
    const graph = buildDependencyGraph(board());
    const path = findCriticalPath(graph);
    expect(path.task_ids).toEqual(["c", "d", "e", "h"]);
    expect(path.hours).toBe(8.5);
    expect(graph.cycles).toEqual([]);
  });

  it("counts a task without an estimate as the default hours", () => {
    expect(DEFAULT_TASK_HOURS).toBe(1);
    const path = findCriticalPath(buildDependencyGraph([node("x"), node("y", { depends_on: ["x"] })]));
    expect(path).toMatchObject({ task_ids: ["x", "y"], hours: 2 });
  });

  it("drops done tasks: they take no time and satisfy their dependents", () => {
    const tasks = board().map((t) => (t.id === "c" ? { ...t, status: "done" as const } : t));
    const graph = buildDependencyGraph(tasks);
    expect(graph.nodes.has("c")).toBe(false);
    // i 0.5 → b 3.5 → d 5.5 → e 6.5 → h 8
    expect(findCriticalPath(graph)).toMatchObject({ task_ids: ["i", "b", "d", "e", "h"], hours: 8 });
  });

  it("ignores dependency ids that name no task, and lists them", () => {
    const graph = buildDependencyGraph(board());
    expect(graph.unknown).toEqual([{ task_id: "f", missing: ["ghost"] }]);
    expect(graph.deps.get("f")).toEqual([]);
  });

  it("is empty when nothing is left to do", () => {
    const path = findCriticalPath(buildDependencyGraph([node("a", { status: "done" })]));
    expect(path).toMatchObject({ task_ids: [], hours: 0 });
  });

  it("gives the same answer whatever order the tasks come in", () => {
    const forward = findCriticalPath(buildDependencyGraph(board()));
    const backward = findCriticalPath(buildDependencyGraph(board().reverse()));
    expect(backward.task_ids).toEqual(forward.task_ids);
    // A tie between two equal chains goes to the smaller ids.
    const tie = findCriticalPath(buildDependencyGraph([node("z"), node("y"), node("m", { depends_on: ["z", "y"] })]));
    expect(tie.task_ids).toEqual(["y", "m"]);
  });

  it("walks a chain of 20,000 tasks without recursing", () => {
    const chain = Array.from({ length: 20_000 }, (_, i) =>
      node(`t${String(i).padStart(5, "0")}`, {
        depends_on: i === 0 ? [] : [`t${String(i - 1).padStart(5, "0")}`],
      }),
    );
    const path = findCriticalPath(buildDependencyGraph(chain));
    expect(path.hours).toBe(20_000);
    expect(path.task_ids[0]).toBe("t00000");
  });
});

describe("dependency cycles", () => {
  // A depends on B, B on C, C on A.
  const cycle = () => [node("A", { depends_on: ["B"] }), node("B", { depends_on: ["C"] }), node("C", { depends_on: ["A"] })];

  it("are found, broken at one edge and still yield a path", () => {
    const graph = buildDependencyGraph(cycle());
    // One entry per set of tasks waiting on each other (no longer one per back edge).
    expect(graph.cycles).toEqual([{ members: ["A", "B", "C"], loop: ["A", "B", "C"], key: expect.any(String) }]);
    expect(findCriticalPath(graph)).toMatchObject({ task_ids: ["C", "B", "A"], hours: 3 });
  });

  it("are reported from their smallest id, whichever order the tasks come in", () => {
    const graph = buildDependencyGraph(cycle().reverse());
    expect(graph.cycles.map((c) => c.loop)).toEqual([["A", "B", "C"]]);
  });

  it("include a task that depends on itself, and several cycles at once", () => {
    const graph = buildDependencyGraph([
      node("s", { depends_on: ["s"] }),
      node("p", { depends_on: ["q"] }),
      node("q", { depends_on: ["p", "s"] }),
      node("done", { status: "done", depends_on: ["p"] }),
    ]);
    expect(graph.cycles.map((c) => c.loop)).toEqual([["p", "q"], ["s"]]);
    expect(findCriticalPath(graph).hours).toBe(3);
  });
});

describe("gaps", () => {
  it("are the blocked tasks on the critical path or upstream of it, with the hours they hold up", () => {
    const graph = buildDependencyGraph(board());
    const gaps = findGaps(graph, findCriticalPath(graph));
    expect(gaps).toEqual([
      {
        task_id: "c",
        title: "C",
        status: "blocked",
        impact_hours: 8.5,
        blocked_by: [],
        recommended_action: 'Unblock "C": it holds up 8.5 h of the critical path',
      },
      {
        task_id: "i",
        title: "I",
        status: "blocked",
        impact_hours: 8,
        blocked_by: [],
        recommended_action: 'Unblock "I": it holds up critical-path task "D" (8 h of work waiting on it)',
      },
      {
        task_id: "h",
        title: "H",
        status: "blocked",
        impact_hours: 1.5,
        blocked_by: ["e", "g"],
        recommended_action: 'Finish "E" and "G" first: "H" waits on them and holds up 1.5 h of the critical path',
      },
    ]);
  });

  it("are none when nothing on or before the path is blocked", () => {
    const graph = buildDependencyGraph([node("x", { status: "blocked" }), node("y", { estimated_hours: 3 })]);
    expect(findGaps(graph, findCriticalPath(graph))).toEqual([]);
  });
});
