import { SOURCE_NAMES, type DashboardState, type PublicState, type PublicStatus, type SourceName } from "../../contract";
import { toIso } from "../../lib/time";
import { publicMaintenance } from "../alerts/mute-windows";
import { readPublicIncidents } from "../alerts/public-incidents";
import { readUptime } from "../figures/uptime";
import type { RoomRecord } from "../room-record";

type Modes = Record<SourceName, DashboardState["hysteresis_health"][SourceName]["mode"]>;

/**
 * Maintenance while a planned window is active (whatever else happens is expected then);
 * incident while any incident or critical alert is open; degraded while any source is
 * degraded (its figures can no longer be confirmed); otherwise operational. Polling is
 * operational: the figures still come from the provider; so is idle: a quiet sender with
 * no poller is not a fault (docs/contract.md section 9).
 */
export function publicState(input: { inMaintenance: boolean; openIncidents: number; criticalAlerts: number; modes: Modes }): PublicState {
  if (input.inMaintenance) return "maintenance";
  if (input.openIncidents > 0 || input.criticalAlerts > 0) return "incident";
  if (Object.values(input.modes).some((mode) => mode === "degraded")) return "degraded";
  return "operational";
}

const round = (x: number, places: number) => Math.round(x * 10 ** places) / 10 ** places;

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
  return {
    id: record.config.id,
    name: record.config.name,
    status: record.config.status,
    state: publicState({
      inMaintenance: maintenance.some((m) => m.status === "active"),
      openIncidents: incidents.filter((i) => i.status === "open").length,
      criticalAlerts: dashboard.alerts.filter((a) => a.severity === "critical").length,
      modes,
    }),
    starts_at: dashboard.starts_at,
    ends_at: dashboard.ends_at,
    percent_complete: round(dashboard.task_metrics.percent_complete, 1),
    budget_used: round(Math.max(0, dashboard.cost_metrics.current_spend) / record.config.budget.amount, 3),
    sources,
    incidents,
    maintenance,
    updated_at: toIso(now),
  };
}
