import type { ErrorCode } from "../../contract";
import { bumpCounter } from "../counters";

/** Why an inbound delivery was refused, in the words an operator looks for on a dashboard. */
const REASON_OF: Record<ErrorCode, string> = {
  unauthorized: "signature",
  forbidden: "forbidden",
  limit_exceeded: "limit_exceeded",
  validation_failed: "validation",
  bad_request: "malformed",
  conflict: "archived",
  payload_too_large: "too_large",
  unsupported_media_type: "media_type",
  rate_limited: "rate_limited",
  not_found: "not_found",
  internal: "internal",
};

export const refusalReason = (code: ErrorCode): string => REASON_OF[code];

/**
 * Counts one refused delivery. Unknown hackathons are never counted (the caller checks),
 * and a refusal changes nothing else, so this write is all it leaves behind.
 */
export function countRefusal(sql: SqlStorage, code: ErrorCode): void {
  bumpCounter(sql, "refused", { reason: refusalReason(code) });
}
