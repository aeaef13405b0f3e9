import { Hono } from "hono";
import type { AppEnv } from "../app-env";
import { unwrap } from "../durable/outcome";
import { rateLimit } from "../middleware/rate-limit";
import { withRoom } from "../middleware/room";

/** `/api/public/:id/status`: anyone may read a public hackathon's summary, from any origin. */
export const publicRoutes = new Hono<AppEnv>().get("/:id/status", rateLimit("public"), withRoom, async (c) => {
  const status = unwrap(await c.var.room.publicStatus());
  return c.json(status, 200, { "access-control-allow-origin": "*", "cache-control": "no-store" });
});
