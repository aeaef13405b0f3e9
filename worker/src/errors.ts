import type { ErrorBody, ErrorCode, ErrorIssue } from "./contract";

type ErrorStatus = 400 | 401 | 403 | 404 | 409 | 413 | 415 | 429 | 500;

/** Every refusal the API makes, rendered in the contract's error envelope. */
export class AppError extends Error {
  constructor(
    readonly status: ErrorStatus,
    readonly code: ErrorCode,
    message: string,
    readonly issues: ErrorIssue[] = [],
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }

  toBody(): ErrorBody {
    return { error: { code: this.code, message: this.message, issues: this.issues } };
  }

  toResponse(): Response {
    return Response.json(this.toBody(), { status: this.status, headers: this.headers });
  }
}

export function formatIssuePath(path: readonly PropertyKey[]): string {
  return path.map(String).join(".");
}

/** Anything shaped like a zod error (classic or core). */
type IssueList = { issues: ReadonlyArray<{ path: readonly PropertyKey[]; message: string }> };

export function zodIssues(error: IssueList, prefix: readonly PropertyKey[] = []): ErrorIssue[] {
  return error.issues.map((issue) => ({
    path: formatIssuePath([...prefix, ...issue.path]),
    message: issue.message,
  }));
}

export const validationFailed = (issues: ErrorIssue[], message = "The request does not match the schema") =>
  new AppError(400, "validation_failed", message, issues);
export const badRequest = (message: string) => new AppError(400, "bad_request", message);
export const unauthorized = (message = "Missing or invalid credentials") => new AppError(401, "unauthorized", message);
export const forbidden = (message = "This credential's role may not do that") => new AppError(403, "forbidden", message);
/** A per-hackathon cap (docs/contract.md section 5) would be passed; nothing was stored. */
export const limitExceeded = (message: string, issues: ErrorIssue[] = []) => new AppError(400, "limit_exceeded", message, issues);
export const notFound = (message = "Not found") => new AppError(404, "not_found", message);
export const conflict = (message: string) => new AppError(409, "conflict", message);
export const payloadTooLarge = (limitBytes: number) =>
  new AppError(413, "payload_too_large", `The body is larger than ${limitBytes} bytes`);
export const rateLimited = (retryAfterSeconds: number) =>
  new AppError(429, "rate_limited", `Too many requests; retry after ${retryAfterSeconds} s`, [], {
    "retry-after": String(retryAfterSeconds),
  });
export const unsupportedMediaType = () => new AppError(415, "unsupported_media_type", "Send the body as application/json");
