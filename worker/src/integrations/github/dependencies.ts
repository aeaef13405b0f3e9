import { z } from "zod";
import { GithubIssueSchema } from "./issue-to-task";

/**
 * GitHub's native links, kept in the hackathon's object (tables `github_dependencies` and
 * `github_dependency_deliveries`): an `issues` delivery does not list them, so each one is
 * remembered from its `issue_dependencies` or `sub_issues` delivery.
 */

const RepoSchema = z.object({ full_name: z.string().min(1) });
/** An issue as a link delivery carries it; state and labels are required, as for `issues`. */
const LinkedIssueSchema = GithubIssueSchema.extend({
  state: GithubIssueSchema.shape.state.unwrap(),
  labels: GithubIssueSchema.shape.labels.unwrap(),
});
const NumberedIssueSchema = z.object({ number: z.number().int().positive() });

/** The `blocked_by_*` side of an `issue_dependencies` delivery (the blocked issue's repository). */
export const BlockedByPayloadSchema = z.object({
  action: z.enum(["blocked_by_added", "blocked_by_removed"]),
  blocked_issue: LinkedIssueSchema,
  blocking_issue: NumberedIssueSchema,
  blocking_issue_repo: RepoSchema.optional(),
  repository: RepoSchema,
});

/** The `sub_issue_*` side of a `sub_issues` delivery: a parent is done only when its sub-issues are. */
export const SubIssuePayloadSchema = z.object({
  action: z.enum(["sub_issue_added", "sub_issue_removed"]),
  parent_issue: LinkedIssueSchema,
  sub_issue: NumberedIssueSchema,
  sub_issue_repo: RepoSchema.optional(),
  repository: RepoSchema,
});

/** One link: `blocked` (an issue number in `repo`) waits on the task `blocking`. */
export type NativeLink = { repo: string; blocked: number; blocking: string; added: boolean };

/**
 * The link a delivery names: `blocked` in the delivery's repository waits on `blocking`, whose
 * task id is `#N` in the same repository and `owner/repo#N` elsewhere.
 */
function linkIn(
  repository: { full_name: string },
  blocked: number,
  blocking: { number: number },
  blockingRepo: { full_name: string } | undefined,
  added: boolean,
): NativeLink {
  const repo = repository.full_name;
  const ref = `#${blocking.number}`;
  const other = blockingRepo?.full_name;
  return { repo, blocked, blocking: other === undefined || other === repo ? ref : `${other}${ref}`, added };
}

export const blockedByLink = (p: z.infer<typeof BlockedByPayloadSchema>): NativeLink =>
  linkIn(p.repository, p.blocked_issue.number, p.blocking_issue, p.blocking_issue_repo, p.action === "blocked_by_added");

export const subIssueLink = (p: z.infer<typeof SubIssuePayloadSchema>): NativeLink =>
  linkIn(p.repository, p.parent_issue.number, p.sub_issue, p.sub_issue_repo, p.action === "sub_issue_added");

/** Adds or removes a link. A redelivery changes nothing, even after a later delivery undid its link. */
export function recordLink(sql: SqlStorage, delivery: string, link: NativeLink): void {
  const seen = sql.exec("INSERT OR IGNORE INTO github_dependency_deliveries (delivery) VALUES (?)", delivery).rowsWritten === 0;
  if (seen) return;
  const key = [link.repo, link.blocked, link.blocking] as const;
  if (link.added) sql.exec("INSERT OR IGNORE INTO github_dependencies (repo, blocked, blocking) VALUES (?, ?, ?)", ...key);
  else sql.exec("DELETE FROM github_dependencies WHERE repo = ? AND blocked = ? AND blocking = ?", ...key);
}

/** The task ids an issue natively waits on (blocked-by links and sub-issues). */
export function nativeDependencies(sql: SqlStorage, repo: string, issueNumber: number): string[] {
  return sql
    .exec<{ blocking: string }>(
      "SELECT blocking FROM github_dependencies WHERE repo = ? AND blocked = ? ORDER BY blocking",
      repo,
      issueNumber,
    )
    .toArray()
    .map((row) => row.blocking);
}
