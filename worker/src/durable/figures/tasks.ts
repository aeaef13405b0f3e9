// Figures: the numbers on the dashboard, kept current as events are applied. This one: tasks.
import type { Task, TaskMetrics } from "../../contract";
import { DAY_MS, HOUR_MS, toIsoOrNull } from "../../lib/time";

const VELOCITY_WINDOW_MS = DAY_MS;
const MIN_VELOCITY_WINDOW_MS = HOUR_MS;

type TaskRow = { status: string; updated_ts: number; completed_at: number | null };

/** Upserts a task; an event older than the task's last update is ignored (event-time order). */
export function applyTaskEvent(sql: SqlStorage, ts: number, task: Task): void {
  const existing = sql.exec<TaskRow>("SELECT status, updated_ts, completed_at FROM tasks WHERE id = ?", task.id).toArray()[0];
  if (existing && existing.updated_ts > ts) {
    // Too old to change the task, but it proves the task existed earlier.
    sql.exec("UPDATE tasks SET created_ts = MIN(created_ts, ?) WHERE id = ?", ts, task.id);
    return;
  }
  const completedAt = task.status !== "done" ? null : existing?.status === "done" ? existing.completed_at : ts;
  sql.exec(
    `INSERT INTO tasks (id, title, status, weight, estimated_hours, depends_on, updated_ts, completed_at, created_ts)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
     ON CONFLICT (id) DO UPDATE SET title = excluded.title, status = excluded.status, weight = excluded.weight,
       estimated_hours = excluded.estimated_hours, depends_on = excluded.depends_on,
       updated_ts = excluded.updated_ts, completed_at = excluded.completed_at,
       created_ts = MIN(tasks.created_ts, excluded.created_ts)`,
    task.id,
    task.title,
    task.status,
    task.weight,
    task.estimated_hours ?? null,
    JSON.stringify(task.depends_on),
    ts,
    completedAt,
    ts,
  );
}

/**
 * Whether applying `task` at `ts` would change nothing: the board already holds this very state
 * at this time, or a newer one that already counts the task as existing by then.
 */
export function taskStateApplied(sql: SqlStorage, ts: number, task: Task): boolean {
  const row = sql
    .exec<{
      title: string;
      status: string;
      weight: number;
      estimated_hours: number | null;
      depends_on: string;
      updated_ts: number;
      created_ts: number | null;
    }>("SELECT title, status, weight, estimated_hours, depends_on, updated_ts, created_ts FROM tasks WHERE id = ?", task.id)
    .toArray()[0];
  if (!row) return false;
  if (row.updated_ts > ts) return row.created_ts !== null && row.created_ts <= ts;
  return (
    row.updated_ts === ts &&
    row.title === task.title &&
    row.status === task.status &&
    row.weight === task.weight &&
    row.estimated_hours === (task.estimated_hours ?? null) &&
    row.depends_on === JSON.stringify(task.depends_on)
  );
}

/**
 * The board as of `at`, by event time: scope is the weight of tasks that existed, done the
 * weight completed by then. Weights are today's (a task's past weights are not kept).
 */
export function burnUpAt(sql: SqlStorage, at: number): { doneWeight: number; scopeWeight: number } {
  const row = sql
    .exec<{ done: number | null; scope: number | null }>(
      `SELECT SUM(CASE WHEN completed_at <= ? THEN weight ELSE 0 END) AS done,
              SUM(CASE WHEN created_ts <= ? THEN weight ELSE 0 END) AS scope
       FROM tasks`,
      at,
      at,
    )
    .one();
  return { doneWeight: row.done ?? 0, scopeWeight: row.scope ?? 0 };
}

type TaskTotals = {
  total: number;
  completed: number;
  blocked: number;
  total_weight: number | null;
  done_weight: number | null;
  last_completed_at: number | null;
};

export function readTaskMetrics(
  sql: SqlStorage,
  { now, startsAt }: { now: number; startsAt: number },
  lastEventAt: number | null,
): TaskMetrics {
  const totals = sql
    .exec<TaskTotals>(
      `SELECT COUNT(*) AS total,
              SUM(CASE WHEN status = 'done' THEN 1 ELSE 0 END) AS completed,
              SUM(CASE WHEN status = 'blocked' THEN 1 ELSE 0 END) AS blocked,
              SUM(weight) AS total_weight,
              SUM(CASE WHEN status = 'done' THEN weight ELSE 0 END) AS done_weight,
              MAX(completed_at) AS last_completed_at
       FROM tasks`,
    )
    .one();
  const totalWeight = totals.total_weight ?? 0;
  const doneWeight = totals.done_weight ?? 0;
  const windowMs = Math.max(MIN_VELOCITY_WINDOW_MS, Math.min(VELOCITY_WINDOW_MS, now - startsAt));
  const recent = sql
    .exec<{ weight: number | null }>(
      "SELECT SUM(weight) AS weight FROM tasks WHERE status = 'done' AND completed_at > ? AND completed_at <= ?",
      now - windowMs,
      now,
    )
    .one();
  const velocity = (recent.weight ?? 0) / (windowMs / DAY_MS);
  const remaining = totalWeight - doneWeight;
  return {
    completed_tasks: totals.completed ?? 0,
    total_tasks: totals.total,
    blocked_tasks: totals.blocked ?? 0,
    percent_complete: totalWeight === 0 ? 0 : (doneWeight / totalWeight) * 100,
    velocity,
    estimated_completion: estimateCompletion(now, remaining, velocity, totals.last_completed_at),
    last_updated: toIsoOrNull(lastEventAt),
  };
}

/** An estimate further out than this says "not at this pace"; past ~270,000 years no Date can even hold it. */
const MAX_ESTIMATE_MS = 100 * 365 * DAY_MS;

function estimateCompletion(now: number, remaining: number, velocity: number, lastCompletedAt: number | null) {
  if (remaining <= 0 && lastCompletedAt !== null) return toIsoOrNull(lastCompletedAt);
  if (velocity <= 0) return null;
  const eta = (remaining / velocity) * DAY_MS;
  return eta <= MAX_ESTIMATE_MS ? toIsoOrNull(now + eta) : null;
}
