import type { Hackathon, HackathonSummary } from "../../contract";
import type { Db } from "../../db/client";
import { listRegistry } from "../../db/queries/hackathons";
import { toIsoOrNull } from "../../lib/time";

type RegistryRecord = Awaited<ReturnType<typeof listRegistry>>[number];

export function toHackathonSummary(row: RegistryRecord): HackathonSummary {
  const hackathon = JSON.parse(row.config) as Hackathon;
  return {
    ...hackathon,
    status: row.status as Hackathon["status"],
    summary: {
      current_spend: row.currentSpend,
      budget_used: row.budgetUsed,
      burn_rate: row.burnRate,
      percent_complete: row.percentComplete,
      estimated_completion: row.estimatedCompletion,
      token_rate: row.tokenRate,
      open_alerts: JSON.parse(row.openAlerts),
      source_modes: JSON.parse(row.sourceModes),
      updated_at: toIsoOrNull(row.summaryUpdatedAt),
    },
  };
}

/** Every hackathon with its headline figures, from the D1 registry the objects keep current. */
export async function listHackathons({ db }: { db: Db }): Promise<HackathonSummary[]> {
  return (await listRegistry(db)).map(toHackathonSummary);
}
