import examples from "@octokit/webhooks-examples";
import { describe, expect, it } from "vitest";
import { readDashboard } from "../../../helpers/dashboard";
import { createHackathon } from "../../../helpers/hackathons";
import { deliver, tasksOf } from "./deliveries";

const issues = examples.find((definition) => definition.name === "issues");
if (!issues) throw new Error("@octokit/webhooks-examples has no issues definition");

/** Actions answered `ignored` on purpose (docs/API.md), with the reason given back. */
const IGNORED: Record<string, string> = {
  deleted: "deleted issues are kept as they were",
  transferred: "transferred issues are kept as they were",
  pinned: "pinning does not change a task",
  unpinned: "pinning does not change a task",
};

type Example = { action: string; issue: { number: number; title: string; pull_request?: unknown } };

function expectedAnswer(example: Example) {
  const reason = IGNORED[example.action] ?? (example.issue.pull_request === undefined ? undefined : "pull requests are not tasks");
  return reason === undefined ? { accepted: 1, duplicates: 0 } : { accepted: 0, duplicates: 0, ignored: reason };
}

const cases = (issues.examples as unknown as Example[]).map((example, index) => ({ index, example }));

describe("@octokit/webhooks-examples issues deliveries", () => {
  it("covers the 29 examples of the package, every action but closed", () => {
    expect(cases).toHaveLength(29);
    const actions = new Set(cases.map(({ example }) => example.action));
    expect([...actions].sort()).toEqual(
      [
        "assigned",
        "deleted",
        "demilestoned",
        "edited",
        "labeled",
        "locked",
        "milestoned",
        "opened",
        "pinned",
        "reopened",
        "transferred",
        "unassigned",
        "unlabeled",
        "unlocked",
        "unpinned",
      ].sort(),
    );
  });

  it.each(cases)("example $index ($example.action) is applied or deliberately ignored", async ({ example }) => {
    const h = await createHackathon();
    const response = await deliver(h.hackathon.id, h.webhook_secret, "issues", example);
    expect(response.status).toBe(200);
    const answer = expectedAnswer(example);
    expect(await response.json()).toEqual(answer);

    const tasks = await tasksOf(h.hackathon.id);
    if (answer.accepted === 0) {
      expect(tasks).toEqual([]);
      return;
    }
    // Every applied example is an open issue of Codertocat/Hello-World assigned to someone, labelled only "bug".
    expect(tasks).toEqual([
      {
        id: `#${example.issue.number}`,
        title: example.issue.title,
        status: "in_progress",
        weight: 1,
        estimated_hours: null,
        depends_on: [],
      },
    ]);
  });

  it("a closed issue is done and counts as completed (built from an opened example: the package has no closed one)", async () => {
    const opened = (issues.examples as unknown as Example[]).find((example) => example.action === "opened");
    const closed = structuredClone(opened) as unknown as { action: string; issue: Record<string, unknown> };
    closed.action = "closed";
    closed.issue = {
      ...closed.issue,
      state: "closed",
      state_reason: "completed",
      closed_at: "2019-05-15T15:21:00Z",
      updated_at: "2019-05-15T15:21:00Z",
    };
    const h = await createHackathon();

    expect(await (await deliver(h.hackathon.id, h.webhook_secret, "issues", opened)).json()).toEqual({ accepted: 1, duplicates: 0 });
    expect(await (await deliver(h.hackathon.id, h.webhook_secret, "issues", closed)).json()).toEqual({ accepted: 1, duplicates: 0 });

    expect(await tasksOf(h.hackathon.id)).toMatchObject([{ id: "#1", status: "done" }]);
    const body = await readDashboard(h.hackathon.id, h.viewer_token);
    expect(body.task_metrics).toMatchObject({ total_tasks: 1, completed_tasks: 1, percent_complete: 100 });
  });
});
