import type { DashboardState } from "../../contract";
import type { RegistryRow } from "../../db/queries/hackathons";
import { toPublicHackathon, type RoomRecord } from "../room-record";

/** The hackathon's row in the D1 overview: public config plus its headline figures. */
export function registryRow(record: RoomRecord, state: DashboardState, now: number): RegistryRow {
  const openAlerts = { info: 0, warning: 0, critical: 0 };
  for (const alert of state.alerts) openAlerts[alert.severity] += 1;
  const sourceModes = Object.fromEntries(Object.entries(state.hysteresis_health).map(([name, h]) => [name, h.mode]));
  return {
    id: record.config.id,
    name: record.config.name,
    status: record.config.status,
    config: JSON.stringify(toPublicHackathon(record)),
    members: JSON.stringify(record.config.members ?? {}),
    currentSpend: state.cost_metrics.current_spend,
    budgetUsed: state.cost_metrics.current_spend / record.config.budget.amount,
    burnRate: state.cost_metrics.burn_rate,
    percentComplete: state.task_metrics.percent_complete,
    estimatedCompletion: state.task_metrics.estimated_completion,
    tokenRate: state.token_metrics.current_rate,
    openAlerts: JSON.stringify(openAlerts),
    sourceModes: JSON.stringify(sourceModes),
    createdAt: record.createdAt,
    summaryUpdatedAt: now,
  };
}
