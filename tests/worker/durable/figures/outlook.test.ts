import { describe, expect, it } from "vitest";
import { OutlookSchema, type Outlook } from "../../../../worker/src/contract";
import { computeOutlook, type OutlookInput } from "../../../../worker/src/durable/figures/outlook";
import { apiJson } from "../../../helpers/api";
import { readDashboard } from "../../../helpers/dashboard";
import { createHackathon } from "../../../helpers/hackathons";
import { pinClock } from "../../../helpers/rooms";
import { eventId, postEvents } from "../../../helpers/webhooks";

const M = 60_000;
const H = 60 * M;
const T0 = Date.parse("2026-11-28T00:00:00Z");
const iso = (ms: number) => new Date(ms).toISOString();

/** 20 h into a 48 h hackathon on $2,000: $1,000 spent at $40/h, measured up to now. */
function input(overrides: Partial<OutlookInput> = {}): OutlookInput {
  const now = T0 + 20 * H;
  return {
    now,
    endsAt: T0 + 48 * H,
    budget: 2000,
    spend: 1000,
    burn: { rate: 40, measuredTo: now, low: 30, high: 50 },
    workCompleteAt: iso(T0 + 40 * H),
    criticalPathHours: 10,
    ...overrides,
  };
}

const outlook = (overrides: Partial<OutlookInput> = {}): Outlook => OutlookSchema.parse(computeOutlook(input(overrides)));

describe("the outlook, computed", () => {
  it("projects spend to the end at the burn rate, with the band from the lowest and highest rates", () => {
    const o = outlook();
    // 28 h left: 1,000 + 40 × 28 = 2,120; band 1,000 + 30 × 28 and 1,000 + 50 × 28.
    expect(o).toMatchObject({ ends_at: iso(T0 + 48 * H), hours_left: 28, projected_cost_low: 1840, projected_cost_high: 2400 });
    expect(o.projected_overrun).toBeCloseTo(120, 9);
    // (2,000 − 1,000) / 40 = 25 h from now: 3 h before the end.
    expect(o).toMatchObject({ budget_exhausted_at: iso(T0 + 45 * H), runs_out_before_end: true, verdict: "over_budget" });
  });

  it("runs the projection from where the burn rate was measured, not from now", () => {
    // The last report came 2 h ago: the spend since is not reported yet, the rate carries it.
    const o = outlook({ burn: { rate: 40, measuredTo: T0 + 18 * H, low: 40, high: 40 } });
    expect(o.projected_overrun).toBeCloseTo(1000 + 40 * 30 - 2000, 9);
    expect(o.budget_exhausted_at).toBe(iso(T0 + 43 * H));
    // A line that crossed the budget before now says now, however long ago the last report was.
    expect(outlook({ spend: 1990, burn: { rate: 40, measuredTo: T0 + 18 * H, low: 40, high: 40 } }).budget_exhausted_at).toBe(
      iso(T0 + 20 * H),
    );
  });

  it("says the money runs out now once spend is over the budget, and never while nothing is spent", () => {
    expect(outlook({ spend: 2100 })).toMatchObject({ budget_exhausted_at: iso(T0 + 20 * H), runs_out_before_end: true });
    const idle = outlook({ burn: { rate: 0, measuredTo: T0 + 20 * H, low: 0, high: 0 } });
    expect(idle).toMatchObject({ budget_exhausted_at: null, runs_out_before_end: false, projected_overrun: 0, verdict: "on_track" });
    // A pace that would take centuries has no date either (no Date can hold some of them).
    expect(outlook({ burn: { rate: 1e-12, measuredTo: T0, low: 0, high: 0 } }).budget_exhausted_at).toBeNull();
  });

  it("has no hours left, no run-out verdict and no finish verdict without an end", () => {
    const o = outlook({ endsAt: null });
    expect(o).toMatchObject({
      ends_at: null,
      hours_left: null,
      runs_out_before_end: null,
      finishes_before_end: null,
      projected_overrun: 0,
      projected_cost_low: 1000,
      projected_cost_high: 1000,
      verdict: "unknown",
    });
    // The money side is still known once spend is past the budget.
    expect(outlook({ endsAt: null, spend: 2500 })).toMatchObject({ projected_overrun: 500, verdict: "over_budget" });
  });

  it("counts 0 hours left once the end has passed", () => {
    const o = outlook({ now: T0 + 50 * H, burn: { rate: 40, measuredTo: T0 + 50 * H, low: 40, high: 40 } });
    expect(o).toMatchObject({ hours_left: 0, projected_overrun: 0, runs_out_before_end: false });
  });

  it("calls the work late when the estimate is after the end or the critical path is longer than the time left", () => {
    const afterEnd = outlook({ workCompleteAt: iso(T0 + 50 * H) });
    expect(afterEnd).toMatchObject({ work_complete_at: iso(T0 + 50 * H), finishes_before_end: false });
    expect(outlook({ criticalPathHours: 28.5 })).toMatchObject({ critical_path_hours: 28.5, finishes_before_end: false });
    // No estimate (velocity 0), but a path that cannot fit is known to be late.
    expect(outlook({ workCompleteAt: null, criticalPathHours: 30 }).finishes_before_end).toBe(false);
    // No estimate and a path that fits: the critical-path side is known and fits (section 7 as written).
    expect(outlook({ workCompleteAt: null, criticalPathHours: 5 }).finishes_before_end).toBe(true);
    expect(outlook({ criticalPathHours: 28 }).finishes_before_end).toBe(true);
  });

  const money = { over: { spend: 1900 }, ok: { burn: { rate: 10, measuredTo: T0 + 20 * H, low: 10, high: 10 } } };
  const work = {
    late: { workCompleteAt: iso(T0 + 60 * H) },
    ok: { workCompleteAt: iso(T0 + 30 * H) },
    unknown: { workCompleteAt: null, criticalPathHours: 1 },
  };
  it.each([
    ["over", "late", "over_budget_and_late"],
    ["over", "ok", "over_budget"],
    ["over", "unknown", "over_budget"],
    ["ok", "late", "late"],
    ["ok", "ok", "on_track"],
    ["ok", "unknown", "on_track"],
  ] as const)("gives the verdict for money %s and work %s: %s", (m, w, verdict) => {
    expect(outlook({ ...money[m], ...work[w] }).verdict).toBe(verdict);
  });

  it("uses the known side when the other cannot be known, and says unknown only when neither can", () => {
    expect(outlook({ endsAt: null, ...work.unknown }).verdict).toBe("unknown");
    expect(outlook({ endsAt: null, spend: 2001, ...work.unknown }).verdict).toBe("over_budget");
  });
});

