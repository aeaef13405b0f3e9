import { describe, expect, it } from "vitest";
import { ErrorBodySchema, HackathonCredentialsSchema } from "../../../../worker/src/contract";
import { api, apiJson, parseAnswer } from "../../../helpers/api";
import { readDashboard } from "../../../helpers/dashboard";
import { createHackathon } from "../../../helpers/hackathons";
import { deliver, githubHeaders, issuesPayload, sendGithub, tasksOf } from "../../integrations/github/deliveries";

async function expectError(response: Response, status: number, code: string) {
  expect(response.status).toBe(status);
  const body = ErrorBodySchema.parse(await response.json());
  expect(body.error.code).toBe(code);
  return body.error;
}

async function taskMetrics(id: string, token: string) {
  return (await readDashboard(id, token)).task_metrics;
}

const labels = (...names: string[]) => names.map((name) => ({ name }));

describe("POST /webhooks/:id/github deliveries", () => {
  it("applies an issues delivery as a task and shows it on the dashboard", async () => {
    const h = await createHackathon();
    const response = await deliver(h.hackathon.id, h.webhook_secret, "issues", issuesPayload("opened"));
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ accepted: 1, duplicates: 0 });
    expect(await tasksOf(h.hackathon.id)).toEqual([
      { id: "#12", title: "Wire the API", status: "todo", weight: 1, estimated_hours: null, depends_on: [] },
    ]);
    expect(await taskMetrics(h.hackathon.id, h.viewer_token)).toMatchObject({ total_tasks: 1, completed_tasks: 0 });
  });

  it("answers a ping and other events with 200 ignored, storing nothing", async () => {
    const h = await createHackathon();
    const ping = await deliver(h.hackathon.id, h.webhook_secret, "ping", { zen: "Keep it logically awesome.", hook_id: 1 });
    expect(await ping.json()).toEqual({ accepted: 0, duplicates: 0, ignored: "ping" });
    const push = await deliver(h.hackathon.id, h.webhook_secret, "push", { ref: "refs/heads/main" });
    expect(push.status).toBe(200);
    expect(await push.json()).toEqual({ accepted: 0, duplicates: 0, ignored: "push is not used" });
    expect(await tasksOf(h.hackathon.id)).toEqual([]);
  });

  it("counts a redelivery (same X-GitHub-Delivery) as a duplicate and changes nothing", async () => {
    const h = await createHackathon();
    const delivery = crypto.randomUUID();
    const first = issuesPayload("opened", { labels: labels("weight:2") });
    expect(await (await deliver(h.hackathon.id, h.webhook_secret, "issues", first, { delivery })).json()).toEqual({
      accepted: 1,
      duplicates: 0,
    });
    const again = await deliver(h.hackathon.id, h.webhook_secret, "issues", first, { delivery });
    expect(await again.json()).toEqual({ accepted: 0, duplicates: 1 });
    expect(await tasksOf(h.hackathon.id)).toMatchObject([{ id: "#12", weight: 2 }]);
  });

  it("keeps the newest state when deliveries arrive out of order (by the issue's updated_at)", async () => {
    const h = await createHackathon();
    const closed = issuesPayload("closed", { state: "closed", updated_at: "2026-11-27T11:00:00Z" });
    const opened = issuesPayload("opened", { updated_at: "2026-11-27T10:00:00Z" });
    await deliver(h.hackathon.id, h.webhook_secret, "issues", closed);
    expect(await (await deliver(h.hackathon.id, h.webhook_secret, "issues", opened)).json()).toEqual({ accepted: 1, duplicates: 0 });
    expect(await tasksOf(h.hackathon.id)).toMatchObject([{ id: "#12", status: "done" }]);
    expect(await taskMetrics(h.hackathon.id, h.viewer_token)).toMatchObject({ total_tasks: 1, completed_tasks: 1 });
  });

  it("accepts a form-encoded delivery (payload= field, signature over the raw form body)", async () => {
    const h = await createHackathon();
    const response = await deliver(h.hackathon.id, h.webhook_secret, "issues", issuesPayload("opened", { title: "A & B = C?" }), {
      form: true,
    });
    expect(await response.json()).toEqual({ accepted: 1, duplicates: 0 });
    expect(await tasksOf(h.hackathon.id)).toMatchObject([{ id: "#12", title: "A & B = C?" }]);
  });

  it("ignores pull requests, deleted and transferred issues with their reason", async () => {
    const h = await createHackathon();
    const pr = issuesPayload("opened", { pull_request: { url: "https://api.github.com/repos/acme/hack/pulls/12" } });
    const cases: [unknown, string][] = [
      [pr, "pull requests are not tasks"],
      [issuesPayload("deleted"), "deleted issues are kept as they were"],
      [issuesPayload("transferred"), "transferred issues are kept as they were"],
    ];
    for (const [payload, reason] of cases) {
      expect(await (await deliver(h.hackathon.id, h.webhook_secret, "issues", payload)).json()).toEqual({
        accepted: 0,
        duplicates: 0,
        ignored: reason,
      });
    }
    expect(await tasksOf(h.hackathon.id)).toEqual([]);
  });
});

