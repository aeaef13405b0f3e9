import type { InboundEvent, WebhookAccepted } from "../../contract";
import { minuteOf } from "../../lib/time";
import { bumpCounter } from "../counters";
import { recordBoardChange } from "../figures/completion-gaps";
import { applyCostEvent } from "../figures/cost";
import { countDuplicates } from "../figures/health";
import { applyMetricEvent } from "../figures/metrics";
import { attributeSpend } from "../figures/spend-by-service";
import { applyTaskEvent } from "../figures/tasks";
import { applyTokenEvent } from "../figures/tokens";
import { admitEvents, skippedTasksReason, type CapMode } from "./caps";
import { ChangeSet, earliest } from "./changes";
import { SOURCE_OF_EVENT } from "./event-sources";
import { TEST_METRIC_NAME } from "./test-event";
import { type EventOrigin, isSendersOwn } from "./origin";

/** Inserts the event's dedup row; false when the id was seen before. */
function insertEvent(sql: SqlStorage, event: InboundEvent, ts: number, receivedAt: number, origin: EventOrigin): boolean {
  const cursor = sql.exec(
    "INSERT INTO events (id, type, ts, received_at, body, origin) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO NOTHING",
    event.id,
    event.type,
    ts,
    receivedAt,
    JSON.stringify(event),
    origin,
  );
  return cursor.rowsWritten > 0;
}

function applyEvent(sql: SqlStorage, event: InboundEvent, ts: number, receivedAt: number, own: boolean, changes: ChangeSet): void {
  switch (event.type) {
    case "cost":
      attributeSpend(sql, event.id, ts, event.service, applyCostEvent(sql, event.id, ts, event, own));
      changes.kinds.add("cost");
      changes.sources.add("cost");
      changes.costFrom = earliest(changes.costFrom, ts);
      return;
    case "token":
      applyTokenEvent(sql, event.id, ts, event, receivedAt, own);
      changes.kinds.add("tokens");
      changes.sources.add("tokens");
      changes.tokensFrom = earliest(changes.tokensFrom, ts);
      changes.tokenMinutes.add(minuteOf(ts));
      return;
    case "task":
      applyTaskEvent(sql, ts, event.task);
      changes.kinds.add("tasks");
      changes.sources.add("tasks");
      changes.tasksFrom = earliest(changes.tasksFrom, ts);
      return;
    case "metric": {
      applyMetricEvent(sql, ts, event);
      changes.kinds.add("metric");
      // The console's probe says nothing about whether the team's own metrics flow: their source's hysteresis stays put.
      if (event.name !== TEST_METRIC_NAME) changes.sources.add("performance");
      const minutes = changes.metricMinutes.get(event.name) ?? new Set<number>();
      minutes.add(minuteOf(ts));
      changes.metricMinutes.set(event.name, minutes);
      return;
    }
  }
}

function countAccepted(sql: SqlStorage, accepted: Array<{ event: InboundEvent }>, origin: EventOrigin): void {
  const byType = new Map<string, number>();
  for (const { event } of accepted) byType.set(event.type, (byType.get(event.type) ?? 0) + 1);
  for (const [type, n] of byType) bumpCounter(sql, "events_accepted", { origin, type }, n);
}

/**
 * Stores and applies every new event within the per-hackathon caps (`caps`: refuse the
 * request, or skip new tasks); repeats of a known id are counted, not applied. The caller
 * runs this inside one storage transaction, so a request is all or nothing.
 */
export function storeEvents(sql: SqlStorage, events: InboundEvent[], receivedAt: number, origin: EventOrigin, caps: CapMode) {
  const changes = new ChangeSet();
  const result: WebhookAccepted = { accepted: 0, duplicates: 0 };
  const admitted = admitEvents(sql, events, caps, receivedAt);
  if (admitted.skippedTasks > 0) result.ignored = skippedTasksReason(admitted.skippedTasks);
  for (const event of admitted.events) {
    const ts = Date.parse(event.ts);
    if (!insertEvent(sql, event, ts, receivedAt, origin)) {
      result.duplicates += 1;
      countDuplicates(sql, SOURCE_OF_EVENT[event.type], 1);
      continue;
    }
    result.accepted += 1;
    const own = isSendersOwn(event.id, origin);
    applyEvent(sql, event, ts, receivedAt, own, changes);
    changes.accepted.push({ event, ts, own });
  }
  countAccepted(sql, changes.accepted, origin);
  // A new dependency cycle is logged here, where tasks change, never by a read of /gaps.
  if (changes.kinds.has("tasks")) recordBoardChange(sql, receivedAt);
  return { result, changes };
}
