import { describe, expect, it } from "vitest";
import { ErrorBodySchema, HackathonSchema } from "../../../worker/src/contract";
import { api, apiJson, parseAnswer } from "../../helpers/api";
import { readDashboard } from "../../helpers/dashboard";
import { createHackathon } from "../../helpers/hackathons";
import { signHeaders } from "../../helpers/webhooks";

const HOSTILE_BODIES = [
  "",
  "null",
  "[]",
  "123",
  '"text"',
  "{}",
  '{"events": "x"}',
  '{"events": []}',
  '{"events": [null, 1, "x"]}',
  '{"id": "a", "type": "cost", "ts": "2026-11-28T10:00:00Z", "amount": 1e400}',
  '{"id": "a", "type": "cost", "ts": "2026-11-28T10:00:00Z", "amount": 1, "total": 2}',
  '{"id": "", "type": "task", "ts": "2026-11-28T10:00:00Z", "task": {"id": "t", "title": "x", "status": "nope", "weight": 0}}',
  '{"__proto__": {"admin": true}, "type": "metric"}',
  `${"[".repeat(5000)}${"]".repeat(5000)}`,
  '{"id": "\\ud800", "type": "cost", "ts": "2026-11-28T10:00:00Z", "amount": 1}',
];

describe("hostile input", () => {
  it("never makes the events webhook answer 5xx or store anything", async () => {
    const h = await createHackathon();
    for (const body of HOSTILE_BODIES) {
      const response = await api(`/webhooks/${h.hackathon.id}/events`, {
        method: "POST",
        token: null,
        body,
        headers: signHeaders(h.webhook_secret, body),
      });
      expect(response.status, body.slice(0, 80)).toBe(400);
      expect(ErrorBodySchema.safeParse(await response.json()).success, body.slice(0, 80)).toBe(true);
    }
    const body = await readDashboard(h.hackathon.id, h.viewer_token);
    expect(body.cost_metrics.current_spend).toBe(0);
    expect(body.task_metrics.total_tasks).toBe(0);
    expect(body.metrics).toEqual({});
  });

  it("never makes the admin API answer 5xx", async () => {
    const h = await createHackathon();
    for (const body of HOSTILE_BODIES) {
      // An empty object is a valid, empty PATCH.
      const routes =
        body === "{}"
          ? [["POST", "/api/hackathons"]]
          : [
              ["POST", "/api/hackathons"],
              ["PATCH", `/api/hackathons/${h.hackathon.id}`],
            ];
      for (const [method, path] of routes) {
        const response = await api(path!, { method, body, headers: { "content-type": "application/json" } });
        expect(response.status, `${method} ${body.slice(0, 80)}`).toBeGreaterThanOrEqual(400);
        expect(response.status, `${method} ${body.slice(0, 80)}`).toBeLessThan(500);
        expect(ErrorBodySchema.safeParse(await response.json()).success).toBe(true);
      }
    }
    const { status, body } = await apiJson(`/api/hackathons/${h.hackathon.id}`);
    expect(status).toBe(200);
    expect(parseAnswer(HackathonSchema, body).name).toBe("Test Hack");
  });

  it("answers unknown routes and methods with the error envelope", async () => {
    for (const [method, path] of [
      ["GET", "/api/nope"],
      ["PUT", "/api/hackathons"],
      ["GET", "/webhooks/x/events"],
    ]) {
      const response = await api(path!, { method });
      expect(response.status, `${method} ${path}`).toBe(404);
      expect(ErrorBodySchema.parse(await response.json()).error.code).toBe("not_found");
    }
  });
});