describe("POST /webhooks/:id/github label and body mapping", () => {
  it("maps blocked, weight:N, estimate:Nh and 'blocked by #N'", async () => {
    const h = await createHackathon();
    const issues = [
      issuesPayload("labeled", { number: 1, labels: labels("blocked") }),
      issuesPayload("labeled", { number: 2, labels: labels("weight:3") }),
      issuesPayload("labeled", { number: 3, labels: labels("estimate:4h") }),
      issuesPayload("edited", { number: 4, body: "Needs the schema first.\n\nblocked by #12, depends on #7" }),
    ];
    for (const payload of issues) {
      expect(await (await deliver(h.hackathon.id, h.webhook_secret, "issues", payload)).json()).toEqual({ accepted: 1, duplicates: 0 });
    }
    expect(await tasksOf(h.hackathon.id)).toMatchObject([
      { id: "#1", status: "blocked", weight: 1 },
      { id: "#2", status: "todo", weight: 3 },
      { id: "#3", estimated_hours: 4 },
      { id: "#4", depends_on: ["#12", "#7"] },
    ]);
    expect(await taskMetrics(h.hackathon.id, h.viewer_token)).toMatchObject({ total_tasks: 4, blocked_tasks: 1 });
  });

  it("adds GitHub's native blocked-by links to depends_on, and removes them again", async () => {
    const h = await createHackathon();
    const blocked = issuesPayload("opened", { number: 4, body: "depends on #7" }).issue;
    const link = (action: string, blocking: number, repo?: string) => ({
      action,
      blocked_issue_id: 1004,
      blocked_issue: blocked,
      blocking_issue_id: 1000 + blocking,
      blocking_issue: { ...blocked, number: blocking },
      ...(repo ? { blocking_issue_repo: { full_name: repo } } : {}),
      repository: { full_name: "acme/hack" },
      sender: { login: "ada" },
    });
    const send = (payload: unknown, delivery?: string) =>
      deliver(h.hackathon.id, h.webhook_secret, "issue_dependencies", payload, { delivery }).then((r) => r.json());
    const added = crypto.randomUUID();

    expect(await send(link("blocked_by_added", 9), added)).toEqual({ accepted: 1, duplicates: 0 });
    expect(await send(link("blocked_by_added", 3, "acme/infra"))).toEqual({ accepted: 1, duplicates: 0 });
    expect(await send(link("blocking_added", 9))).toEqual({
      accepted: 0,
      duplicates: 0,
      ignored: "blocking_added is applied from the other side of the link",
    });
    expect(await tasksOf(h.hackathon.id)).toMatchObject([{ id: "#4", depends_on: ["#7", "#9", "acme/infra#3"] }]);

    // A later issues delivery keeps the native links it does not list; one that carries the
    // state already applied is a duplicate (docs/contract.md section 4).
    expect(
      await (await deliver(h.hackathon.id, h.webhook_secret, "issues", { ...issuesPayload("labeled"), issue: blocked })).json(),
    ).toEqual({ accepted: 0, duplicates: 1 });
    const renamed = { ...issuesPayload("edited"), issue: { ...blocked, title: "Wire the API, renamed" } };
    expect(await (await deliver(h.hackathon.id, h.webhook_secret, "issues", renamed)).json()).toEqual({ accepted: 1, duplicates: 0 });
    expect(await tasksOf(h.hackathon.id)).toMatchObject([{ id: "#4", depends_on: ["#7", "#9", "acme/infra#3"] }]);

    expect(await send(link("blocked_by_removed", 9))).toEqual({ accepted: 1, duplicates: 0 });
    expect(await tasksOf(h.hackathon.id)).toMatchObject([{ id: "#4", depends_on: ["#7", "acme/infra#3"] }]);

    // Redelivering the old "added" changes nothing, though its link was removed since.
    expect(await send(link("blocked_by_added", 9), added)).toEqual({ accepted: 0, duplicates: 1 });
    await deliver(h.hackathon.id, h.webhook_secret, "issues", { ...issuesPayload("edited"), issue: blocked });
    expect(await tasksOf(h.hackathon.id)).toMatchObject([{ id: "#4", depends_on: ["#7", "acme/infra#3"] }]);
  });

  it("makes a parent issue wait on its sub-issues, from the sub_issue side of each link", async () => {
    const h = await createHackathon();
    const parent = issuesPayload("opened", { number: 20, body: "" }).issue;
    const link = (action: string, sub: number) => ({
      action,
      parent_issue_id: 1020,
      parent_issue: parent,
      sub_issue_id: 1000 + sub,
      sub_issue: { ...parent, number: sub },
      repository: { full_name: "acme/hack" },
      sender: { login: "ada" },
    });
    const send = (payload: unknown) => deliver(h.hackathon.id, h.webhook_secret, "sub_issues", payload).then((r) => r.json());
    expect(await send(link("sub_issue_added", 21))).toEqual({ accepted: 1, duplicates: 0 });
    expect(await send(link("sub_issue_added", 22))).toEqual({ accepted: 1, duplicates: 0 });
    expect(await send(link("parent_issue_added", 22))).toEqual({
      accepted: 0,
      duplicates: 0,
      ignored: "parent_issue_added is applied from the other side of the link",
    });
    expect(await tasksOf(h.hackathon.id)).toMatchObject([{ id: "#20", depends_on: ["#21", "#22"] }]);
    expect(await send(link("sub_issue_removed", 21))).toEqual({ accepted: 1, duplicates: 0 });
    expect(await tasksOf(h.hackathon.id)).toMatchObject([{ id: "#20", depends_on: ["#22"] }]);
  });
});

