import { Hono } from "hono";
import { createMiddleware } from "hono/factory";
import type { AppEnv } from "../app-env";
import packageJson from "../../../package.json";
import { HealthQuerySchema } from "../contract";
import { requireAdmin } from "../middleware/auth";
import { validate } from "../middleware/json-body";
import { checkDeepHealth } from "../services/health/check-deep";

const isDeep = (deep: string | undefined) => deep === "1" || deep === "true";

/** Liveness is public; the deep check names every hackathon, so it takes the admin token. */
const adminWhenDeep = createMiddleware<AppEnv>(async (c, next) => (isDeep(c.req.query("deep")) ? requireAdmin(c, next) : next()));

export const healthRoutes = new Hono<AppEnv>().get("/healthz", validate("query", HealthQuerySchema), adminWhenDeep, async (c) => {
  if (!isDeep(c.req.valid("query").deep)) return c.json({ ok: true as const, version: packageJson.version });
  const health = await checkDeepHealth({ env: c.env, now: Date.now() });
  return c.json(health, health.ok ? 200 : 503);
});
