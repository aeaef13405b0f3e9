// A hackathon project board of 20 tasks and a deterministic schedule for it: every task
// goes todo -> in_progress -> done over the hackathon's window, a few are blocked for a
// while on the way. The status of every task is a pure function of time.
import { unit } from "./random.mjs";

const HOUR = 3_600_000;

/** id, title, weight, estimated_hours, depends_on */
export const BOARD = /** @type {Array<[id: string, title: string, weight: number, estimated_hours: number, depends_on: string[]]>} */ ([
  ["repo-setup", "Set up the repository and CI", 1, 1, []],
  ["idea-brief", "Write the one-page product brief", 1, 1.5, []],
  ["data-model", "Design the data model", 2, 2, ["idea-brief"]],
  ["auth", "Sign-in with magic links", 2, 3, ["repo-setup"]],
  ["api-skeleton", "API skeleton and error handling", 2, 2.5, ["repo-setup", "data-model"]],
  ["ingest", "Ingest pipeline for uploaded documents", 5, 5, ["api-skeleton"]],
  ["embeddings", "Embeddings and vector index", 3, 3, ["ingest"]],
  ["rag-prompt", "Retrieval-augmented prompt and citations", 3, 3.5, ["embeddings"]],
  ["eval-set", "Evaluation set of 50 questions", 2, 2, ["idea-brief"]],
  ["eval-harness", "Automated evaluation harness", 3, 3, ["eval-set", "rag-prompt"]],
  ["ui-shell", "UI shell and routing", 2, 2, ["repo-setup"]],
  ["chat-ui", "Chat view with streaming answers", 3, 4, ["ui-shell", "api-skeleton"]],
  ["upload-ui", "Document upload flow", 2, 2.5, ["ui-shell", "ingest"]],
  ["cost-guard", "Per-user token budget guard", 2, 2, ["rag-prompt"]],
  ["caching", "Answer cache for repeated questions", 2, 2, ["rag-prompt"]],
  ["observability", "Tracing and latency metrics", 1, 1.5, ["api-skeleton"]],
  ["load-test", "Load test at 50 concurrent users", 2, 2, ["chat-ui", "caching"]],
  ["deploy", "Production deploy", 2, 1.5, ["load-test", "auth"]],
  ["demo-video", "Record the demo video", 1, 1.5, ["deploy"]],
  ["pitch-deck", "Pitch deck and submission", 1, 2, ["demo-video", "eval-harness"]],
]).map(([id, title, weight, estimated_hours, depends_on]) => ({ id, title, weight, estimated_hours, depends_on }));

/** Tasks that get blocked for a while in the middle of their work (spread over the day). */
const BLOCKED_ON_THE_WAY = new Set(["data-model", "embeddings", "eval-harness", "deploy"]);

/**
 * @param {{ startsAt: number, endsAt: number | null, seed: string }} window  epoch ms
 * @returns {Map<string, { task, transitions: { at: number, status: string }[] }>}
 */
export function scheduleBoard({ startsAt, endsAt, seed }) {
  const windowMs = (endsAt ?? startsAt + 24 * HOUR) - startsAt;
  // Critical path at pace 1 (hours), with everything parallel that can be.
  const finishAtPace1 = new Map();
  for (const task of BOARD) {
    const ready = Math.max(0, ...task.depends_on.map((dep) => finishAtPace1.get(dep)));
    finishAtPace1.set(task.id, ready + task.estimated_hours * 1.3);
  }
  const criticalHours = Math.max(...finishAtPace1.values());
  const pace = (0.88 * windowMs) / (criticalHours * HOUR); // the board finishes at ~88% of the window

  const schedule = new Map();
  for (const task of BOARD) {
    const ready = Math.max(startsAt, ...task.depends_on.map((dep) => schedule.get(dep).doneAt));
    const start = ready + unit(seed, "lead", task.id) * 0.3 * task.estimated_hours * HOUR * pace;
    const doneAt = start + task.estimated_hours * HOUR * pace * (1 + 0.2 * unit(seed, "slack", task.id));
    const transitions = [
      { at: startsAt, status: "todo" },
      { at: Math.round(start), status: "in_progress" },
    ];
    if (BLOCKED_ON_THE_WAY.has(task.id)) {
      transitions.push({ at: Math.round(start + 0.3 * (doneAt - start)), status: "blocked" });
      transitions.push({ at: Math.round(start + 0.7 * (doneAt - start)), status: "in_progress" });
    }
    transitions.push({ at: Math.round(doneAt), status: "done" });
    schedule.set(task.id, { task, doneAt, transitions });
  }
  return schedule;
}

function taskEvent(task, transition) {
  return {
    id: `sim-task-${task.id}-${transition.status}-${Math.floor(transition.at / 1000)}`,
    type: "task",
    ts: new Date(transition.at).toISOString(),
    task: { ...task, depends_on: [...task.depends_on], status: transition.status },
  };
}

/** Task events for the transitions that happen in [from, to). */
export function taskEventsBetween(schedule, from, to) {
  const events = [];
  for (const { task, transitions } of schedule.values()) {
    for (const transition of transitions) {
      if (transition.at >= from && transition.at < to) events.push(taskEvent(task, transition));
    }
  }
  return events;
}

/** One event per task stating the status it has at time `at` (stamped with when it got it). */
export function taskStateEventsAt(schedule, at) {
  const events = [];
  for (const { task, transitions } of schedule.values()) {
    const current = transitions.filter((t) => t.at <= at).at(-1);
    if (current) events.push(taskEvent(task, current));
  }
  return events;
}
