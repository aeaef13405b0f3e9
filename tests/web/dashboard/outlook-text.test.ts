import { describe, expect, it } from "vitest";
import type { DashboardState, Outlook } from "$contract";
import { outlookText, sideOfEnd } from "$lib/dashboard/outlook-text";
import { makeDashboardState, makeOutlook } from "../fixtures/dashboard-state";

const gb = { locale: "en-GB", timeZone: "UTC" };
// Saturday 28 November 2026, 10:00 UTC.
const now = new Date("2026-11-28T10:00:00Z");

/** A $2,000 hackathon at `now` with the given outlook, spend and task figures. */
function stateWith(
  outlook: Partial<Outlook>,
  figures: { spend?: number; projected?: number; completed?: number; total?: number } = {},
): DashboardState {
  const base = makeDashboardState({ budget: 2000 });
  const spend = figures.spend ?? 900;
  return {
    ...base,
    ends_at: outlook.ends_at === undefined ? base.ends_at : outlook.ends_at,
    cost_metrics: {
      ...base.cost_metrics,
      current_spend: spend,
      budget_remaining: 2000 - spend,
      projected_cost: figures.projected ?? 1640,
    },
    task_metrics: { ...base.task_metrics, completed_tasks: figures.completed ?? 3, total_tasks: figures.total ?? 10 },
    outlook: makeOutlook(outlook),
  };
}

describe("outlookText: money", () => {
  it("says when the money runs out, how long before the end, and by how much it is projected over", () => {
    const state = stateWith(
      { ends_at: "2026-11-28T23:20:00Z", budget_exhausted_at: "2026-11-28T14:20:00Z", runs_out_before_end: true, projected_overrun: 4100 },
      { projected: 6100 },
    );
    expect(outlookText(state, now, gb).money).toEqual({
      text: "Money runs out at 14:20 — 9 h before the end — projected over by US$4,100.00",
      tone: "bad",
    });
    expect(outlookText(state, now, { locale: "en-US", timeZone: "UTC" }).money.text).toBe(
      "Money runs out at 2:20 PM — 9 h before the end — projected over by $4,100.00",
    );
  });

  it("says the money lasts, with the projection against the budget", () => {
    const state = stateWith({ runs_out_before_end: false, budget_exhausted_at: "2026-11-30T10:00:00Z", projected_overrun: 0 });
    expect(outlookText(state, now, gb).money).toEqual({
      text: "Money lasts to the end — projected US$1,640.00 of US$2,000.00",
      tone: "good",
    });
  });

  it("says the money has run out once spend has reached the budget", () => {
    const state = stateWith({ budget_exhausted_at: now.toISOString(), runs_out_before_end: true, projected_overrun: 900 }, { spend: 2100 });
    expect(outlookText(state, now, gb).money).toEqual({
      text: "Money has run out — US$100.00 over budget now — projected over by US$900.00",
      tone: "bad",
    });
  });

  it("cannot judge without an end: it says when the money runs out at this rate, and that no end is set", () => {
    const state = stateWith({ ends_at: null, hours_left: null, runs_out_before_end: null, budget_exhausted_at: "2026-11-29T02:00:00Z" });
    expect(outlookText(state, now, gb).money).toEqual({
      text: "Money runs out at Sun 02:00 at this burn rate — no end set",
      tone: "unknown",
    });
  });

  it("says nothing is being spent when the burn rate is 0 and there is no end to judge by", () => {
    const state = stateWith({
      ends_at: null,
      hours_left: null,
      runs_out_before_end: null,
      budget_exhausted_at: null,
      projected_overrun: 0,
    });
    expect(outlookText(state, now, gb).money).toEqual({
      text: "Nothing is being spent now — US$1,100.00 of US$2,000.00 left",
      tone: "unknown",
    });
  });

  it("gives the projection's band while there is an end ahead, and none without one or after it", () => {
    const ahead = stateWith({ projected_cost_low: 1500, projected_cost_high: 1800 });
    expect(outlookText(ahead, now, gb).band).toBe("Likely spend by the end: US$1,500.00 to US$1,800.00");
    expect(outlookText(stateWith({ ends_at: null, hours_left: null }), now, gb).band).toBeNull();
    expect(outlookText(stateWith({ hours_left: 0 }), now, gb).band).toBeNull();
    expect(outlookText(stateWith({ projected_cost_low: 1640, projected_cost_high: 1640 }), now, gb).band).toBeNull();
  });
});

