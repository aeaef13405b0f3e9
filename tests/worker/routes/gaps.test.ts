import { describe, expect, it } from "vitest";
import { GapsResponseSchema, RcaResponseSchema, type GapsResponse } from "../../../worker/src/contract";
import { apiJson } from "../../helpers/api";
import { createHackathon } from "../../helpers/hackathons";
import { eventId, postEvents } from "../../helpers/webhooks";

type TaskFields = { id: string; status: string; estimated_hours?: number; depends_on?: string[]; title?: string };

async function board() {
  const h = await createHackathon();
  const id = h.hackathon.id;
  let step = 0;
  const send = async (...tasks: TaskFields[]) => {
    // Each batch a little later than the last, so an update always wins over the task's earlier state.
    const ts = new Date(Date.now() - 60_000 + ++step * 1000).toISOString();
    const events = tasks.map((task) => ({ id: eventId("t"), type: "task", ts, task: { title: task.id.toUpperCase(), ...task } }));
    const response = await postEvents(id, h.webhook_secret, { events });
    expect(response.status).toBe(200);
  };
  const gaps = async (): Promise<GapsResponse> => {
    const { status, body } = await apiJson(`/api/hackathons/${id}/gaps`, { token: h.viewer_token });
    expect(status).toBe(200);
    return GapsResponseSchema.parse(body);
  };
  const rca = async () => {
    const { body } = await apiJson(`/api/hackathons/${id}/rca`, { token: h.viewer_token });
    return RcaResponseSchema.parse(body).entries;
  };
  return { h, send, gaps, rca };
}

/**
 * Hand computation (hours; "x ← y" means y depends on x; no estimate counts 1 h):
 *   a done 5 (drops out) ← b in_progress 3 ← d todo 2 ← e todo (1) ← h blocked 1.5 → g todo 2
 *   i blocked 0.5 ← b;  c blocked 4 ← d;  f blocked 6 depends on "ghost" (unknown, ignored)
 * Finish: i 0.5, b 3.5, c 4, d 2 + 4 = 6, e 7, g 2, h 1.5 + 7 = 8.5, f 6 → path c, d, e, h = 8.5 h.
 * Impact (own hours + the longest chain waiting on it): c 4 + 2 + 1 + 1.5 = 8.5,
 * i 0.5 + 3 + 2 + 1 + 1.5 = 8 (upstream of d), h 1.5. f holds up nothing on the path.
 */
const scripted: TaskFields[] = [
  { id: "a", status: "done", estimated_hours: 5 },
  { id: "b", status: "in_progress", estimated_hours: 3, depends_on: ["a", "i"] },
  { id: "c", status: "blocked", estimated_hours: 4 },
  { id: "d", status: "todo", estimated_hours: 2, depends_on: ["b", "c"] },
  { id: "e", status: "todo", depends_on: ["d"] },
  { id: "f", status: "blocked", estimated_hours: 6, depends_on: ["ghost"] },
  { id: "g", status: "todo", estimated_hours: 2 },
  { id: "h", status: "blocked", estimated_hours: 1.5, depends_on: ["e", "g"] },
  { id: "i", status: "blocked", estimated_hours: 0.5 },
];

