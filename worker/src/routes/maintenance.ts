import { Hono } from "hono";
import type { AppEnv } from "../app-env";
import { MaintenanceCreateSchema } from "../contract";
import { unwrap } from "../durable/outcome";
import { notFound } from "../errors";
import { requireOperator, requireViewer } from "../middleware/auth";
import { limitBody, requireJsonContentType, validate } from "../middleware/json-body";

const WINDOW_ID = /^maintenance-\d{1,15}$/;
const BODY_LIMIT = 16 * 1024;

function windowIdOf(param: string | undefined): string {
  if (!param || !WINDOW_ID.test(param)) throw notFound("No such maintenance window");
  return param;
}

/**
 * `/api/hackathons/:id/maintenance…`: viewers see the plan; an operator (or the admin) plans
 * or ends a window, which also changes what the public status page says (CONTRACT section 2).
 */
export const maintenanceRoutes = new Hono<AppEnv>()
  .get("/", requireViewer, async (c) => c.json(unwrap(await c.var.room.maintenance())))
  .post("/", requireOperator, limitBody(BODY_LIMIT), requireJsonContentType, validate("json", MaintenanceCreateSchema), async (c) =>
    c.json(unwrap(await c.var.room.createMaintenance(c.req.valid("json"), c.var.by)), 201),
  )
  .delete("/:window_id", requireOperator, async (c) => c.json(unwrap(await c.var.room.endMaintenance(windowIdOf(c.req.param("window_id"))))));
