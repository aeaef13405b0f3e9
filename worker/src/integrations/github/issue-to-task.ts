import { z } from "zod";
import { MAX_DEPENDS_ON, type TaskEvent } from "../../contract";

const LabelSchema = z.union([z.string(), z.object({ name: z.string() })]);

/**
 * The fields of a GitHub issue we read, as the REST list and the `issues` webhook both
 * send them. Webhook `pinned`/`unpinned` issues lack state and labels, hence the defaults.
 */
export const GithubIssueSchema = z.object({
  number: z.number().int().positive(),
  title: z.string(),
  state: z.enum(["open", "closed"]).default("open"),
  labels: z.array(LabelSchema).default([]),
  assignee: z.object({ login: z.string() }).nullable().optional(),
  assignees: z
    .array(z.object({ login: z.string() }))
    .nullable()
    .optional(),
  body: z.string().nullable().optional(),
  updated_at: z.iso.datetime({ offset: true }),
  pull_request: z.unknown().optional(),
});
export type GithubIssue = z.infer<typeof GithubIssueSchema>;

const MAX_TITLE = 500;
/** Links past the per-task cap (docs/contract.md section 5) are dropped: GitHub cannot act on a 400. */
const MAX_DEPENDENCIES = MAX_DEPENDS_ON;
const SIZES: Record<string, number> = { s: 1, m: 2, l: 3 };
const IN_PROGRESS = new Set(["in progress", "wip", "doing", "started"]);

/** Lowercase, `-`/`_` as spaces, and without a `status:` prefix, so "Status: In-Progress" reads "in progress". */
function normaliseLabel(label: z.infer<typeof LabelSchema>): string {
  const name = typeof label === "string" ? label : label.name;
  return name
    .toLowerCase()
    .replace(/[-_]+/g, " ")
    .replace(/^status\s*[:/]\s*/, "")
    .trim();
}

function taskStatus(issue: GithubIssue, labels: string[]): TaskEvent["task"]["status"] {
  if (issue.state === "closed") return "done";
  if (labels.includes("blocked")) return "blocked";
  if (labels.some((l) => IN_PROGRESS.has(l))) return "in_progress";
  if (issue.assignee || (issue.assignees?.length ?? 0) > 0) return "in_progress";
  return "todo";
}

/** `weight:N` or `points:N` (N > 0), else `size: S/M/L` as 1/2/3, else 1. */
function taskWeight(labels: string[]): number {
  for (const label of labels) {
    const points = /^(?:weight|points)\s*:\s*(\d+(?:\.\d+)?)$/.exec(label);
    if (points && Number(points[1]) > 0) return Number(points[1]);
  }
  for (const label of labels) {
    const size = /^size\s*:\s*([sml])$/.exec(label);
    if (size?.[1]) return SIZES[size[1]] ?? 1;
  }
  return 1;
}

function estimatedHours(labels: string[]): number | undefined {
  for (const label of labels) {
    const estimate = /^estimate\s*:\s*(\d+(?:\.\d+)?)\s*h$/.exec(label);
    if (estimate) return Number(estimate[1]);
  }
  return undefined;
}

/** "blocked by #3", "depends on #4, #5 and #6" in the body, as task ids "#3"... */
function dependencies(body: string | null | undefined): string[] {
  if (!body) return [];
  const found = new Set<string>();
  const phrase = /\b(?:blocked by|depends on)\s*:?\s*((?:#\d+(?:\s*(?:,|and|&)\s*)?)+)/gi;
  for (const match of body.matchAll(phrase)) {
    for (const ref of match[1]?.matchAll(/#(\d+)/g) ?? []) found.add(`#${ref[1]}`);
  }
  return [...found].slice(0, MAX_DEPENDENCIES);
}

/**
 * The task event for an issue. The id changes whenever the issue does (`updated_at`), so
 * polling the same issue again is a duplicate while an edit is a new event.
 */
export function issueToTaskEvent(issue: GithubIssue): TaskEvent {
  const labels = issue.labels.map(normaliseLabel);
  const estimate = estimatedHours(labels);
  return {
    id: `gh-issue-${issue.number}-${issue.updated_at}`,
    ts: issue.updated_at,
    type: "task",
    task: {
      id: `#${issue.number}`,
      title: issue.title.slice(0, MAX_TITLE),
      status: taskStatus(issue, labels),
      weight: taskWeight(labels),
      ...(estimate === undefined ? {} : { estimated_hours: estimate }),
      depends_on: dependencies(issue.body),
    },
  };
}