describe("POST /webhooks/:id/github refusals", () => {
  const body = JSON.stringify(issuesPayload("opened"));

  it("refuses a bad, missing or foreign signature with 401 and stores nothing", async () => {
    const h = await createHackathon();
    const headers = await githubHeaders(h.webhook_secret, body, "issues");
    const attempts: Record<string, string>[] = [
      { ...headers, "x-hub-signature-256": `sha256=${"0".repeat(64)}` },
      { ...headers, "x-hub-signature-256": headers["x-hub-signature-256"].replace("sha256=", "sha1=") },
      Object.fromEntries(Object.entries(headers).filter(([name]) => name !== "x-hub-signature-256")),
      await githubHeaders(h.webhook_secret, JSON.stringify(issuesPayload("opened", { title: "Other" })), "issues"),
    ];
    for (const attempt of attempts) await expectError(await sendGithub(h.hackathon.id, body, attempt), 401, "unauthorized");
    expect(await tasksOf(h.hackathon.id)).toEqual([]);
  });

  it("refuses the old secret after a rotate and accepts the new one", async () => {
    const h = await createHackathon();
    const { status, body } = await apiJson(`/api/hackathons/${h.hackathon.id}/rotate`, { method: "POST" });
    expect(status).toBe(200);
    const rotated = parseAnswer(HackathonCredentialsSchema, body);
    await expectError(await deliver(h.hackathon.id, h.webhook_secret, "issues", issuesPayload("opened")), 401, "unauthorized");
    expect((await deliver(h.hackathon.id, rotated.webhook_secret, "issues", issuesPayload("opened"))).status).toBe(200);
  });

  it("answers a validly signed malformed body with 400, listing schema violations with their paths", async () => {
    const h = await createHackathon();
    const broken = "{ not json";
    await expectError(
      await sendGithub(h.hackathon.id, broken, await githubHeaders(h.webhook_secret, broken, "issues")),
      400,
      "bad_request",
    );

    const invalid = JSON.stringify({ action: "opened", issue: { number: -1, title: "x" }, repository: {} });
    const error = await expectError(
      await sendGithub(h.hackathon.id, invalid, await githubHeaders(h.webhook_secret, invalid, "issues")),
      400,
      "validation_failed",
    );
    expect(error.issues.map((issue) => issue.path)).toEqual(
      expect.arrayContaining(["issue.number", "issue.state", "issue.labels", "issue.updated_at", "repository.full_name"]),
    );

    const form = "nothing=here";
    const formHeaders = await githubHeaders(h.webhook_secret, form, "issues", { form: true });
    const formError = await expectError(await sendGithub(h.hackathon.id, form, formHeaders), 400, "validation_failed");
    expect(formError.issues).toEqual([{ path: "payload", message: expect.any(String) }]);
    expect(await tasksOf(h.hackathon.id)).toEqual([]);
  });

  it("answers 400 without X-GitHub-Delivery and 415 for another content type", async () => {
    const h = await createHackathon();
    const headers = await githubHeaders(h.webhook_secret, body, "issues");
    const noDelivery = Object.fromEntries(Object.entries(headers).filter(([name]) => name !== "x-github-delivery"));
    const error = await expectError(await sendGithub(h.hackathon.id, body, noDelivery), 400, "bad_request");
    expect(error.message).toMatch(/X-GitHub-Delivery/);
    await expectError(await sendGithub(h.hackathon.id, body, { ...headers, "content-type": "text/plain" }), 415, "unsupported_media_type");
    expect(await tasksOf(h.hackathon.id)).toEqual([]);
  });

  it("answers 401 for an unknown hackathon (as for a bad signature) and 409 for an archived one, storing nothing", async () => {
    const h = await createHackathon();
    await expectError(await deliver("no-such-hack", h.webhook_secret, "issues", issuesPayload("opened")), 401, "unauthorized");
    await api(`/api/hackathons/${h.hackathon.id}`, { method: "DELETE" });
    await expectError(await deliver(h.hackathon.id, h.webhook_secret, "issues", issuesPayload("opened")), 409, "conflict");
    expect(await tasksOf(h.hackathon.id)).toEqual([]);
  });
});