describe("GET /api/hackathons/:id/gaps", () => {
  it("answers the critical path, its blocked tasks with their impact, and unknown dependencies", async () => {
    const { send, gaps } = await board();
    await send(...scripted);
    const answer = await gaps();
    expect(answer.critical_path).toEqual({ task_ids: ["c", "d", "e", "h"], hours: 8.5 });
    expect(answer.gaps.map(({ task_id, impact_hours, blocked_by }) => ({ task_id, impact_hours, blocked_by }))).toEqual([
      { task_id: "c", impact_hours: 8.5, blocked_by: [] },
      { task_id: "i", impact_hours: 8, blocked_by: [] },
      { task_id: "h", impact_hours: 1.5, blocked_by: ["e", "g"] },
    ]);
    expect(answer.gaps[0]!.recommended_action).toBe('Unblock "C": it holds up 8.5 h of the critical path');
    expect(answer.gaps[2]!.recommended_action).toBe('Finish "E" and "G" first: "H" waits on them and holds up 1.5 h of the critical path');
    expect(answer.cycles).toEqual([]);
    expect(answer.unknown_dependencies).toEqual([{ task_id: "f", missing: ["ghost"] }]);
  });

  it("drops finished tasks off the path as they are done", async () => {
    const { send, gaps } = await board();
    await send(...scripted);
    await send({ id: "c", status: "done", estimated_hours: 4 });
    // i 0.5 → b 3.5 → d 5.5 → e 6.5 → h 8
    const afterC = await gaps();
    expect(afterC.critical_path).toEqual({ task_ids: ["i", "b", "d", "e", "h"], hours: 8 });
    expect(afterC.gaps.map((g) => [g.task_id, g.impact_hours])).toEqual([
      ["i", 8],
      ["h", 1.5],
    ]);

    await send({ id: "i", status: "done" }, { id: "b", status: "done" }, { id: "d", status: "done" }, { id: "e", status: "done" });
    // Left: f 6 (alone), g 2 ← h 1.5 = 3.5, so f's 6 hours lead; f is blocked on nothing known.
    const later = await gaps();
    expect(later.critical_path).toEqual({ task_ids: ["f"], hours: 6 });
    expect(later.gaps).toEqual([
      {
        task_id: "f",
        title: "F",
        status: "blocked",
        impact_hours: 6,
        blocked_by: [],
        recommended_action: 'Unblock "F": it holds up 6 h of the critical path',
      },
    ]);
  });

  it("is empty for a board with no tasks", async () => {
    const { gaps } = await board();
    expect(await gaps()).toEqual({ critical_path: { task_ids: [], hours: 0 }, gaps: [], cycles: [], unknown_dependencies: [] });
  });

  it("survives a dependency cycle, logged once when the tasks arrive (never by a read)", async () => {
    const { send, gaps, rca } = await board();
    // A depends on B, B on C, C on A; D waits on the loop and is blocked.
    await send(
      { id: "A", status: "todo", estimated_hours: 2, depends_on: ["B"] },
      { id: "B", status: "todo", estimated_hours: 2, depends_on: ["C"] },
      { id: "C", status: "todo", estimated_hours: 2, depends_on: ["A"] },
      { id: "D", status: "blocked", estimated_hours: 1, depends_on: ["A"] },
    );
    const first = await gaps();
    expect(first.cycles).toEqual([["A", "B", "C"]]);
    // Broken at "C depends on A": C 2 → B 4 → A 6 → D 7.
    expect(first.critical_path).toEqual({ task_ids: ["C", "B", "A", "D"], hours: 7 });
    expect(first.gaps.map((g) => [g.task_id, g.blocked_by])).toEqual([["D", ["A"]]]);

    await gaps();
    await send({ id: "E", status: "todo" });
    expect((await gaps()).cycles).toEqual([["A", "B", "C"]]);

    const cycles = (await rca()).filter((entry) => entry.kind === "dependency_cycle");
    expect(cycles).toHaveLength(1);
    expect(cycles[0]).toMatchObject({ source: "tasks", detail: { task_ids: ["A", "B", "C"] } });
    expect(cycles[0]!.summary).toContain("A → B → C → A");

    // Resolving the loop leaves the path whole again; the log keeps its one entry.
    await send({ id: "C", status: "todo", estimated_hours: 2 });
    const fixed = await gaps();
    expect(fixed.cycles).toEqual([]);
    expect(fixed.critical_path).toEqual({ task_ids: ["C", "B", "A", "D"], hours: 7 });
    expect((await rca()).filter((entry) => entry.kind === "dependency_cycle")).toHaveLength(1);
  });

  it("answers a hostile board small, lists each set of looping tasks once, and writes nothing itself", async () => {
    const { h, send, gaps, rca } = await board();
    const pad = (prefix: string, i: number) => `${prefix}${String(i).padStart(3, "0")}`;
    const tasks: TaskFields[] = [];
    // 600 tasks, each depending on the next 50 (wrapping): one set of tasks waiting on each other,
    // holding tens of thousands of loops (the old answer listed one per back edge).
    for (let i = 0; i < 600; i++) {
      tasks.push({ id: pad("h", i), status: "blocked", depends_on: Array.from({ length: 50 }, (_, k) => pad("h", (i + k + 1) % 600)) });
    }
    // 50 pairs depending on each other: 50 more sets.
    for (let i = 0; i < 100; i++) tasks.push({ id: pad("p", i), status: "todo", depends_on: [pad("p", i ^ 1)] });
    // A ring of 300, each also naming 49 tasks that do not exist.
    for (let i = 0; i < 300; i++) {
      const ghosts = Array.from({ length: 49 }, (_, k) => `ghost-${i}-${k}`);
      tasks.push({ id: pad("a", i), status: "todo", depends_on: [pad("a", (i + 1) % 300), ...ghosts] });
    }
    expect(tasks).toHaveLength(1000);
    await send(...tasks);

    // Logged at ingest, once per set: the first 20 and one entry counting the other 32.
    const logged = (await rca()).filter((entry) => entry.kind === "dependency_cycle");
    expect(logged).toHaveLength(21);
    expect(logged.some((entry) => entry.summary.startsWith("32 more new dependency cycles"))).toBe(true);
    const before = await rca();

    const response = await apiJson(`/api/hackathons/${h.hackathon.id}/gaps`, { token: h.viewer_token });
    expect(response.status).toBe(200);
    expect(JSON.stringify(response.body).length).toBeLessThan(150_000);
    const answer = GapsResponseSchema.parse(response.body);
    expect(answer.cycles).toHaveLength(20);
    expect(answer.cycles.every((loop) => loop.length <= 50)).toBe(true);
    // Listed by smallest id: the ring, cut to its first 50 tasks, then the big set.
    expect(answer.cycles[0]).toEqual(Array.from({ length: 50 }, (_, i) => pad("a", i)));
    expect(answer.cycles[1]![0]).toBe("h000");
    expect(answer.gaps).toHaveLength(50);
    expect(answer.unknown_dependencies).toHaveLength(50);
    expect(answer.truncated).toEqual({
      gaps: expect.any(Number),
      cycles: 52,
      cycle_tasks: 300,
      unknown_dependencies: 300,
    });
    expect(answer.truncated!.gaps).toBeGreaterThan(50);
    // A gap names at most 5 of its dependencies in words.
    expect(answer.gaps[0]!.recommended_action).toMatch(/ and \d+ more first: /);

    // Reads write nothing to the RCA log, however often they come.
    await gaps();
    expect(await rca()).toEqual(before);
    // A later change to the board does not log the same sets again.
    await send({ id: "x", status: "todo" });
    expect((await rca()).filter((entry) => entry.kind === "dependency_cycle")).toHaveLength(21);
  });

  it("answers 404 to another hackathon's viewer and 401 without a token", async () => {
    const { h } = await board();
    const other = await createHackathon();
    expect((await apiJson(`/api/hackathons/${h.hackathon.id}/gaps`, { token: other.viewer_token })).status).toBe(404);
    expect((await apiJson(`/api/hackathons/${h.hackathon.id}/gaps`, { token: null })).status).toBe(401);
    expect((await apiJson("/api/hackathons/no-such-hack/gaps")).status).toBe(404);
    expect((await apiJson(`/api/hackathons/${h.hackathon.id}/gaps`)).status).toBe(200);
  });
});
