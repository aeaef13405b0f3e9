import { runInDurableObject } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { DashboardStateSchema, ErrorBodySchema, RcaResponseSchema, type HackathonCredentials } from "../../../worker/src/contract";
import { apiJson } from "../../helpers/api";
import { createHackathon } from "../../helpers/hackathons";
import { roomOf } from "../../helpers/rooms";
import { eventId, postEvents } from "../../helpers/webhooks";
import { deliver, issuesPayload, tasksOf } from "../integrations/github/deliveries";

const ts = () => new Date(Date.now() - 60_000).toISOString();
const task = (id: string, fields: Record<string, unknown> = {}) => ({
  id: eventId("t"),
  type: "task",
  ts: ts(),
  task: { id, title: id, status: "todo", ...fields },
});
const metric = (name: string) => ({ id: eventId("m"), type: "metric", ts: ts(), name, value: 1 });
const token = (model: string, service?: string) => ({
  id: eventId("k"),
  type: "token",
  ts: ts(),
  model,
  input_tokens: 1,
  output_tokens: 1,
  ...(service === undefined ? {} : { service }),
});
const cost = (service: string) => ({ id: eventId("c"), type: "cost", ts: ts(), amount: 0.01, service });

async function send(h: HackathonCredentials, payload: unknown) {
  const response = await postEvents(h.hackathon.id, h.webhook_secret, payload);
  return { status: response.status, body: (await response.json()) as unknown };
}

async function expectAccepted(h: HackathonCredentials, payload: unknown) {
  const answer = await send(h, payload);
  expect(answer.status, JSON.stringify(answer.body).slice(0, 500)).toBe(200);
  return answer.body;
}

/** A 400 with `code`, and the path of every issue. */
async function expectRefused(h: HackathonCredentials, payload: unknown, code: string) {
  const answer = await send(h, payload);
  expect(answer.status).toBe(400);
  const { error } = ErrorBodySchema.parse(answer.body);
  expect(error.code).toBe(code);
  return error.issues.map((issue) => issue.path);
}

async function dashboard(h: HackathonCredentials) {
  const { status, body } = await apiJson(`/api/hackathons/${h.hackathon.id}/dashboard`, { token: h.viewer_token });
  expect(status).toBe(200);
  return DashboardStateSchema.parse(body);
}

const refusedForLimits = (h: HackathonCredentials) =>
  runInDurableObject(
    roomOf(h.hackathon.id),
    (_, state) =>
      state.storage.sql
        .exec<{ value: number }>(
          "SELECT value FROM counters WHERE name = 'refused' AND labels = ?",
          JSON.stringify({ reason: "limit_exceeded" }),
        )
        .toArray()[0]?.value ?? 0,
  );

const eventCount = (h: HackathonCredentials) =>
  runInDurableObject(
    roomOf(h.hackathon.id),
    (_, state) => state.storage.sql.exec<{ n: number }>("SELECT COUNT(*) AS n FROM events").one().n,
  );

/** 5,000 tasks (t0000..t4999, plus `#12` in place of the last one), in signed batches of 1,000. */
async function seedTaskCap(h: HackathonCredentials) {
  for (let batch = 0; batch < 5; batch++) {
    const events = Array.from({ length: 1000 }, (_, i) => {
      const n = batch * 1000 + i;
      return task(n === 4999 ? "#12" : `t${String(n).padStart(4, "0")}`);
    });
    expect(await expectAccepted(h, { events })).toEqual({ accepted: 1000, duplicates: 0 });
  }
  expect((await dashboard(h)).task_metrics.total_tasks).toBe(5000);
}

