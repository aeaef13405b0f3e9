import { sql } from "drizzle-orm";
import type { Alert } from "../../contract";
import type { Db } from "../client";
import { alertHistory } from "../schema";

/** 7 rows x 14 columns stays within D1's 100 bound parameters per statement. */
const ROWS_PER_STATEMENT = 7;

const toRow = (alert: Alert) => ({
  hackathonId: alert.hackathon_id,
  id: alert.id,
  type: alert.type,
  severity: alert.severity,
  series: alert.series,
  description: alert.description,
  score: alert.score,
  openedAt: Date.parse(alert.timestamp),
  acknowledgedAt: alert.acknowledged_at ? Date.parse(alert.acknowledged_at) : null,
  resolvedAt: alert.resolution_time ? Date.parse(alert.resolution_time) : null,
  resolvedBy: alert.resolved_by,
  occurrences: alert.occurrences,
  incidentId: alert.incident_id,
  body: JSON.stringify(alert),
});

export function upsertAlertHistoryStatements(db: Db, alerts: Alert[]) {
  const statements = [];
  for (let i = 0; i < alerts.length; i += ROWS_PER_STATEMENT) {
    const rows = alerts.slice(i, i + ROWS_PER_STATEMENT).map(toRow);
    statements.push(
      db
        .insert(alertHistory)
        .values(rows)
        .onConflictDoUpdate({
          target: [alertHistory.hackathonId, alertHistory.id],
          set: {
            severity: sql`excluded.severity`,
            description: sql`excluded.description`,
            score: sql`excluded.score`,
            acknowledgedAt: sql`excluded.acknowledged_at`,
            resolvedAt: sql`excluded.resolved_at`,
            resolvedBy: sql`excluded.resolved_by`,
            occurrences: sql`excluded.occurrences`,
            incidentId: sql`excluded.incident_id`,
            body: sql`excluded.body`,
          },
        }),
    );
  }
  return statements;
}

export async function readAlertHistory(db: Db, hackathonId: string) {
  return db
    .select()
    .from(alertHistory)
    .where(sql`${alertHistory.hackathonId} = ${hackathonId}`)
    .orderBy(sql`${alertHistory.openedAt} DESC`);
}
