import type { Alert } from "../../contract";
import { toIso, toIsoOrNull } from "../../lib/time";

type AlertRow = {
  id: string;
  type: string;
  severity: Alert["severity"];
  description: string;
  score: number;
  opened_at: number;
  recommended_actions: string;
  resolved_at: number | null;
};

export function readOpenAlerts(sql: SqlStorage, hackathonId: string): Alert[] {
  return sql
    .exec<AlertRow>("SELECT * FROM alerts WHERE resolved_at IS NULL ORDER BY opened_at DESC")
    .toArray()
    .map((row) => ({
      id: row.id,
      type: row.type,
      severity: row.severity,
      hackathon_id: hackathonId,
      description: row.description,
      score: row.score,
      timestamp: toIso(row.opened_at),
      recommended_actions: JSON.parse(row.recommended_actions) as string[],
      resolved: row.resolved_at !== null,
      resolution_time: toIsoOrNull(row.resolved_at),
    }));
}
