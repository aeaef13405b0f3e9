import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { MaintenanceResultSchema, type PublicStatus } from "../../../worker/src/contract";
import { alertingHackathon, at, cost, M, steadyCosts, tokens } from "../../helpers/alerts";
import { apiJson } from "../../helpers/api";
import { fuzzRuns } from "../../helpers/fuzz";
import { expectViewsAgree, readPublicViews } from "../../helpers/public-views";
import { runAlarmAt } from "../../helpers/rooms";

const NOW = Date.parse("2026-11-28T12:00:00Z");
const S = 1000;

const step = fc.oneof(
  fc.record({ kind: fc.constant("spend" as const), amount: fc.integer({ min: 0, max: 400 }) }),
  fc.record({ kind: fc.constant("tokens" as const), tokens: fc.integer({ min: 1, max: 60_000 }) }),
  fc.record({ kind: fc.constant("budget" as const), amount: fc.integer({ min: 200, max: 2_000 }) }),
  fc.record({ kind: fc.constant("wait" as const), seconds: fc.integer({ min: 1, max: 400 }) }),
  fc.record({ kind: fc.constant("resolve" as const) }),
  fc.record({ kind: fc.constant("maintenance" as const) }),
);
type Step = typeof step extends fc.Arbitrary<infer T> ? T : never;

const percentThreshold = fc.integer({ min: 30, max: 100 }).map((p) => p / 100);

/** The level as docs/API.md states it, worked out here rather than by the Worker's function. */
function expectedLevel(status: PublicStatus): string {
  const { budget_used: used, budget_thresholds: t } = status;
  if (used > 1) return "over";
  if (used >= t.critical) return "critical";
  return used >= t.warning ? "warning" : "ok";
}

type Run = Awaited<ReturnType<typeof alertingHackathon>> & { clock: number; window: string | null };

async function apply(run: Run, action: Step): Promise<void> {
  switch (action.kind) {
    case "spend":
      await run.send(cost(run.clock, { amount: action.amount, service: "svc" }));
      return;
    case "tokens":
      await run.send(tokens(run.clock, { model: "m", input_tokens: action.tokens, output_tokens: 0 }));
      return;
    case "budget": {
      const { status } = await apiJson(`/api/hackathons/${run.id}`, { method: "PATCH", json: { budget: { amount: action.amount } } });
      expect(status).toBe(200);
      return;
    }
    case "wait":
      run.clock += action.seconds * S;
      await runAlarmAt(run.id, run.clock);
      return;
    case "resolve":
      for (const alert of await run.alerts()) expect((await run.act(alert.id, "resolve")).status).toBe(200);
      return;
    case "maintenance": {
      if (run.window) {
        await apiJson(`/api/hackathons/${run.id}/maintenance/${run.window}`, { method: "DELETE" });
        run.window = null;
        return;
      }
      const { status, body } = await apiJson(`/api/hackathons/${run.id}/maintenance`, {
        method: "POST",
        json: { title: "Planned work", ends_at: at(run.clock + 5 * M) },
      });
      expect(status).toBe(201);
      run.window = MaintenanceResultSchema.parse(body).maintenance.id;
    }
  }
}

/** The four views agree, the budget level follows the thresholds, and a critical budget alert is the "Budget" incident. */
async function expectOneModel(run: Run, thresholds: { warning: number; critical: number }): Promise<void> {
  const views = await readPublicViews(run.id);
  expectViewsAgree(views);
  expect(views.json.budget_thresholds).toEqual(thresholds);
  expect(views.json.budget_level).toBe(expectedLevel(views.json));
  const criticalBudget = (await run.alerts()).some((a) => a.type === "budget" && a.severity === "critical");
  const budgetIncidents = views.json.incidents.filter((i) => i.summary === "Budget" && i.status === "open");
  expect(budgetIncidents).toHaveLength(criticalBudget ? 1 : 0);
}

describe("the public views under random event streams (docs/contract.md section 10)", { timeout: 240_000 }, () => {
  it("page, JSON, badge and feed never disagree, whatever the spend, budget, thresholds, resolutions and maintenance", async () => {
    await fc.assert(
      fc.asyncProperty(
        percentThreshold,
        percentThreshold,
        fc.boolean(),
        fc.array(step, { minLength: 1, maxLength: 7 }),
        async (warning, critical, learned, steps) => {
          const h = await alertingHackathon(NOW, {
            public: true,
            budget: { amount: 1_000 },
            thresholds: { budget_warning: warning, budget_critical: critical, alert_hold_s: 120 },
          });
          const run: Run = { ...h, clock: NOW, window: null };
          // Half an hour of ordinary spend lets the detector learn, so a jump can open an anomaly incident too.
          if (learned) await run.send(...steadyCosts(NOW, 30));
          for (const action of steps) {
            await apply(run, action);
            await expectOneModel(run, { warning, critical });
          }
        },
      ),
      fuzzRuns(15, [
        [0.8, 0.95, false, [{ kind: "spend", amount: 970 }]],
        // A critical budget alert open through a maintenance window: the page lists the Budget
        // incident, so every view says incident (section 10), with the window still listed.
        [0.8, 0.95, false, [{ kind: "spend", amount: 970 }, { kind: "maintenance" }]],
        [
          0.8,
          0.95,
          true,
          [{ kind: "spend", amount: 400 }, { kind: "spend", amount: 300 }, { kind: "maintenance" }, { kind: "wait", seconds: 400 }],
        ],
      ]),
    );
  });
});
