import { HACKATHON_STATUSES, type HackathonSummary } from "$contract";

type HackathonStatus = HackathonSummary["status"];

export const SORT_KEYS = ["name", "status", "spend", "used", "burn", "complete", "eta", "tokens", "alerts"] as const;
export type SortKey = (typeof SORT_KEYS)[number];
export type SortDirection = "ascending" | "descending";
export interface SortOrder {
  key: SortKey;
  direction: SortDirection;
}

const weightedAlerts = (h: HackathonSummary) => {
  const a = h.summary.open_alerts;
  return a.critical * 1e6 + a.warning * 1e3 + a.info;
};

// Missing ETAs sort last whichever way: "no estimate" is not earlier or later than any date.
const SORT_VALUE: Record<SortKey, (h: HackathonSummary) => string | number | null> = {
  name: (h) => h.name.toLocaleLowerCase(),
  status: (h) => h.status,
  spend: (h) => h.summary.current_spend,
  used: (h) => h.summary.budget_used,
  burn: (h) => h.summary.burn_rate,
  complete: (h) => h.summary.percent_complete,
  eta: (h) => (h.summary.estimated_completion ? Date.parse(h.summary.estimated_completion) : null),
  tokens: (h) => h.summary.token_rate,
  alerts: weightedAlerts,
};

/** A sorted copy; ties keep the name order so rows do not jump between refreshes. */
export function sortHackathons(hackathons: readonly HackathonSummary[], { key, direction }: SortOrder): HackathonSummary[] {
  const value = SORT_VALUE[key];
  const sign = direction === "ascending" ? 1 : -1;
  return [...hackathons].sort((a, b) => {
    const va = value(a);
    const vb = value(b);
    if (va !== vb) {
      if (va === null) return 1;
      if (vb === null) return -1;
      return (va < vb ? -1 : 1) * sign;
    }
    return a.name.localeCompare(b.name) || a.id.localeCompare(b.id);
  });
}

/** Clicking the sorted column flips its direction; another column starts ascending (numbers: descending). */
export function nextSortOrder(current: SortOrder, key: SortKey): SortOrder {
  if (current.key === key) return { key, direction: current.direction === "ascending" ? "descending" : "ascending" };
  return { key, direction: key === "name" || key === "status" || key === "eta" ? "ascending" : "descending" };
}

export function filterByStatus(hackathons: readonly HackathonSummary[], status: HackathonStatus | "all"): HackathonSummary[] {
  return status === "all" ? [...hackathons] : hackathons.filter((h) => h.status === status);
}

/** The status filter a `<select>` value stands for; anything unknown means all. */
export function toStatusFilter(value: string): HackathonStatus | "all" {
  return HACKATHON_STATUSES.find((status) => status === value) ?? "all";
}
