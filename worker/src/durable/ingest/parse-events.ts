import { parseEventsPayload, type ErrorIssue, type InboundEvent } from "../../contract";
import { badRequest, validationFailed, zodIssues } from "../../errors";

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

/** Parses a webhook body into events, or throws with every violation and its path. */
export function parseEventsBody(body: string, context: { currency: string; now: number }): InboundEvent[] {
  const parsed = parseEventsPayload(parseJson(body));
  if (!parsed.success) throw validationFailed(zodIssues(parsed.error));
  const { events, batch } = parsed;
  const issues = contextIssues(events, (i) => (batch ? ["events", i] : []), context.currency, context.now);
  if (issues.length > 0) throw validationFailed(issues);
  return events;
}
