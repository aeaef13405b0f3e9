// Evidence for reconciliation: what the object's own event log says about a stretch of time,
// so a drift from the provider's figure can be classified (hysteresis/classify-drift.ts).
import type { SourceName } from "../../contract";
import type { ReconcileEvidence } from "../hysteresis/reconcile";
import { EVENT_TYPE_OF_SOURCE } from "../ingest/event-sources";

/** Facts from the object's own log of webhook events about [from, to], for classifying a drift. */
export function gatherEvidence(
  sql: SqlStorage,
  source: SourceName,
  range: { from: number; to: number; recentSince: number },
  providerDataUntil: number | null,
): ReconcileEvidence {
  const type = EVENT_TYPE_OF_SOURCE[source];
  const stats = sql
    .exec<{ n: number; latest: number | null; first: number | null; gap: number | null }>(
      `SELECT COUNT(*) AS n, MAX(ts) AS latest, MIN(ts) AS first, MAX(gap) AS gap FROM (
         SELECT ts, ts - LAG(ts) OVER (ORDER BY ts) AS gap FROM events
         WHERE type = ? AND origin = 'webhook' AND ts >= ? AND ts <= ?)`,
      type,
      range.from,
      range.to,
    )
    .one();
  const edges = stats.n === 0 ? range.to - range.from : Math.max(stats.first! - range.from, range.to - stats.latest!);
  // Only recent deliveries speak to a sender's clock; a deliberate back-fill is old on purpose.
  // Only a stamp ahead of arrival is skew; one behind it is a late delivery (classify-drift.ts).
  const skew = sql
    .exec<{ ahead: number | null; late: number | null }>(
      `SELECT MAX(ts - received_at) AS ahead, MAX(received_at - ts) AS late
       FROM events WHERE type = ? AND origin = 'webhook' AND received_at >= ?`,
      type,
      range.recentSince,
    )
    .one();
  const duplicates = sql.exec<{ n: number }>("SELECT duplicates AS n FROM source_health WHERE source = ?", source).one();
  return {
    eventCount: stats.n,
    duplicateIds: duplicates.n,
    longestGapMs: Math.max(edges, stats.gap ?? 0),
    latestEventAt: stats.latest,
    providerDataUntil,
    maxClockSkewMs: Math.max(0, skew.ahead ?? 0),
    maxDeliveryDelayMs: Math.max(0, skew.late ?? 0),
  };
}
