import { Hono } from "hono";
import type { AppEnv } from "../app-env";
import { requireAdmin } from "../middleware/auth";
import { EXPOSITION_CONTENT_TYPE } from "../observability/exposition";
import { collectMetrics } from "../services/metrics/collect";

/** Prometheus scrape target: every hackathon's gauges and counters, and this isolate's request latency. */
export const metricsRoutes = new Hono<AppEnv>().get("/metrics", requireAdmin, async (c) =>
  c.body(await collectMetrics({ env: c.env }), 200, { "content-type": EXPOSITION_CONTENT_TYPE, "cache-control": "no-store" }),
);
