import type { ErrorIssue, InboundEvent } from "../../contract";
import { limitExceeded } from "../../errors";
import { appendRca } from "../sources/logs";
import { readMeta, writeMeta } from "../storage/meta";
import { TEST_METRIC_NAME } from "./test-event";

/**
 * Per-hackathon caps of docs/contract.md section 5. Each keeps what one hackathon can make every
 * reader pay for bounded: tasks feed /gaps and the board on every dashboard, and each
 * metric name, model and service is a series, a dashboard row and a D1 history series.
 */
export const MAX_TASKS = 5_000;
export const MAX_DISTINCT_NAMES = 200;

export type NameKind = "metric" | "model" | "service";

/**
 * What to do with an event beyond a cap. `refuse` (Pitwall's own signed events): the whole
 * request is refused, 400 `limit_exceeded`, with the path of every event past a cap.
 * `skip` (GitHub deliveries, polls): a sender that cannot act on a 400 would only retry or
 * show failures, so new tasks past the cap are skipped (logged once), updates still apply,
 * and names are not capped (a provider's cost and token figures must add up; they still count).
 */
export type CapMode = { kind: "refuse"; pathOf: (index: number) => (string | number)[] } | { kind: "skip" };

const TASK_CAP_REPORTED = "task_cap_reported";

/** The names an event introduces, per kind. */
function namesOf(event: InboundEvent): [NameKind, string, string][] {
  // The console's test event proves the path works; it must not take a slot a team's metric needs.
  if (event.type === "metric") return event.name === TEST_METRIC_NAME ? [] : [["metric", event.name, "name"]];
  const names: [NameKind, string, string][] = [];
  if (event.type === "token") names.push(["model", event.model, "model"]);
  if ((event.type === "token" || event.type === "cost") && event.service !== undefined) names.push(["service", event.service, "service"]);
  return names;
}

/** What the request adds, checked against what the hackathon already holds. */
class Tally {
  readonly newTasks = new Set<string>();
  readonly newNames = new Map<NameKind, Set<string>>([
    ["metric", new Set()],
    ["model", new Set()],
    ["service", new Set()],
  ]);
  readonly #taskCount: number;
  readonly #nameCounts: Map<NameKind, number>;

  constructor(private readonly sql: SqlStorage) {
    this.#taskCount = sql.exec<{ n: number }>("SELECT COUNT(*) AS n FROM tasks").one().n;
    const rows = sql.exec<{ kind: NameKind; n: number }>("SELECT kind, COUNT(*) AS n FROM known_names GROUP BY kind").toArray();
    this.#nameCounts = new Map(rows.map((row) => [row.kind, row.n]));
  }

  isNewTask(id: string): boolean {
    return !this.newTasks.has(id) && this.sql.exec("SELECT 1 FROM tasks WHERE id = ?", id).toArray().length === 0;
  }

  taskRoom(): boolean {
    return this.#taskCount + this.newTasks.size < MAX_TASKS;
  }

  isNewName(kind: NameKind, name: string): boolean {
    return (
      !this.newNames.get(kind)!.has(name) &&
      this.sql.exec("SELECT 1 FROM known_names WHERE kind = ? AND name = ?", kind, name).toArray().length === 0
    );
  }

  nameRoom(kind: NameKind): boolean {
    return (this.#nameCounts.get(kind) ?? 0) + this.newNames.get(kind)!.size < MAX_DISTINCT_NAMES;
  }
}

const isStored = (sql: SqlStorage, id: string) => sql.exec("SELECT 1 FROM events WHERE id = ?", id).toArray().length > 0;

/**
 * The events of one request that stay within the caps, with the names they introduce
 * registered. Runs inside the ingest transaction, before anything is stored: in `refuse`
 * mode it throws (and the transaction stores nothing). Repeats of a stored event id are
 * let through untouched: they are counted as duplicates, never applied.
 */
export function admitEvents(sql: SqlStorage, events: InboundEvent[], mode: CapMode, now: number) {
  const tally = new Tally(sql);
  const seen = new Set<string>();
  const issues: ErrorIssue[] = [];
  const admitted: InboundEvent[] = [];
  let skippedTasks = 0;
  events.forEach((event, index) => {
    const repeat = seen.has(event.id) || isStored(sql, event.id);
    seen.add(event.id);
    if (repeat) {
      admitted.push(event);
      return;
    }
    if (event.type === "task" && tally.isNewTask(event.task.id)) {
      if (!tally.taskRoom()) {
        if (mode.kind === "skip") {
          skippedTasks++;
          return;
        }
        issues.push({
          path: [...mode.pathOf(index), "task", "id"].join("."),
          message: `a new task past the cap of ${MAX_TASKS} tasks per hackathon`,
        });
        return;
      }
      tally.newTasks.add(event.task.id);
    }
    for (const [kind, name, field] of namesOf(event)) {
      if (!tally.isNewName(kind, name)) continue;
      if (mode.kind === "refuse" && !tally.nameRoom(kind)) {
        issues.push({
          path: [...mode.pathOf(index), field].join("."),
          message: `a new ${kind} name past the cap of ${MAX_DISTINCT_NAMES} per hackathon`,
        });
        continue;
      }
      tally.newNames.get(kind)!.add(name);
    }
    admitted.push(event);
  });
  if (issues.length > 0) throw limitExceeded("The request would pass a per-hackathon cap; nothing was stored", issues);
  for (const [kind, names] of tally.newNames) {
    for (const name of names) sql.exec("INSERT INTO known_names (kind, name) VALUES (?, ?) ON CONFLICT DO NOTHING", kind, name);
  }
  if (skippedTasks > 0) reportTaskCap(sql, now);
  return { events: admitted, skippedTasks };
}

/** The first skip at the task cap goes to the RCA log; later ones only show in their answers. */
function reportTaskCap(sql: SqlStorage, now: number): void {
  if (readMeta(sql, TASK_CAP_REPORTED) !== undefined) return;
  writeMeta(sql, TASK_CAP_REPORTED, now);
  appendRca(sql, {
    at: now,
    source: "tasks",
    kind: "limit_reached",
    summary: `The hackathon has ${MAX_TASKS} tasks, its cap: new tasks from GitHub (deliveries and polls) are skipped, updates of existing ones still apply`,
    detail: { cap: "tasks", limit: MAX_TASKS },
  });
}

/** The answer's `ignored` text when tasks were skipped. */
export const skippedTasksReason = (n: number) =>
  `${n} new task${n === 1 ? "" : "s"} skipped: the hackathon has ${MAX_TASKS} tasks, its cap`;