/**
 * A scripted 48 h hackathon on $2,000, read 20 h in (28 h left), by hand:
 *
 * Money. $8.50 every 10 minutes from T0+10m to T0+20h: 120 reports, $1,020 spent, $51/h.
 *   projected_cost     = 1,020 + 51 × 28          = $2,448
 *   projected_overrun  = 2,448 − 2,000            = $448
 *   budget_exhausted_at = now + (2,000 − 1,020)/51 = now + 19.2 h = T0 + 39.2 h (8.8 h before the end)
 *
 * Work. Ten tasks of weight 1. Four were done in the 20 h since the start (velocity is measured over
 * 24 h, shortened to the time since the start): 4 / (20/24) = 4.8 a day. Six left: 6 / 4.8 = 1.25
 * days = 30 h, so work_complete_at = T0 + 50 h, 2 h after the end. The longest chain of unfinished
 * work: API (6 h) → Frontend (8 h) → Integration (10 h) → Demo (5 h) = 29 h > 28 h left (Docs 3 h
 * → Slides, unestimated so 1 h, is shorter).
 *
 * Verdict: over budget and late.
 */
describe("the outlook of a board nobody has finished anything on", () => {
  it("says the work finishes before the end when its critical path fits, though no estimate can be made", async () => {
    const now = T0 + 2 * H;
    const h = await createHackathon({ budget: { amount: 2000 }, starts_at: iso(T0), ends_at: iso(T0 + 48 * H) });
    const id = h.hackathon.id;
    await pinClock(id, now);
    const task = (taskId: string, hours: number, dependsOn: string[] = []) => ({
      id: eventId("t"),
      type: "task",
      ts: iso(T0 + H),
      task: { id: taskId, title: taskId, status: "todo", estimated_hours: hours, depends_on: dependsOn },
    });
    expect((await postEvents(id, h.webhook_secret, { events: [task("a", 4), task("b", 6, ["a"])] })).status).toBe(200);

    const { outlook: o, task_metrics } = await readDashboard(id, h.viewer_token);
    // Nothing done: velocity 0, no estimate; the chain a → b is 10 h of the 46 h left.
    expect(task_metrics.velocity).toBe(0);
    expect(o).toMatchObject({ work_complete_at: null, critical_path_hours: 10, hours_left: 46, finishes_before_end: true });
    expect(o.verdict).toBe("on_track");
  });
});

