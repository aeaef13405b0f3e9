import type { Hackathon, HackathonSummary, Members } from "../../contract";
import type { Db } from "../../db/client";
import { listRegistry } from "../../db/queries/hackathons";
import { memberRole } from "../../lib/members";
import { toIsoOrNull } from "../../lib/time";
import { originOf } from "../../outbound/url-policy";

type RegistryRecord = Awaited<ReturnType<typeof listRegistry>>[number];

/**
 * Rows written before reads cut poll URLs to their origin and listed `credentials_set`
 * (each room rewrites its row on its next flush or config change): read them in today's shape.
 */
function currentShape(hackathon: Hackathon): Hackathon {
  const sources = Object.fromEntries(
    Object.entries(hackathon.sources).map(([name, source]) => {
      if (!source.poll || Array.isArray(source.poll.credentials_set)) return [name, source];
      const poll: Record<string, unknown> = { ...source.poll, credentials_set: [] };
      for (const field of ["url", "api_base_url"]) if (typeof poll[field] === "string") poll[field] = originOf(poll[field]);
      return [name, { ...source, poll }];
    }),
  ) as Hackathon["sources"];
  return { ...hackathon, sources };
}

/** One overview row; `members` only for an admin. */
export function toHackathonSummary(row: RegistryRecord, withMembers = false): HackathonSummary {
  const hackathon = currentShape(JSON.parse(row.config) as Hackathon);
  return {
    ...hackathon,
    ...(withMembers ? { members: JSON.parse(row.members) as Members } : {}),
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

/**
 * The hackathons with their headline figures, from the D1 registry the objects keep current:
 * every one for an admin (`member` null), else those whose `members` give that email a role.
 * Filtered here rather than in SQL: a domain entry (`*@example.com`) matches many emails, and
 * the registry holds one row per hackathon, a few hundred at most.
 */
export async function listHackathons({ db, member }: { db: Db; member: string | null }): Promise<HackathonSummary[]> {
  const rows = await listRegistry(db);
  if (member === null) return rows.map((row) => toHackathonSummary(row, true));
  return rows.filter((row) => memberRole(JSON.parse(row.members) as Members, member) !== null).map((row) => toHackathonSummary(row));
}
