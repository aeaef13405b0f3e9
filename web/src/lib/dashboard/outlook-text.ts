import type { DashboardState, Outlook } from "$contract";
import { type FormatOptions, formatHours, formatMoment, formatMoney } from "$lib/format/format";

/** good: on the right side of the end; bad: on the wrong side; unknown: cannot be judged yet. */
export type OutlookTone = "good" | "bad" | "unknown";

export interface OutlookLine {
  text: string;
  tone: OutlookTone;
}

export interface OutlookVerdict {
  label: string;
  /** A glyph beside the label, so the badge never speaks by colour alone. */
  symbol: string;
  tone: OutlookTone;
}

export interface OutlookText {
  verdict: OutlookVerdict;
  money: OutlookLine;
  /** The projection's uncertainty band at the end, when there is an end to project to. */
  band: string | null;
  work: OutlookLine;
}

const VERDICTS: Record<Outlook["verdict"], OutlookVerdict> = {
  on_track: { label: "On track", symbol: "✓", tone: "good" },
  over_budget: { label: "Over budget", symbol: "!", tone: "bad" },
  late: { label: "Late", symbol: "!", tone: "bad" },
  over_budget_and_late: { label: "Over budget and late", symbol: "!!", tone: "bad" },
  unknown: { label: "Unknown", symbol: "?", tone: "unknown" },
};

const HOUR_MS = 3_600_000;
/** Closer to the end than this reads as "at the end", not "0 min before" it. */
const SAME_MOMENT_HOURS = 1 / 120;

/** "6 h after the end" / "9 h before the end"; null when either time is missing. */
export function sideOfEnd(at: string | null, endsAt: string | null, opts: FormatOptions = {}): string | null {
  if (!at || !endsAt) return null;
  const hours = (Date.parse(at) - Date.parse(endsAt)) / HOUR_MS;
  if (Number.isNaN(hours)) return null;
  if (Math.abs(hours) < SAME_MOMENT_HOURS) return "at the end";
  return `${formatHours(hours, opts)} ${hours > 0 ? "after" : "before"} the end`;
}

const toneOf = (fine: boolean | null): OutlookTone => (fine === null ? "unknown" : fine ? "good" : "bad");

function moneyLine(state: DashboardState, now: Date, opts: FormatOptions): OutlookLine {
  const { outlook, budget, cost_metrics: cost } = state;
  const money = (value: number) => formatMoney(value, state.currency, opts);
  const overrun = outlook.projected_overrun > 0 ? ` — projected over by ${money(outlook.projected_overrun)}` : "";
  if (cost.current_spend >= budget) {
    return { text: `Money has run out — ${money(cost.current_spend - budget)} over budget now${overrun}`, tone: "bad" };
  }
  if (outlook.runs_out_before_end === false) {
    return { text: `Money lasts to the end — projected ${money(cost.projected_cost)} of ${money(budget)}`, tone: "good" };
  }
  if (outlook.budget_exhausted_at === null) {
    return { text: `Nothing is being spent now — ${money(cost.budget_remaining)} of ${money(budget)} left`, tone: "unknown" };
  }
  const runsOut = `Money runs out at ${formatMoment(outlook.budget_exhausted_at, now, opts)}`;
  const side = sideOfEnd(outlook.budget_exhausted_at, outlook.ends_at, opts);
  if (outlook.runs_out_before_end === null || side === null) return { text: `${runsOut} at this burn rate — no end set`, tone: "unknown" };
  return { text: `${runsOut} — ${side}${overrun}`, tone: "bad" };
}

function bandLine(state: DashboardState, opts: FormatOptions): string | null {
  const { outlook } = state;
  if (!outlook.ends_at || outlook.hours_left === 0 || outlook.projected_cost_high <= outlook.projected_cost_low) return null;
  const money = (value: number) => formatMoney(value, state.currency, opts);
  return `Likely spend by the end: ${money(outlook.projected_cost_low)} to ${money(outlook.projected_cost_high)}`;
}

/** `paceOnTime`: the velocity alone says the work is done by the end (so a longer critical path needs a "but"). */
function criticalPathClause(outlook: Outlook, opts: FormatOptions, paceOnTime = false): string {
  if (outlook.critical_path_hours <= 0) return "";
  const path = `; critical path ${formatHours(outlook.critical_path_hours, opts)}`;
  if (outlook.hours_left === null) return path;
  if (outlook.hours_left === 0) return `${path}, the end has passed`;
  const left = formatHours(outlook.hours_left, opts);
  // The pace can promise an early finish while one chain of tasks alone outlasts the time left.
  if (paceOnTime && outlook.critical_path_hours > outlook.hours_left) {
    return `; but the critical path alone needs ${formatHours(outlook.critical_path_hours, opts)} and only ${left} are left`;
  }
  return `${path}, ${left} left`;
}

function workLine(state: DashboardState, now: Date, opts: FormatOptions): OutlookLine {
  const { outlook, task_metrics: tasks } = state;
  const tone = toneOf(outlook.finishes_before_end);
  const paceOnTime =
    outlook.work_complete_at !== null && outlook.ends_at !== null && Date.parse(outlook.work_complete_at) <= Date.parse(outlook.ends_at);
  const path = criticalPathClause(outlook, opts, paceOnTime);
  if (tasks.total_tasks === 0) return { text: "No tasks on the board yet: nothing to project", tone: "unknown" };
  if (tasks.completed_tasks >= tasks.total_tasks) return { text: "All work done", tone: "good" };
  if (outlook.work_complete_at === null) return { text: `No work finished yet to project from${path}`, tone };
  const done = `Work done at ${formatMoment(outlook.work_complete_at, now, opts)}`;
  const side = sideOfEnd(outlook.work_complete_at, outlook.ends_at, opts) ?? "no end set";
  return { text: `${done} — ${side}${path}`, tone };
}

/** The outlook in words: will the money last to the end, will the work be done by it, and one verdict. */
export function outlookText(state: DashboardState, now: Date, opts: FormatOptions = {}): OutlookText {
  return {
    verdict: VERDICTS[state.outlook.verdict],
    money: moneyLine(state, now, opts),
    band: bandLine(state, opts),
    work: workLine(state, now, opts),
  };
}
