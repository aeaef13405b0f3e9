// A hackathon whose dashboard has something in every panel: a budget alert, tokens of two
// models, and a task board with a blocked task on the critical path.
import { randomUUID } from "node:crypto";
import { createWebhookSender } from "../../scripts/lib/webhook-client.mjs";
import { createHackathon } from "./admin-api.mjs";
import { assertEqual } from "./harness.mjs";

const task = (id, status, extra = {}) => ({
  id: `task-${randomUUID()}`,
  type: "task",
  ts: new Date().toISOString(),
  task: { id, title: `Task ${id.toUpperCase()}`, status, estimated_hours: 2, ...extra },
});

export async function createBusyHackathon(ctx, overrides = {}) {
  const created = await createHackathon({
    url: ctx.server.url,
    adminToken: ctx.server.adminToken,
    overrides: { name: "E2E Busy Jam", budget: { amount: 100, currency: "EUR" }, ...overrides },
  });
  const send = createWebhookSender({ url: ctx.server.url, hackathonId: created.hackathon.id, webhookSecret: created.webhook_secret });
  const now = new Date().toISOString();
  const events = [
    { id: `cost-${randomUUID()}`, type: "cost", ts: now, amount: 85 },
    { id: `tok-${randomUUID()}`, type: "token", ts: now, model: "model-large", input_tokens: 3000, output_tokens: 1500, cost: 0.4 },
    { id: `tok-${randomUUID()}`, type: "token", ts: now, model: "model-small", input_tokens: 800, output_tokens: 200, cost: 0.02 },
    task("a", "done"),
    task("b", "in_progress"),
    task("c", "blocked", { depends_on: ["b"] }),
    task("d", "todo", { depends_on: ["c"] }),
  ];
  const answer = await send({ events });
  assertEqual(answer.status, 200, `webhook answer (${JSON.stringify(answer.body)})`);
  return created;
}
