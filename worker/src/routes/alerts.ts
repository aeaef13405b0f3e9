import { Hono } from "hono";
import type { AppEnv } from "../app-env";
import { AlertListQuerySchema } from "../contract";
import { unwrap } from "../durable/outcome";
import { notFound } from "../errors";
import { readerGrant, requireOperator, requireViewer } from "../middleware/auth";
import { withReaderGrant } from "../durable/credentials";
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
    const { status, from, to } = c.req.valid("query");
    const { alerts } = unwrap(await c.var.room.alerts(status, { from, to }));
    return wantsCsv(c.req.raw) ? alertsCsv(c.var.hackathonId, alerts) : c.json({ alerts });
  })
  // The object learns who opened the stream, so that rotation can end the streams of the old tokens.
  .get("/stream", requireViewer, async (c) => c.var.room.fetch(withReaderGrant(c.req.raw, readerGrant(c))))
  .post("/:alert_id/ack", requireOperator, async (c) =>
    c.json(unwrap(await c.var.room.acknowledgeAlert(alertIdOf(c.req.param("alert_id")), c.var.by))),
  )
  .post("/:alert_id/resolve", requireOperator, async (c) =>
    c.json(unwrap(await c.var.room.resolveAlert(alertIdOf(c.req.param("alert_id")), c.var.by))),
  );
