import type { PublicBudgetLevel, PublicState, PublicStatus, SourceName } from "../contract";

export const STATE_LABELS: Record<PublicState, string> = {
  operational: "Operational",
  degraded: "Degraded",
  incident: "Incident",
  maintenance: "Maintenance",
};

export const STATE_SENTENCES: Record<PublicState, string> = {
  operational: "All systems operational",
  degraded: "Some figures cannot be confirmed right now",
  incident: "An incident is in progress",
  maintenance: "Planned maintenance is in progress",
};

export const SOURCE_LABELS: Record<SourceName, string> = {
  cost: "Cost",
  tasks: "Tasks",
  tokens: "Tokens",
  performance: "Performance",
};

/** Idle reads "Quiet": the sender has nothing new to say and no poller checks it; nothing is wrong. */
export const MODE_LABELS = { event: "Live", idle: "Quiet", polling: "Polling", degraded: "Degraded" } as const;

/** "2026-11-28 10:00 UTC": the same in every browser and without JavaScript. */
export function formatUtc(iso: string): string {
  return `${iso.slice(0, 10)} ${iso.slice(11, 16)} UTC`;
}

export const percentText = (value: number) => `${Math.round(value)}%`;

/**
 * Words beside the budget bar, so its level never rests on colour alone. `{warning}` and
 * `{critical}` stand for the thresholds as percentages; the live script fills them the same way.
 */
export const BUDGET_LEVEL_TEXTS: Record<PublicBudgetLevel, string> = {
  ok: "Under the {warning} warning level",
  warning: "Past the {warning} warning level",
  critical: "Past the {critical} critical level",
  over: "Over budget",
};

export function budgetLevelText(status: Pick<PublicStatus, "budget_level" | "budget_thresholds">): string {
  const { warning, critical } = status.budget_thresholds;
  return BUDGET_LEVEL_TEXTS[status.budget_level]
    .replace("{warning}", percentText(warning * 100))
    .replace("{critical}", percentText(critical * 100));
}

/** What the live script says in place of "updates live" once it cannot reach the server. */
export const CANNOT_UPDATE_TEXT = "Cannot update — showing figures from {time}";
