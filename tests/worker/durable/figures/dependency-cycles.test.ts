import { runInDurableObject } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { GapsResponseSchema, RcaResponseSchema } from "../../../../worker/src/contract";
import { buildDependencyGraph, findCriticalPath, type TaskNode } from "../../../../worker/src/durable/figures/critical-path";
import { componentKey, findDependencyCycles } from "../../../../worker/src/durable/figures/dependency-cycles";
import { apiJson } from "../../../helpers/api";
import { createHackathon } from "../../../helpers/hackathons";
import { roomOf } from "../../../helpers/rooms";
import { eventId, postEvents } from "../../../helpers/webhooks";

const id = (i: number, n: number) => `t${String(((i % n) + n) % n).padStart(4, "0")}`;
const node = (taskId: string, depends_on: string[]): TaskNode => ({
  id: taskId,
  title: taskId,
  status: "todo",
  estimated_hours: null,
  depends_on,
});

/** `n` tasks, task i depending on the next `fanOut` (wrapping): one component holding every task. */
const hostileBoard = (n: number, fanOut: number) =>
  Array.from({ length: n }, (_, i) =>
    node(
      id(i, n),
      Array.from({ length: fanOut }, (_, k) => id(i + k + 1, n)),
    ),
  );

/** Each depends on the next, the last on the first. */
function expectLoop(loop: string[], tasks: TaskNode[]) {
  const deps = new Map(tasks.map((t) => [t.id, new Set(t.depends_on)]));
  loop.forEach((taskId, i) => {
    expect(deps.get(taskId)!.has(loop[(i + 1) % loop.length]!)).toBe(true);
  });
}

describe("dependency cycles", () => {
  it("are one entry per strongly connected component, however many back edges it holds", () => {
    // 1,000 tasks × 50 dependencies: tens of thousands of loops, one set of tasks waiting on each other.
    const tasks = hostileBoard(1000, 50);
    const graph = buildDependencyGraph(tasks);
    expect(graph.cycles).toHaveLength(1);
    expect(graph.cycles[0]!.members).toHaveLength(1000);
    const loop = graph.cycles[0]!.loop;
    expect(loop[0]).toBe("t0000");
    expectLoop(loop, tasks);
    // The shortest loop through t0000: 999 (= -1) is reached in ceil(999 / 50) = 20 steps.
    expect(loop).toHaveLength(20);
    // The critical path is still found: the graph is acyclic once back edges are left out.
    expect(findCriticalPath(graph).task_ids.length).toBeGreaterThan(0);
  });

  it("walk a ring of 20,000 tasks without recursing", () => {
    const tasks = hostileBoard(20_000, 1).map((t) => ({ ...t, id: `r${t.id}`, depends_on: t.depends_on.map((d) => `r${d}`) }));
    const cycles = findDependencyCycles(
      tasks.map((t) => t.id),
      new Map(tasks.map((t) => [t.id, t.depends_on])),
    );
    expect(cycles).toHaveLength(1);
    expect(cycles[0]!.loop).toHaveLength(20_000);
  });

  it("are keyed by their members: the same set in any order is one key, a grown set a new one", () => {
    const edges = new Map([
      ["a", ["b"]],
      ["b", ["a"]],
      ["c", ["c"]],
      ["d", ["a"]],
    ]);
    const cycles = findDependencyCycles(["d", "c", "b", "a"], edges);
    expect(cycles.map((c) => [c.members, c.loop])).toEqual([
      [
        ["a", "b"],
        ["a", "b"],
      ],
      [["c"], ["c"]],
    ]);
    expect(cycles[0]!.key).toBe(componentKey(["a", "b"]));
    expect(componentKey(["a", "b"])).not.toBe(componentKey(["a", "b", "d"]));
  });
});

describe("the memory of reported dependency cycles", () => {
  it("is rebuilt when corrupt: the next task change logs the cycle again once, reads never do", async () => {
    const h = await createHackathon();
    const hackathon = h.hackathon.id;
    let step = 0;
    const send = async (...tasks: { id: string; depends_on: string[] }[]) => {
      const ts = new Date(Date.now() - 60_000 + ++step * 1000).toISOString();
      const events = tasks.map((task) => ({ id: eventId("t"), type: "task", ts, task: { title: task.id, status: "todo", ...task } }));
      expect((await postEvents(hackathon, h.webhook_secret, { events })).status).toBe(200);
    };
    const gaps = async () => {
      const { status, body } = await apiJson(`/api/hackathons/${hackathon}/gaps`);
      expect(status).toBe(200);
      return GapsResponseSchema.parse(body);
    };
    const logged = async () =>
      RcaResponseSchema.parse((await apiJson(`/api/hackathons/${hackathon}/rca`)).body).entries.filter((e) => e.kind === "dependency_cycle")
        .length;

    await send({ id: "A", depends_on: ["B"] }, { id: "B", depends_on: ["A"] });
    expect(await logged()).toBe(1);
    expect((await gaps()).cycles).toEqual([["A", "B"]]);
    await runInDurableObject(roomOf(hackathon), (_, state) =>
      state.storage.sql.exec("UPDATE meta SET value = '[\"A\", 7' WHERE key = 'dependency_cycles_reported'"),
    );
    // Reading /gaps writes nothing, corrupt memory or not.
    expect((await gaps()).cycles).toEqual([["A", "B"]]);
    expect(await logged()).toBe(1);
    await send({ id: "C", depends_on: [] });
    await send({ id: "D", depends_on: [] });
    expect(await logged()).toBe(2);
  });
});
