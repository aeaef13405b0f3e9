import { appendRca } from "../sources/logs";
import { readMetaCache, writeMeta } from "../storage/meta";
import { stronglyConnected } from "./strongly-connected";

/**
 * One set of tasks that wait on each other: a strongly connected component of the
 * dependency graph (two or more tasks, or one that depends on itself). A board of tasks
 * that each depend on many others can hold a number of back edges that grows with the
 * square of its size; it still has at most one component per task, so that is what is reported.
 */
export type DependencyCycle = {
  /** Every task of the component, sorted. */
  members: string[];
  /** A shortest loop through its smallest member: each task depends on the next, the last on the first. */
  loop: string[];
  /** Stable for the same members: the "already reported" key. */
  key: string;
};

const byId = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** 53-bit string hash (cyrb53): synchronous, unlike crypto.subtle, as a storage transaction needs. */
function hash53(text: string): string {
  let h1 = 0xdeadbeef;
  let h2 = 0x41c6ce57;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ c, 2654435761);
    h2 = Math.imul(h2 ^ c, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return (4294967296 * (2097151 & h2) + (h1 >>> 0)).toString(36);
}

/** Keyed by the sorted members, so a component is one key however its loops are drawn. */
export const componentKey = (members: readonly string[]) => `${members.length}:${hash53(members.join("\u0000"))}`;

/** Breadth-first from the smallest member, inside the component, back to it: the shortest such loop. */
function shortestLoop(members: string[], edges: ReadonlyMap<string, readonly string[]>): string[] {
  const start = members[0]!;
  const inside = new Set(members);
  const before = new Map<string, string | null>([[start, null]]);
  const queue = [start];
  for (let i = 0; i < queue.length; i++) {
    const id = queue[i]!;
    for (const next of edges.get(id)!) {
      if (next === start) {
        const loop: string[] = [];
        for (let at: string | null = id; at !== null; at = before.get(at)!) loop.unshift(at);
        return loop;
      }
      if (!inside.has(next) || before.has(next)) continue;
      before.set(next, id);
      queue.push(next);
    }
  }
  return [start]; // Unreachable for a strongly connected component; kept total.
}

/**
 * The dependency cycles of a graph whose `edges` (task → the tasks it depends on) name only
 * its own nodes, ordered by smallest member. Linear in tasks + edges.
 */
export function findDependencyCycles(ids: readonly string[], edges: ReadonlyMap<string, readonly string[]>): DependencyCycle[] {
  const cycles: DependencyCycle[] = [];
  for (const component of stronglyConnected(ids, edges)) {
    const only = component[0]!;
    if (component.length === 1 && !edges.get(only)!.includes(only)) continue;
    const members = component.sort(byId);
    cycles.push({ members, loop: shortestLoop(members, edges), key: componentKey(members) });
  }
  return cycles.sort((a, b) => byId(a.members[0]!, b.members[0]!));
}

const REPORTED_KEY = "dependency_cycles_reported";
/** One key per component; a board at the task cap (5,000) has at most that many, so all fit. */
const MAX_REMEMBERED = 5_000;
/** RCA entries one ingest may write for new cycles; the rest are summed up in one more entry. */
export const MAX_CYCLES_LOGGED_PER_PASS = 20;
/** Tasks of a loop kept in its RCA entry's detail, and named in its summary. */
const DETAIL_LOOP_TASKS = 50;
const SUMMARY_LOOP_TASKS = 10;

const isKeyList = (value: unknown): value is string[] => Array.isArray(value) && value.every((key) => typeof key === "string");

function loopText(loop: string[]): string {
  if (loop.length <= SUMMARY_LOOP_TASKS) return [...loop, loop[0]].join(" → ");
  return `${loop.slice(0, SUMMARY_LOOP_TASKS).join(" → ")} → … (${loop.length} tasks) → ${loop[0]}`;
}

/**
 * Writes each component not reported before to the RCA log, once. Called where task events
 * are applied (never from a read): the key is the component's, so a component that gains or
 * loses a member is a new one. A corrupt memory is dropped, and its cycles are logged again.
 */
export function reportNewCycles(sql: SqlStorage, cycles: DependencyCycle[], now: number): void {
  if (cycles.length === 0) return;
  const reported = readMetaCache(sql, REPORTED_KEY, isKeyList) ?? [];
  const known = new Set(reported);
  const fresh = cycles.filter((cycle) => !known.has(cycle.key));
  if (fresh.length === 0) return;
  for (const cycle of fresh.slice(0, MAX_CYCLES_LOGGED_PER_PASS)) {
    appendRca(sql, {
      at: now,
      source: "tasks",
      kind: "dependency_cycle",
      summary:
        `Dependency cycle ${loopText(cycle.loop)} (each depends on the next); ` +
        `${cycle.members.length} task${cycle.members.length === 1 ? "" : "s"} wait on each other, so the critical path ignores a dependency among them`,
      detail: {
        task_ids: cycle.loop.slice(0, DETAIL_LOOP_TASKS),
        loop_length: cycle.loop.length,
        tasks: cycle.members.length,
        component: cycle.key,
      },
    });
  }
  const unlisted = fresh.length - MAX_CYCLES_LOGGED_PER_PASS;
  if (unlisted > 0) {
    appendRca(sql, {
      at: now,
      source: "tasks",
      kind: "dependency_cycle",
      summary: `${unlisted} more new dependency cycles; /gaps lists the first ones`,
      detail: { more_cycles: unlisted },
    });
  }
  writeMeta(sql, REPORTED_KEY, [...reported, ...fresh.map((cycle) => cycle.key)].slice(-MAX_REMEMBERED));
}