describe("per-hackathon caps (docs/contract.md section 5)", () => {
  it("refuses a 5,001st task with 400 limit_exceeded, storing nothing and counting the refusal; updates still apply", async () => {
    const h = await createHackathon();
    await seedTaskCap(h);
    const stored = await eventCount(h);

    expect(await expectRefused(h, task("new-one"), "limit_exceeded")).toEqual(["task.id"]);
    // The whole request goes: the update riding along with the new task is not applied either.
    const mixed = { events: [task("t0000", { status: "done" }), task("new-two"), metric("rides.along")] };
    expect(await expectRefused(h, mixed, "limit_exceeded")).toEqual(["events.1.task.id"]);
    const after = await dashboard(h);
    expect(after.task_metrics).toMatchObject({ total_tasks: 5000, completed_tasks: 0 });
    expect(after.metrics["rides.along"]).toBeUndefined();
    expect(await eventCount(h)).toBe(stored);
    expect(await refusedForLimits(h)).toBe(2);

    // Updating a task that exists never counts against the cap.
    expect(await expectAccepted(h, task("t0000", { status: "done" }))).toEqual({ accepted: 1, duplicates: 0 });
    expect((await dashboard(h)).task_metrics).toMatchObject({ total_tasks: 5000, completed_tasks: 1 });
  });

  it("refuses a task with 51 dependencies (limit_exceeded, with its path) and takes 50", async () => {
    const h = await createHackathon();
    const deps = (n: number) => Array.from({ length: n }, (_, i) => `d${i}`);
    expect(await expectRefused(h, { events: [task("a", { depends_on: deps(51) })] }, "limit_exceeded")).toEqual([
      "events.0.task.depends_on",
    ]);
    expect(await refusedForLimits(h)).toBe(1);
    expect((await dashboard(h)).task_metrics.total_tasks).toBe(0);
    await expectAccepted(h, { events: [task("a", { depends_on: deps(50) })] });
    expect((await dashboard(h)).task_metrics.total_tasks).toBe(1);
  });

  it("refuses a 201st distinct metric name; known names keep working", async () => {
    const h = await createHackathon();
    const names = Array.from({ length: 200 }, (_, i) => `m.n${i}`);
    await expectAccepted(h, { events: names.map(metric) });
    expect(await expectRefused(h, metric("m.extra"), "limit_exceeded")).toEqual(["name"]);
    expect(await expectRefused(h, { events: [metric("m.n0"), metric("m.extra"), metric("m.more")] }, "limit_exceeded")).toEqual([
      "events.1.name",
      "events.2.name",
    ]);
    const metrics = (await dashboard(h)).metrics;
    expect(Object.keys(metrics)).toHaveLength(200);
    expect(await refusedForLimits(h)).toBe(2);
    await expectAccepted(h, metric("m.n7"));
  });

  it("refuses a 201st model; known models keep working", async () => {
    const h = await createHackathon();
    await expectAccepted(h, { events: Array.from({ length: 200 }, (_, i) => token(`model-${i}`)) });
    expect(await expectRefused(h, token("model-new"), "limit_exceeded")).toEqual(["model"]);
    expect(await refusedForLimits(h)).toBe(1);
    await expectAccepted(h, token("model-3"));
  });

  it("refuses a 201st service, counted across cost and token events; known services keep working", async () => {
    const h = await createHackathon();
    await expectAccepted(h, { events: Array.from({ length: 150 }, (_, i) => cost(`svc-${i}`)) });
    await expectAccepted(h, { events: Array.from({ length: 50 }, (_, i) => token("gpt", `svc-${150 + i}`)) });
    expect(await expectRefused(h, cost("svc-new"), "limit_exceeded")).toEqual(["service"]);
    expect(await expectRefused(h, token("gpt", "svc-new"), "limit_exceeded")).toEqual(["service"]);
    expect(await refusedForLimits(h)).toBe(2);
    await expectAccepted(h, { events: [cost("svc-1"), token("gpt", "svc-199")] });
  });

  it("refuses model and service names longer than 128 characters (validation_failed, per path)", async () => {
    const h = await createHackathon();
    const long = "x".repeat(129);
    expect(await expectRefused(h, { events: [token(long), cost(long), token("ok", long)] }, "validation_failed")).toEqual([
      "events.0.model",
      "events.1.service",
      "events.2.service",
    ]);
    expect(await expectRefused(h, token(""), "validation_failed")).toEqual(["model"]);
    await expectAccepted(h, { events: [token("x".repeat(128)), cost("y".repeat(128))] });
  });

  it("skips new GitHub tasks at the cap (200, logged once), while updates of existing tasks apply", async () => {
    const h = await createHackathon();
    await seedTaskCap(h);
    const limitEntries = async () =>
      RcaResponseSchema.parse((await apiJson(`/api/hackathons/${h.hackathon.id}/rca`, { token: h.viewer_token })).body).entries.filter(
        (entry) => entry.kind === "limit_reached",
      );

    for (const number of [99, 100]) {
      const response = await deliver(h.hackathon.id, h.webhook_secret, "issues", issuesPayload("opened", { number }));
      expect(response.status).toBe(200);
      expect(await response.json()).toEqual({
        accepted: 0,
        duplicates: 0,
        ignored: "1 new task skipped: the hackathon has 5000 tasks, its cap",
      });
    }
    const tasks = await tasksOf(h.hackathon.id);
    expect(tasks).toHaveLength(5000);
    expect(tasks.some((t) => t.id === "#99" || t.id === "#100")).toBe(false);
    const logged = await limitEntries();
    expect(logged).toHaveLength(1);
    expect(logged[0]).toMatchObject({ source: "tasks", detail: { cap: "tasks", limit: 5000 } });
    expect(await refusedForLimits(h)).toBe(0);

    const closed = await deliver(
      h.hackathon.id,
      h.webhook_secret,
      "issues",
      issuesPayload("closed", { state: "closed", updated_at: new Date().toISOString() }),
    );
    expect(await closed.json()).toEqual({ accepted: 1, duplicates: 0 });
    expect((await tasksOf(h.hackathon.id)).find((t) => t.id === "#12")).toMatchObject({ status: "done" });
    expect(await limitEntries()).toHaveLength(1);
  });
});
