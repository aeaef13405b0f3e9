import { z } from "zod";
import { MAX_DEPENDS_ON, type TaskEvent } from "../../contract";
import { badRequest, validationFailed, zodIssues } from "../../errors";
import type { RawSenderRequest, Sender, SenderContext, SenderRequest, SenderVerdict } from "../sender";
import {
  BlockedByPayloadSchema,
  blockedByLink,
  nativeDependencies,
  recordLink,
  SubIssuePayloadSchema,
  subIssueLink,
  type NativeLink,
} from "./dependencies";
import { GithubIssueSchema, issueToTaskEvent, type GithubIssue } from "./issue-to-task";
import { decodePayload } from "./payload";
import { verifyGithubSignature } from "./signature";

/** Links past the per-task cap (docs/contract.md section 5) are dropped: GitHub cannot act on a 400. */
const MAX_DEPENDENCIES = MAX_DEPENDS_ON;
const MAX_DELIVERY_ID = 100;

/** Actions whose delivery says nothing new about the task; each with the reason given back. */
const IGNORED_ACTIONS: Record<string, string> = {
  deleted: "deleted issues are kept as they were",
  transferred: "transferred issues are kept as they were",
  pinned: "pinning does not change a task",
  unpinned: "pinning does not change a task",
};

/** An `issues` delivery. State and labels are required: guessing them would reopen a done task. */
const IssuesPayloadSchema = z.object({
  action: z.string().min(1),
  issue: GithubIssueSchema.extend({
    state: GithubIssueSchema.shape.state.unwrap(),
    labels: GithubIssueSchema.shape.labels.unwrap(),
  }),
  repository: z.object({ full_name: z.string().min(1) }),
});

function parse<T>(schema: z.ZodType<T>, payload: unknown): T {
  const result = schema.safeParse(payload);
  if (!result.success) throw validationFailed(zodIssues(result.error));
  return result.data;
}

/**
 * The issue as a task event keyed by the delivery (redeliveries keep `X-GitHub-Delivery`),
 * at the issue's `updated_at`, with its native "blocked by" links added to the body's.
 */
function taskEvent(delivery: string, issue: GithubIssue, native: string[]): TaskEvent {
  const event = issueToTaskEvent(issue);
  const dependsOn = [...new Set([...event.task.depends_on, ...native])].slice(0, MAX_DEPENDENCIES);
  return { ...event, id: `github-${delivery}`, task: { ...event.task, depends_on: dependsOn } };
}

function interpretIssues(delivery: string, payload: unknown, sql: SqlStorage): SenderVerdict {
  const action = z.object({ action: z.string() }).safeParse(payload);
  const ignored = action.success ? IGNORED_ACTIONS[action.data.action] : undefined;
  if (ignored) return { kind: "ignored", reason: ignored };
  const { issue, repository } = parse(IssuesPayloadSchema, payload);
  if (issue.pull_request !== undefined) return { kind: "ignored", reason: "pull requests are not tasks" };
  const native = nativeDependencies(sql, repository.full_name, issue.number);
  return { kind: "events", events: [taskEvent(delivery, issue, native)] };
}

/** GitHub sends each link twice, once per side; only the waiting issue's side is applied. */
const MIRROR_SIDE = /^(blocking|parent_issue)_/;

/**
 * An `issue_dependencies` or `sub_issues` delivery: the link is remembered and the waiting
 * issue (the blocked one, or the parent) is re-sent as a task with all its native links.
 */
function interpretLink(
  delivery: string,
  payload: unknown,
  sql: SqlStorage,
  read: (payload: unknown) => { link: NativeLink; issue: GithubIssue },
): SenderVerdict {
  const action = z.object({ action: z.string() }).safeParse(payload);
  if (action.success && MIRROR_SIDE.test(action.data.action)) {
    return { kind: "ignored", reason: `${action.data.action} is applied from the other side of the link` };
  }
  const { link, issue } = read(payload);
  if (issue.pull_request !== undefined) return { kind: "ignored", reason: "pull requests are not tasks" };
  recordLink(sql, delivery, link);
  return { kind: "events", events: [taskEvent(delivery, issue, nativeDependencies(sql, link.repo, link.blocked))] };
}

const readBlockedBy = (payload: unknown) => {
  const parsed = parse(BlockedByPayloadSchema, payload);
  return { link: blockedByLink(parsed), issue: parsed.blocked_issue };
};

const readSubIssue = (payload: unknown) => {
  const parsed = parse(SubIssuePayloadSchema, payload);
  return { link: subIssueLink(parsed), issue: parsed.parent_issue };
};

/** `POST /webhooks/:id/github`: GitHub's `issues`, `issue_dependencies` and `sub_issues` deliveries as task events. */
export const githubSender: Sender = {
  authenticate(request: RawSenderRequest, ctx: SenderContext) {
    return verifyGithubSignature(ctx.record.webhookSecret, request.body, request.headers["x-hub-signature-256"]);
  },

  interpret(request: SenderRequest, ctx: SenderContext): SenderVerdict {
    const event = request.headers["x-github-event"];
    const delivery = request.headers["x-github-delivery"];
    if (!event) throw badRequest("Missing X-GitHub-Event header");
    if (!delivery) throw badRequest("Missing X-GitHub-Delivery header");
    if (delivery.length > MAX_DELIVERY_ID) throw badRequest(`X-GitHub-Delivery is longer than ${MAX_DELIVERY_ID} characters`);
    if (event === "ping") return { kind: "ignored", reason: "ping" };
    if (event === "issues") return interpretIssues(delivery, decodePayload(request), ctx.sql);
    if (event === "issue_dependencies") return interpretLink(delivery, decodePayload(request), ctx.sql, readBlockedBy);
    if (event === "sub_issues") return interpretLink(delivery, decodePayload(request), ctx.sql, readSubIssue);
    return { kind: "ignored", reason: `${event} is not used` };
  },
};
