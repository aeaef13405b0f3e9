import { z } from "zod";
import { GithubIssueSchema } from "./issue-to-task";

/**
 * GitHub's native "blocked by" links, kept in the hackathon's object: an `issues` delivery
 * does not list them, so each one is remembered from its `issue_dependencies` delivery.
 */
const CREATE_TABLES = [
  `CREATE TABLE IF NOT EXISTS github_dependencies (
    repo TEXT NOT NULL, blocked INTEGER NOT NULL, blocking TEXT NOT NULL,
    PRIMARY KEY (repo, blocked, blocking)
  )`,
  "CREATE TABLE IF NOT EXISTS github_dependency_deliveries (delivery TEXT PRIMARY KEY)",
];

function ensureTables(sql: SqlStorage): void {
  for (const statement of CREATE_TABLES) sql.exec(statement);
}

const RepoSchema = z.object({ full_name: z.string().min(1) });

/** The `blocked_by_*` side of an `issue_dependencies` delivery (the blocked issue's repository). */
export const BlockedByPayloadSchema = z.object({
  action: z.enum(["blocked_by_added", "blocked_by_removed"]),
  blocked_issue: GithubIssueSchema.extend({
    state: GithubIssueSchema.shape.state.unwrap(),
    labels: GithubIssueSchema.shape.labels.unwrap(),
  }),
  blocking_issue: z.object({ number: z.number().int().positive() }),
  blocking_issue_repo: RepoSchema.optional(),
  repository: RepoSchema,
});
export type BlockedByPayload = z.infer<typeof BlockedByPayloadSchema>;

/** The task id a blocking issue has on this board: `#N` in the same repository, `owner/repo#N` elsewhere. */
function blockingTaskId(payload: BlockedByPayload): string {
  const repo = payload.blocking_issue_repo?.full_name ?? payload.repository.full_name;
  const ref = `#${payload.blocking_issue.number}`;
  return repo === payload.repository.full_name ? ref : `${repo}${ref}`;
}

/**
 * Adds or removes the link a `blocked_by_*` delivery describes. A redelivery changes nothing,
 * even after a later delivery undid its link.
 */
export function recordDependency(sql: SqlStorage, delivery: string, payload: BlockedByPayload): void {
  ensureTables(sql);
  const seen = sql.exec("INSERT OR IGNORE INTO github_dependency_deliveries (delivery) VALUES (?)", delivery).rowsWritten === 0;
  if (seen) return;
  const key = [payload.repository.full_name, payload.blocked_issue.number, blockingTaskId(payload)] as const;
  if (payload.action === "blocked_by_added") {
    sql.exec("INSERT OR IGNORE INTO github_dependencies (repo, blocked, blocking) VALUES (?, ?, ?)", ...key);
  } else {
    sql.exec("DELETE FROM github_dependencies WHERE repo = ? AND blocked = ? AND blocking = ?", ...key);
  }
}

/** The task ids an issue is natively blocked by. */
export function nativeDependencies(sql: SqlStorage, repo: string, issueNumber: number): string[] {
  ensureTables(sql);
  return sql
    .exec<{ blocking: string }>(
      "SELECT blocking FROM github_dependencies WHERE repo = ? AND blocked = ? ORDER BY blocking",
      repo,
      issueNumber,
    )
    .toArray()
    .map((row) => row.blocking);
}
