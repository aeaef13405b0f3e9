import type { SenderVerdict } from "../../integrations/sender";
import { taskStateApplied } from "../figures/tasks";

/**
 * `X-GitHub-Delivery` is not signed, so a captured delivery can be replayed under a new one.
 * A delivery whose every task is already on the board in that state (or a newer one) changes
 * nothing and is a duplicate (docs/contract.md section 4), whatever its delivery id says.
 */
export function replayAsDuplicate(verdict: SenderVerdict, sql: SqlStorage): SenderVerdict {
  if (verdict.kind !== "events" || verdict.events.length === 0) return verdict;
  const applied = verdict.events.every((event) => event.type === "task" && taskStateApplied(sql, Date.parse(event.ts), event.task));
  return applied ? { kind: "duplicate" } : verdict;
}
