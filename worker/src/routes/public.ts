import { Hono } from "hono";
import { cors } from "hono/cors";
import type { AppEnv } from "../app-env";
import { unwrap } from "../durable/outcome";
import { rateLimit } from "../middleware/rate-limit";
import { withRoom } from "../middleware/room";

/**
 * `/api/public/:id/status`: anyone may read a public hackathon's summary, from any origin. CORS
 * comes first so a page elsewhere can also read a 404 or a 429 and its Retry-After.
 */
export const publicRoutes = new Hono<AppEnv>().get(
  "/:id/status",
  cors({ origin: "*", exposeHeaders: ["Retry-After"] }),
  rateLimit("public"),
  withRoom,
  async (c) => {
    const status = unwrap(await c.var.room.publicStatus());
    return c.json(status, 200, { "cache-control": "no-store" });
  },
);