describe("the outlook of a scripted hackathon", () => {
  const NOW = T0 + 20 * H;
  const END = T0 + 48 * H;

  const within = (actual: number, expected: number, of = Math.abs(expected)) =>
    expect(Math.abs(actual - expected), `${actual} vs ${expected}`).toBeLessThanOrEqual(0.1 * of);

  it("answers both questions within 10% of the hand calculation", async () => {
    const h = await createHackathon({ budget: { amount: 2000 }, starts_at: iso(T0), ends_at: iso(END) });
    const id = h.hackathon.id;
    await pinClock(id, NOW);
    const spend = Array.from({ length: 120 }, (_, i) => ({
      id: eventId("c"),
      type: "cost",
      ts: iso(T0 + (i + 1) * 10 * M),
      amount: 8.5,
    }));
    const task = (taskId: string, ts: number, fields: object) => ({
      id: eventId("t"),
      type: "task",
      ts: iso(ts),
      task: { id: taskId, title: taskId, weight: 1, ...fields },
    });
    const board = [
      task("done-1", T0 + 4 * H, { status: "done", estimated_hours: 3 }),
      task("done-2", T0 + 9 * H, { status: "done", estimated_hours: 2 }),
      task("done-3", T0 + 14 * H, { status: "done", estimated_hours: 4 }),
      task("done-4", T0 + 18 * H, { status: "done", estimated_hours: 1 }),
      task("api", T0 + H, { status: "in_progress", estimated_hours: 6 }),
      task("frontend", T0 + H, { status: "todo", estimated_hours: 8, depends_on: ["api"] }),
      task("integration", T0 + H, { status: "blocked", estimated_hours: 10, depends_on: ["frontend"] }),
      task("demo", T0 + H, { status: "todo", estimated_hours: 5, depends_on: ["integration"] }),
      task("docs", T0 + H, { status: "todo", estimated_hours: 3 }),
      task("slides", T0 + H, { status: "todo", depends_on: ["docs"] }),
    ];
    expect((await postEvents(id, h.webhook_secret, { events: [...spend, ...board] })).status).toBe(200);

    const state = await readDashboard(id, h.viewer_token);
    const o = state.outlook;
    expect(o).toMatchObject({ ends_at: iso(END), hours_left: 28, runs_out_before_end: true, finishes_before_end: false });
    within(o.projected_overrun, 448);
    within(Date.parse(o.budget_exhausted_at!) - NOW, 19.2 * H);
    expect(o.work_complete_at).toBe(state.task_metrics.estimated_completion);
    within(Date.parse(o.work_complete_at!) - NOW, 30 * H);
    expect(o.critical_path_hours).toBe(29);
    expect(o.verdict).toBe("over_budget_and_late");
    // The band holds the projection, and on a steady stream it is narrow.
    expect(o.projected_cost_low).toBeLessThanOrEqual(2000 + o.projected_overrun);
    expect(o.projected_cost_high).toBeGreaterThanOrEqual(2000 + o.projected_overrun);
    within(o.projected_cost_low, 2448);
    within(o.projected_cost_high, 2448);
    // The same figures as the cost part: one projection, one burn rate.
    within(state.cost_metrics.burn_rate, 51);
    expect(state.cost_metrics.projected_cost).toBeCloseTo(2000 + o.projected_overrun, 9);
    // /gaps reports the same critical path.
    const { body } = await apiJson<{ critical_path: { hours: number } }>(`/api/hackathons/${id}/gaps`, { token: h.viewer_token });
    expect(body.critical_path.hours).toBe(o.critical_path_hours);
  });
});
