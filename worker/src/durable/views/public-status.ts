import {
  type PublicBudgetLevel,
  type DashboardState,
  type PublicIncident,
  type PublicState,
  type PublicStatus,
  SOURCE_NAMES,
  type SourceName,
  type Thresholds,
} from "../../contract";
import { toIso } from "../../lib/time";
import { publicMaintenance } from "../alerts/mute-windows";
import { readPublicIncidents } from "../alerts/public-incidents";
import { readUptime } from "../figures/uptime";
import type { RoomRecord } from "../room-record";

type Modes = Record<SourceName, DashboardState["hysteresis_health"][SourceName]["mode"]>;

/**
 * Incident exactly while the listed incidents include an open one (docs/contract.md section 10:
 * "the page says incident exactly when it lists an open incident", maintenance or not; an open
 * critical budget alert is listed as one); else maintenance while a planned window is active
 * (the window is still listed); degraded while any source is degraded (its figures can no longer
 * be confirmed); otherwise operational. Polling is operational: the figures still come from the
 * provider; so is idle: a quiet sender with no poller is not a fault (docs/contract.md section 9).
 */
export function publicState(input: { inMaintenance: boolean; incidents: PublicIncident[]; modes: Modes }): PublicState {
  if (input.incidents.some((incident) => incident.status === "open")) return "incident";
  if (input.inMaintenance) return "maintenance";
  if (Object.values(input.modes).some((mode) => mode === "degraded")) return "degraded";
  return "operational";
}

const round = (x: number, places: number) => Math.round(x * 10 ** places) / 10 ** places;

/**
 * Where the used share of the budget stands against the hackathon's own thresholds: over once
 * the budget is spent (whatever the thresholds), critical at or above budget_critical, warning
 * at or above budget_warning, ok below.
 */
export function budgetLevel(used: number, thresholds: Pick<Thresholds, "budget_warning" | "budget_critical">): PublicBudgetLevel {
  if (used > 1) return "over";
  if (used >= thresholds.budget_critical) return "critical";
  if (used >= thresholds.budget_warning) return "warning";
  return "ok";
}

/**
 * The public summary of a hackathon, built from its dashboard state (already computed and
 * cached by the object) plus the mode timeline and the incidents' public labels.
 */
export function readPublicStatus(ctx: { sql: SqlStorage; record: RoomRecord; now: number; dashboard: DashboardState }): PublicStatus {
  const { sql, record, now, dashboard } = ctx;
  const modes = Object.fromEntries(SOURCE_NAMES.map((s) => [s, dashboard.hysteresis_health[s]?.mode ?? "event"])) as Modes;
  const start = Date.parse(record.config.starts_at);
  const end = record.config.ends_at ? Math.min(now, Date.parse(record.config.ends_at)) : now;
  const uptime = readUptime(sql, { start, end }, modes);
  const incidents = readPublicIncidents(sql, now);
  const maintenance = publicMaintenance(sql, now);
  const sources = Object.fromEntries(
    SOURCE_NAMES.map((source) => [
      source,
      { mode: modes[source], healthy_share: uptime[source].healthyShare, uptime: uptime[source].uptime },
    ]),
  ) as PublicStatus["sources"];
  const { thresholds } = record.config;
  const budgetUsed = round(Math.max(0, dashboard.cost_metrics.current_spend) / record.config.budget.amount, 3);
  return {
    id: record.config.id,
    name: record.config.name,
    status: record.config.status,
    state: publicState({ inMaintenance: maintenance.some((m) => m.status === "active"), incidents, modes }),
    starts_at: dashboard.starts_at,
    ends_at: dashboard.ends_at,
    percent_complete: round(dashboard.task_metrics.percent_complete, 1),
    budget_used: budgetUsed,
    budget_level: budgetLevel(budgetUsed, thresholds),
    budget_thresholds: { warning: thresholds.budget_warning, critical: thresholds.budget_critical },
    sources,
    incidents,
    maintenance,
    updated_at: toIso(now),
  };
}
