// First: zod must be jitless before any module builds a schema (see the module).
import "./contract/zod-jitless";
import { Hono } from "hono";
import { HTTPException } from "hono/http-exception";
import type { AppEnv } from "./app-env";
import { getConfig } from "./config";
import { AppError, notFound } from "./errors";
import { healthRoutes } from "./routes/health";
import { metricsRoutes } from "./routes/metrics";
import { meRoutes } from "./routes/me";
import { hackathonRoutes } from "./routes/hackathons";
import { openApiRoutes } from "./routes/openapi";
import { otlpRoutes } from "./routes/otlp";
import { publicRoutes } from "./routes/public";
import { statusPageRoutes } from "./routes/status-page";
import { eventWebhookRoutes } from "./routes/webhooks/events";
import { senderWebhookRoutes } from "./routes/webhooks/senders";
import { fromHttpException } from "./errors-http";
import { logLine } from "./lib/log";
import { requestLog } from "./middleware/request-log";
import { requestMetrics } from "./observability/request-metrics";

const app = new Hono<AppEnv>();

app.use(requestLog);
app.use(requestMetrics);
// Fails every request loudly if vars or secrets are wrong, instead of misbehaving later.
app.use(async (c, next) => {
  getConfig(c.env);
  await next();
});
app.route("/", healthRoutes);
app.route("/", metricsRoutes);
app.route("/api/hackathons", hackathonRoutes);
app.route("/api", openApiRoutes);
app.route("/api", meRoutes);
app.route("/api/public", publicRoutes);
app.route("/status", statusPageRoutes);
app.route("/webhooks", eventWebhookRoutes);
app.route("/webhooks", senderWebhookRoutes);
app.route("/otlp", otlpRoutes);

app.notFound(() => notFound("No such route").toResponse());
app.onError((error, c) => {
  if (error instanceof AppError) return error.toResponse();
  if (error instanceof HTTPException) return fromHttpException(error).toResponse();
  logLine("error", "unhandled error", { request_id: c.get("requestId"), error: error instanceof Error ? error.stack : String(error) });
  return new AppError(500, "internal", "Something went wrong on our side").toResponse();
});

export default app;
export { HackathonRoom } from "./durable/hackathon-room";
