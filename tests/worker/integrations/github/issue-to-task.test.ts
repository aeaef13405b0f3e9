import { describe, expect, it } from "vitest";
import { TaskEventSchema } from "../../../../worker/src/contract";
import { GithubIssueSchema, issueToTaskEvent } from "../../../../worker/src/integrations/github/issue-to-task";

function task(fields: Record<string, unknown>) {
  const issue = GithubIssueSchema.parse({ number: 7, title: "Wire the API", updated_at: "2026-11-27T10:00:00Z", ...fields });
  return issueToTaskEvent(issue).task;
}

const labels = (...names: string[]) => ({ labels: names.map((name) => ({ name })) });

describe("issueToTaskEvent", () => {
  it("builds a valid task event whose id changes with updated_at and whose ts is updated_at", () => {
    const event = issueToTaskEvent(
      GithubIssueSchema.parse({ number: 7, title: "Wire the API", state: "open", updated_at: "2026-11-27T10:00:00Z" }),
    );
    expect(TaskEventSchema.parse(event)).toEqual({
      id: "gh-issue-7-2026-11-27T10:00:00Z",
      ts: "2026-11-27T10:00:00Z",
      type: "task",
      task: { id: "#7", title: "Wire the API", status: "todo", weight: 1, depends_on: [] },
    });
  });

  it("marks a closed issue done, whatever its labels", () => {
    expect(task({ state: "closed", ...labels("blocked", "in progress") }).status).toBe("done");
  });

  it("marks an open issue labelled blocked as blocked, before any in-progress signal", () => {
    expect(task({ ...labels("Blocked", "in progress"), assignee: { login: "ada" } }).status).toBe("blocked");
    expect(task(labels("status: blocked")).status).toBe("blocked");
  });

  it("marks in-progress style labels as in_progress", () => {
    for (const name of ["in progress", "In-Progress", "in_progress", "status: in progress", "WIP", "doing"]) {
      expect(task(labels(name)).status).toBe("in_progress");
    }
  });

  it("marks an assigned open issue as in_progress", () => {
    expect(task({ assignee: { login: "ada" } }).status).toBe("in_progress");
    expect(task({ assignee: null, assignees: [{ login: "grace" }] }).status).toBe("in_progress");
  });

  it("leaves an unassigned, unlabelled open issue as todo", () => {
    expect(task({ assignee: null, assignees: [] }).status).toBe("todo");
  });

  it("reads the weight from weight:N or points:N labels", () => {
    expect(task(labels("weight:5")).weight).toBe(5);
    expect(task(labels("points: 3")).weight).toBe(3);
    expect(task(labels("weight:0.5")).weight).toBe(0.5);
  });

  it("reads size S/M/L labels as weights 1/2/3", () => {
    expect(task(labels("size: S")).weight).toBe(1);
    expect(task(labels("size:M")).weight).toBe(2);
    expect(task(labels("Size: L")).weight).toBe(3);
  });

  it("prefers an explicit weight over a size and ignores a zero weight", () => {
    expect(task(labels("size: L", "points:8")).weight).toBe(8);
    expect(task(labels("weight:0")).weight).toBe(1);
  });

  it("reads estimated hours from estimate:Nh and leaves them out otherwise", () => {
    expect(task(labels("estimate:4h")).estimated_hours).toBe(4);
    expect(task(labels("estimate: 1.5h")).estimated_hours).toBe(1.5);
    expect(task(labels("estimate:4")).estimated_hours).toBeUndefined();
  });

  it("reads dependencies from 'blocked by #N' and 'depends on #N' in the body", () => {
    const body = "Needs the schema.\nBlocked by #3\nDepends on #4, #5 and #6. Also depends on #3.";
    expect(task({ body }).depends_on).toEqual(["#3", "#4", "#5", "#6"]);
    expect(task({ body: "mentions #9 but depends on nothing" }).depends_on).toEqual([]);
    expect(task({ body: null }).depends_on).toEqual([]);
  });

  it("accepts labels given as plain strings, as some REST responses send them", () => {
    expect(task({ labels: ["points:2", "blocked"] })).toMatchObject({ weight: 2, status: "blocked" });
  });

  it("accepts webhook issues that lack state and labels (pinned/unpinned)", () => {
    expect(task({})).toMatchObject({ status: "todo", weight: 1 });
  });
});
