import type { Db } from "../../db/client";
import { upsertAlertHistoryStatements } from "../../db/queries/alert-history";
import { upsertRegistryStatement, type RegistryRow } from "../../db/queries/hackathons";
import { findAlert } from "../alerts/store";
import { upsertSeriesPointsStatements, type SeriesPointRow } from "../../db/queries/series-points";
import { seriesValueAt, type SeriesContext } from "./series-values";

/** Rows per flush; keeps one D1 batch well inside its limits and a flush short. */
const FLUSH_BATCH_ROWS = 500;
const FLUSH_BATCH_ALERTS = 100;

type DirtyRow = { series: string; minute: number; version: number };

/**
 * Writes pending rollups, changed alerts (and the registry row) to D1 in one batch, then forgets exactly the
 * rows it wrote. Rows re-marked while the batch was in flight keep their new version and stay.
 * If D1 fails nothing is forgotten: the caller retries later.
 */
export async function flushHistory(args: {
  sql: SqlStorage;
  db: Db;
  hackathonId: string;
  context: SeriesContext;
  registry: RegistryRow | null;
}): Promise<{ written: number; remaining: number }> {
  const { sql, db, hackathonId, context, registry } = args;
  const dirty = sql.exec<DirtyRow>("SELECT series, minute, version FROM history_dirty ORDER BY minute LIMIT ?", FLUSH_BATCH_ROWS).toArray();
  const points: SeriesPointRow[] = [];
  for (const row of dirty) {
    const value = seriesValueAt(sql, row.series, row.minute, context);
    if (value !== null && Number.isFinite(value)) points.push({ series: row.series, minute: row.minute, value });
  }
  const dirtyAlerts = sql
    .exec<{ id: string; version: number }>("SELECT id, version FROM alerts WHERE version > flushed_version LIMIT ?", FLUSH_BATCH_ALERTS)
    .toArray();
  const alerts = dirtyAlerts.flatMap((row) => findAlert(sql, row.id, hackathonId)?.alert ?? []);
  const statements = [
    ...upsertSeriesPointsStatements(db, hackathonId, points),
    ...upsertAlertHistoryStatements(db, alerts),
    ...(registry ? [upsertRegistryStatement(db, registry)] : []),
  ];
  if (statements.length > 0) {
    const [first, ...rest] = statements;
    await db.batch([first!, ...rest]);
  }
  for (const row of dirty) {
    sql.exec("DELETE FROM history_dirty WHERE series = ? AND minute = ? AND version = ?", row.series, row.minute, row.version);
  }
  for (const row of dirtyAlerts) sql.exec("UPDATE alerts SET flushed_version = ? WHERE id = ?", row.version, row.id);
  const remaining =
    sql.exec<{ n: number }>("SELECT COUNT(*) AS n FROM history_dirty").one().n +
    sql.exec<{ n: number }>("SELECT COUNT(*) AS n FROM alerts WHERE version > flushed_version").one().n;
  return { written: points.length, remaining };
}
