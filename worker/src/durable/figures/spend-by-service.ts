// Figures: spend to date by the billing `service` of cost events (docs/API.md, "Spend by service").
import type { CostMetrics } from "../../contract";
import { MAX_SERVICE_ROWS, serviceLabel } from "./service-label";

// Each cost ledger row adds its increment over the figure before it to its event's service: an
// `amount` its amount, a `total` the rise (or fall) of the cumulative figure since the row before
// it. The increments telescope, so the services always add up to current_spend, and spend a
// `total` reports beyond what was already counted goes to the service that reported it, or to
// "(unattributed)" when it names none (a budget notification, a poll, a reconciliation).
// Kept as a running sum per service (cost_by_service, '' for unattributed), so a read never
// walks the ledger.

function addSpend(sql: SqlStorage, service: string | null, spend: number): void {
  sql.exec(
    `INSERT INTO cost_by_service (service, spend) VALUES (?, ?)
     ON CONFLICT (service) DO UPDATE SET spend = spend + excluded.spend`,
    service ?? "",
    spend,
  );
}

/**
 * Attributes a cost event just put in the ledger with its `increment` over the row before it
 * (figures/cost.ts `applyCostEvent` answers it). Put in before a later `total` (back-fill), it
 * moves that total's base by its own increment, so the total's increment shrinks by as much:
 * taken back from the total's service. The `amount` rows in between keep theirs.
 */
export function attributeSpend(sql: SqlStorage, eventId: string, ts: number, service: string | undefined, increment: number): void {
  addSpend(sql, service ?? null, increment);
  const nextTotal = sql
    .exec<{ service: string | null }>(
      "SELECT service FROM cost_ledger WHERE (ts, event_id) > (?, ?) AND total IS NOT NULL ORDER BY ts, event_id LIMIT 1",
      ts,
      eventId,
    )
    .toArray()[0];
  if (nextTotal && increment !== 0) addSpend(sql, nextTotal.service, -increment);
}

/** Sums of many increments carry float dust (1e-17 where a service is at 0): shown to a nano-unit. */
const tidy = (spend: number) => Math.round(spend * 1e9) / 1e9 || 0;

/** Spend to date per service, largest first; no "(unattributed)" row while it is zero. */
export function readSpendByService(sql: SqlStorage): CostMetrics["by_service"] {
  return (
    sql
      .exec<{ service: string; spend: number }>(
        "SELECT service, spend FROM cost_by_service ORDER BY spend DESC, service LIMIT ?",
        MAX_SERVICE_ROWS,
      )
      .toArray()
      .map((row) => ({ service: serviceLabel(row.service), spend: tidy(row.spend), unattributed: row.service === "" }))
      // An unattributed row that nets to nothing (a correction taken back) is noise, not a service.
      .filter((row) => !(row.unattributed && row.spend === 0))
      .map(({ service, spend }) => ({ service, spend }))
  );
}
