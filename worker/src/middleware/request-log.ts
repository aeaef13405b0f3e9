import { createMiddleware } from "hono/factory";
import type { AppEnv } from "../app-env";
import { logLine } from "../lib/log";

/** A caller's own id is kept if it looks like one; anything else could forge or flood log lines. */
const CALLER_ID = /^[A-Za-z0-9._:-]{1,128}$/;

function requestIdOf(request: Request): string {
  for (const header of ["x-request-id", "cf-ray"]) {
    const value = request.headers.get(header);
    if (value && CALLER_ID.test(value)) return value;
  }
  return crypto.randomUUID();
}

/**
 * Gives each request a correlation id (the caller's `x-request-id`, Cloudflare's `cf-ray`, or
 * a new one), returns it as `x-request-id` and logs the request when it ends. Only the path is
 * logged, never the query: tickets and push tokens travel there.
 */
export const requestLog = createMiddleware<AppEnv>(async (c, next) => {
  const requestId = requestIdOf(c.req.raw);
  c.set("requestId", requestId);
  const started = Date.now();
  await next();
  c.header("x-request-id", requestId);
  const status = c.res.status;
  logLine(status >= 500 ? "error" : "info", "request", {
    request_id: requestId,
    method: c.req.method,
    path: c.req.path,
    status,
    duration_ms: Date.now() - started,
  });
});
