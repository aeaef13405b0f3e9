import { logLine } from "../lib/log";

/**
 * What made the object do the work a log line is about: a Worker request, by the id the
 * Worker logged it under, or one of the object's own timers.
 */
export type LogCause = { request_id: string } | { timer: string };

/** The cause of work done for a request, when the Worker sent its id. */
export const requestCause = (requestId: string | undefined): LogCause | undefined => (requestId ? { request_id: requestId } : undefined);

/** An error line of the object's, carrying its cause so it can be joined with the request or timer. */
export function logDurableError(msg: string, fields: Record<string, unknown>, cause: LogCause | undefined): void {
  logLine("error", msg, { ...fields, ...cause });
}
