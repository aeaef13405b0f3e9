import { Hono } from "hono";
import type { AppEnv } from "../app-env";
import { AlertListQuerySchema } from "../contract";
import { unwrap } from "../durable/outcome";
import { notFound } from "../errors";
import { requireViewer } from "../middleware/auth";
import { validate } from "../middleware/json-body";
import { wantsCsv } from "../lib/csv";
import { alertsCsv } from "../services/export/csv-exports";

/** Alert ids are ours (`alert-<n>`); anything else cannot exist, so it is a 404 without a round trip. */
const ALERT_ID = /^alert-\d{1,15}$/;

function alertIdOf(param: string | undefined): string {
  if (!param || !ALERT_ID.test(param)) throw notFound("No such alert");
  return param;
}

/** `/api/hackathons/:id/alerts…`, mounted below the hackathon routes (which resolve the room). */
export const alertRoutes = new Hono<AppEnv>()
  .get("/", requireViewer, validate("query", AlertListQuerySchema), async (c) => {
    const { alerts } = unwrap(await c.var.room.alerts(c.req.valid("query").status));
    return wantsCsv(c.req.raw) ? alertsCsv(c.var.hackathonId, alerts) : c.json({ alerts });
  })
  .get("/stream", requireViewer, async (c) => c.var.room.fetch(c.req.raw))
  .post("/:alert_id/ack", requireViewer, async (c) => c.json(unwrap(await c.var.room.acknowledgeAlert(alertIdOf(c.req.param("alert_id"))))))
  .post("/:alert_id/resolve", requireViewer, async (c) =>
    c.json(unwrap(await c.var.room.resolveAlert(alertIdOf(c.req.param("alert_id"))))),
  );
