// Figures: the outlook, the organiser's two questions on one clock: will the money last to the
// end, and will the work be done by it? (docs/contract.md section 7; docs/API.md, "Outlook").
import type { Outlook } from "../../contract";
import { DAY_MS, HOUR_MS, toIso, toIsoOrNull } from "../../lib/time";
import type { BurnEstimate } from "./burn-rate";
import { readCriticalPathHours } from "./completion-gaps";
import { currentSpend, projectedCostAt } from "./cost";

/** A date further out than this says "not at this pace"; past ~270,000 years no Date can even hold it. */
const MAX_EXHAUSTION_MS = 100 * 365 * DAY_MS;

export type OutlookInput = {
  now: number;
  endsAt: number | null;
  budget: number;
  /** Spend to date (cost_metrics.current_spend). */
  spend: number;
  burn: BurnEstimate;
  /** task_metrics.estimated_completion, as sent. */
  workCompleteAt: string | null;
  criticalPathHours: number;
};

/** When spend reaches the budget on the projection's line: now if already there, null when it never will at this pace. */
function budgetExhaustedAt({ now, budget, spend, burn }: OutlookInput): number | null {
  if (spend >= budget) return now;
  if (burn.rate <= 0) return null;
  const at = burn.measuredTo + ((budget - spend) / burn.rate) * HOUR_MS;
  if (at - now > MAX_EXHAUSTION_MS) return null;
  // Money the line says ran out between the last report and now is out now: the report is still to come.
  return Math.max(now, at);
}

/**
 * docs/contract.md section 7, read as written: false when the work is estimated to finish after
 * the end or its critical path is longer than the time left; null only when neither side can be
 * known; otherwise true. A critical path known to fit is one side known, so with no estimate
 * (velocity 0) it still says true: the contract leaves "nobody works on it" to `work_complete_at`.
 */
function finishesBeforeEnd(input: OutlookInput, hoursLeft: number | null): boolean | null {
  const { endsAt, workCompleteAt, criticalPathHours } = input;
  const afterEnd = workCompleteAt === null || endsAt === null ? null : Date.parse(workCompleteAt) > endsAt;
  const pathTooLong = hoursLeft === null ? null : criticalPathHours > hoursLeft;
  if (afterEnd === true || pathTooLong === true) return false;
  return afterEnd === null && pathTooLong === null ? null : true;
}

function verdictOf(over: boolean | null, late: boolean | null): Outlook["verdict"] {
  if (over && late) return "over_budget_and_late";
  if (over) return "over_budget";
  if (late) return "late";
  return over === null && late === null ? "unknown" : "on_track";
}

/** The outlook from figures already read. Pure. */
export function computeOutlook(input: OutlookInput): Outlook {
  const { now, endsAt, budget, spend, burn } = input;
  const hoursLeft = endsAt === null ? null : Math.max(0, endsAt - now) / HOUR_MS;
  const projectedCost = projectedCostAt(spend, burn.rate, burn.measuredTo, endsAt);
  const runsOutBeforeEnd = endsAt === null ? null : spend >= budget || projectedCost > budget;
  const finishes = finishesBeforeEnd(input, hoursLeft);
  // Without an end there is no "before the end", but spend already past the budget is over it.
  const over = runsOutBeforeEnd ?? (spend >= budget ? true : null);
  return {
    ends_at: endsAt === null ? null : toIso(endsAt),
    hours_left: hoursLeft,
    budget_exhausted_at: toIsoOrNull(budgetExhaustedAt(input)),
    runs_out_before_end: runsOutBeforeEnd,
    projected_overrun: Math.max(0, projectedCost - budget),
    projected_cost_low: projectedCostAt(spend, burn.low, burn.measuredTo, endsAt),
    projected_cost_high: projectedCostAt(spend, burn.high, burn.measuredTo, endsAt),
    work_complete_at: input.workCompleteAt,
    finishes_before_end: finishes,
    critical_path_hours: input.criticalPathHours,
    verdict: verdictOf(over, finishes === null ? null : !finishes),
  };
}

/** What the outlook is read against: the burn estimate and the work estimate the cost and task parts read too. */
export type OutlookContext = Pick<OutlookInput, "now" | "endsAt" | "budget" | "burn" | "workCompleteAt">;

/** The outlook as of `now`, from the ledger, the board and the figures already read. */
export function readOutlook(sql: SqlStorage, context: OutlookContext): Outlook {
  return computeOutlook({ ...context, spend: currentSpend(sql), criticalPathHours: readCriticalPathHours(sql) });
}
