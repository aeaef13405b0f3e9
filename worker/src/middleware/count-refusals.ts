import { createMiddleware } from "hono/factory";
import type { AppEnv } from "../app-env";
import type { ErrorCode } from "../contract";
import { AppError } from "../errors";
import { logLine } from "../lib/log";

/**
 * The refusals a webhook route makes itself, before the hackathon's object sees the body.
 * Everything else (signature, validation, archived) is refused, and counted, by the object.
 * Rate-limited requests are not counted: that would wake the very object the limit shields.
 */
const REFUSED_BEFORE_THE_ROOM: ReadonlySet<ErrorCode> = new Set(["payload_too_large", "unsupported_media_type"]);

/** Has the hackathon's object count a delivery this route refused; counting never changes the answer. */
export const countRouteRefusals = createMiddleware<AppEnv>(async (c, next) => {
  await next();
  const error = c.error;
  if (!(error instanceof AppError) || !REFUSED_BEFORE_THE_ROOM.has(error.code)) return;
  try {
    await c.var.room.recordRefusal(error.code);
  } catch (failure) {
    logLine("warn", "counting a refusal failed", { request_id: c.get("requestId"), error: String(failure) });
  }
});
