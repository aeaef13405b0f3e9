import { type Context, Hono } from "hono";
import type { AppEnv } from "../app-env";
import { HackathonIdSchema } from "../contract";
import { roomStub } from "../durable/room-stub";
import { AppError } from "../errors";
import { logLine } from "../lib/log";
import { spendLimit } from "../lib/rate-limiter";
import { bearerToken, isAdminToken } from "../middleware/auth";
import { RATE_LIMIT_POLICIES } from "../middleware/rate-limit";
import { encodingOf, type OtlpEncoding, readOtlpBody } from "../otlp/body";
import { decodeExport, OTLP_SIGNALS, type OtlpSignal } from "../otlp/decode";
import { readExport } from "../otlp/delivery";
import { OtlpRefusal } from "../otlp/refusal";
import { exportResponse, statusResponse } from "../otlp/respond";

/** One answer for a missing token, a wrong one and an id nobody created (docs/contract.md section 11). */
const unauthenticated = () => new OtlpRefusal(401, "Send the hackathon's ingest token as 'Authorization: Bearer <ingest_token>'");

/**
 * `POST /otlp/:id/v1/traces` and `/v1/metrics`: OTLP/HTTP (docs/contract.md section 11), answered in
 * OTLP's own encodings, never in section 5's error envelope. In order: the client's rate limit,
 * the token (before the body is read, so a stranger cannot make the Worker inflate 8 MiB),
 * the body, its decoding and reading; then the object checks the token again (it may have been
 * rotated meanwhile), applies the caps and stores. Only the ingest token ingests: another token
 * of the hackathon (viewer, operator) or the admin token is refused with 403, section 2's answer
 * to a role that is not enough, so no token meant for reading ends up in an app's exporter config.
 */
export const otlpRoutes = new Hono<AppEnv>().post("/:id/v1/:signal", async (c) => {
  const encoding = encodingOf(c.req.header("content-type") ?? null);
  try {
    const signal = c.req.param("signal") as OtlpSignal;
    if (!OTLP_SIGNALS.includes(signal)) throw new OtlpRefusal(404, "No such OTLP signal: this endpoint takes /v1/traces and /v1/metrics");
    const token = await authenticate(c);
    if (!encoding) throw new OtlpRefusal(415, "Send the body as application/x-protobuf or application/json");
    const bytes = await readOtlpBody(c.req.raw);
    const request = decodeExport(signal, encoding, bytes);
    const delivery = await readExport(signal, request, Date.now());
    const outcome = await c.var.room.ingestOtlp(token, delivery, c.get("requestId"));
    if (!outcome.ok) throw new OtlpRefusal(outcome.status as OtlpRefusal["status"], outcome.body.error.message, outcome.headers);
    return exportResponse(signal, encoding, outcome.value);
  } catch (error) {
    return refusalAnswer(c, error, encoding);
  }
});

/** The caller's ingest token, after the per-client rate limit; refuses with 401, 403 or 429. */
async function authenticate(c: Context<AppEnv>): Promise<string> {
  const id = c.req.param("id") ?? "";
  // A malformed id cannot have a token: the same 401 as a wrong token, and nothing is woken.
  if (!HackathonIdSchema.safeParse(id).success) throw unauthenticated();
  c.set("hackathonId", id);
  c.set("room", roomStub(c.env, id));
  const policy = RATE_LIMIT_POLICIES.webhooks;
  if (!(await spendLimit(c.env, "webhooks", policy.keyOf(c), c.var.requestId))) {
    throw new OtlpRefusal(429, `Too many requests; retry after ${policy.periodSeconds} s`, { "retry-after": String(policy.periodSeconds) });
  }
  const token = bearerToken(c);
  if (!token) throw unauthenticated();
  if (await isAdminToken(c, token)) throw new OtlpRefusal(403, "The admin token does not ingest; send the hackathon's ingest token");
  const role = await c.var.room.roleOf(token);
  if (role === null) throw unauthenticated();
  if (role !== "ingest") throw new OtlpRefusal(403, `A ${role} token does not ingest; send the hackathon's ingest token`);
  return token;
}

function refusalAnswer(c: Context<AppEnv>, error: unknown, encoding: OtlpEncoding | null): Response {
  if (error instanceof OtlpRefusal) return statusResponse(error, encoding);
  if (error instanceof AppError)
    return statusResponse(new OtlpRefusal(error.status as OtlpRefusal["status"], error.message, error.headers), encoding);
  logLine("error", "otlp ingest failed", { request_id: c.get("requestId"), error: error instanceof Error ? error.stack : String(error) });
  return statusResponse(new OtlpRefusal(503, "Something went wrong on our side; retry later"), encoding);
}