describe("outlookText: work", () => {
  it("says when the work is done, how long after the end, and the critical path against the time left", () => {
    const state = stateWith({
      ends_at: "2026-11-28T20:00:00Z",
      hours_left: 21.6,
      work_complete_at: "2026-11-29T02:00:00Z",
      finishes_before_end: false,
      critical_path_hours: 25,
    });
    expect(outlookText(state, now, gb).work).toEqual({
      text: "Work done at Sun 02:00 — 6 h after the end; critical path 25 h, 21.6 h left",
      tone: "bad",
    });
  });

  it("says the work is done before the end, in good tone", () => {
    const state = stateWith({
      work_complete_at: "2026-11-29T02:00:00Z",
      finishes_before_end: true,
      critical_path_hours: 12,
      hours_left: 22,
    });
    expect(outlookText(state, now, gb).work).toEqual({
      text: "Work done at Sun 02:00 — 6 h before the end; critical path 12 h, 22 h left",
      tone: "good",
    });
  });

  it("is late when the critical path is longer than the time left, even if the velocity says otherwise", () => {
    const state = stateWith({
      work_complete_at: "2026-11-29T02:00:00Z",
      finishes_before_end: false,
      critical_path_hours: 30,
      hours_left: 22,
    });
    expect(outlookText(state, now, gb).work).toEqual({
      text: "Work done at Sun 02:00 — 6 h before the end; but the critical path alone needs 30 h and only 22 h are left",
      tone: "bad",
    });
  });

  it("says there is nothing to project from without tasks or without finished work", () => {
    expect(
      outlookText(
        stateWith({ finishes_before_end: null, work_complete_at: null, critical_path_hours: 0 }, { total: 0, completed: 0 }),
        now,
        gb,
      ).work,
    ).toEqual({
      text: "No tasks on the board yet: nothing to project",
      tone: "unknown",
    });
    const stuck = stateWith(
      { work_complete_at: null, finishes_before_end: null, critical_path_hours: 8, hours_left: 22 },
      { completed: 0 },
    );
    expect(outlookText(stuck, now, gb).work).toEqual({
      text: "No work finished yet to project from; critical path 8 h, 22 h left",
      tone: "unknown",
    });
  });

  it("says all work is done once every task is", () => {
    const state = stateWith({ work_complete_at: now.toISOString(), finishes_before_end: true, critical_path_hours: 0 }, { completed: 10 });
    expect(outlookText(state, now, gb).work).toEqual({ text: "All work done", tone: "good" });
  });

  it("names the missing end, and the passed one, instead of comparing with it", () => {
    const noEnd = stateWith({
      ends_at: null,
      hours_left: null,
      finishes_before_end: null,
      work_complete_at: "2026-12-06T02:00:00Z",
      critical_path_hours: 25,
    });
    expect(outlookText(noEnd, now, gb).work.text).toBe("Work done at Sun 6 Dec, 02:00 — no end set; critical path 25 h");
    const ended = stateWith({
      hours_left: 0,
      finishes_before_end: false,
      work_complete_at: "2026-11-29T12:00:00Z",
      critical_path_hours: 4,
    });
    expect(outlookText(ended, now, gb).work.text).toBe("Work done at Sun 12:00 — 4 h after the end; critical path 4 h, the end has passed");
  });
});

describe("outlookText: verdict", () => {
  it.each([
    ["on_track", "On track", "✓", "good"],
    ["over_budget", "Over budget", "!", "bad"],
    ["late", "Late", "!", "bad"],
    ["over_budget_and_late", "Over budget and late", "!!", "bad"],
    ["unknown", "Unknown", "?", "unknown"],
  ] as const)("names %s in words with a symbol beside its colour", (verdict, label, symbol, tone) => {
    expect(outlookText(stateWith({ verdict }), now, gb).verdict).toEqual({ label, symbol, tone });
  });
});

describe("sideOfEnd", () => {
  it("says how far before or after the end a moment falls", () => {
    const end = "2026-11-28T20:00:00Z";
    expect(sideOfEnd("2026-11-28T11:00:00Z", end, gb)).toBe("9 h before the end");
    expect(sideOfEnd("2026-11-28T21:30:00Z", end, gb)).toBe("1.5 h after the end");
    expect(sideOfEnd("2026-11-28T19:40:00Z", end, gb)).toBe("20 min before the end");
    expect(sideOfEnd("2026-12-04T20:00:00Z", end, gb)).toBe("6 days after the end");
    expect(sideOfEnd(end, end, gb)).toBe("at the end");
    expect(sideOfEnd(null, end, gb)).toBeNull();
    expect(sideOfEnd(end, null, gb)).toBeNull();
  });
});
