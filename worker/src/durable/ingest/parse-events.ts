import { MAX_DEPENDS_ON, parseEventsPayload, type ErrorIssue, type InboundEvent } from "../../contract";
import { badRequest, limitExceeded, validationFailed, zodIssues } from "../../errors";
import { priceTokenEvents } from "../../integrations/price-token-events";

/** Events may be stamped a little ahead of our clock (sender skew), not more. */
export const MAX_FUTURE_SKEW_MS = 5 * 60_000;

function parseJson(body: string): unknown {
  try {
    return JSON.parse(body);
  } catch {
    throw badRequest("The body is not valid JSON");
  }
}

/** Checks the schema can't express: the hackathon's currency, and timestamps from the future. */
function contextIssues(events: InboundEvent[], prefix: (i: number) => (string | number)[], currency: string, now: number) {
  const issues: ErrorIssue[] = [];
  events.forEach((event, i) => {
    const path = prefix(i);
    if (event.type === "cost" && event.currency !== undefined && event.currency !== currency) {
      issues.push({ path: [...path, "currency"].join("."), message: `must be ${currency}, the hackathon's currency` });
    }
    if (Date.parse(event.ts) > now + MAX_FUTURE_SKEW_MS) {
      issues.push({ path: [...path, "ts"].join("."), message: "is more than 5 minutes in the future" });
    }
  });
  return issues;
}

/** A task with too many dependencies passes a per-task cap (docs/contract.md section 5), not just the schema. */
const isDependsOnCap = (issue: { code: string; path: readonly PropertyKey[] }) =>
  issue.code === "too_big" && issue.path.at(-1) === "depends_on";

/**
 * Parses a webhook body into events, or throws with every violation and its path: 400
 * `limit_exceeded` when every one is a task's `depends_on` past its cap, else `validation_failed`.
 * `pathOf(i)` is where event `i` sits in the body, for later refusals (the per-hackathon caps).
 * Token events without a `cost` are priced from the model price table (docs/contract.md section 4).
 */
export function parseEventsBody(body: string, context: { currency: string; now: number }) {
  const parsed = parseEventsPayload(parseJson(body));
  if (!parsed.success) {
    const issues = zodIssues(parsed.error);
    if (parsed.error.issues.every(isDependsOnCap)) throw limitExceeded(`A task has more than ${MAX_DEPENDS_ON} dependencies`, issues);
    throw validationFailed(issues);
  }
  const { events, batch } = parsed;
  const pathOf = (i: number): (string | number)[] => (batch ? ["events", i] : []);
  const issues = contextIssues(events, pathOf, context.currency, context.now);
  if (issues.length > 0) throw validationFailed(issues);
  return { events: priceTokenEvents(events), pathOf };
}
