import { Hono } from "hono";
import type { AppEnv } from "../app-env";
import { SilenceCreateSchema } from "../contract";
import { unwrap } from "../durable/outcome";
import { notFound } from "../errors";
import { requireOperator, requireViewer } from "../middleware/auth";
import { limitBody, requireJsonContentType, validate } from "../middleware/json-body";

const SILENCE_ID = /^silence-\d{1,15}$/;
const BODY_LIMIT = 16 * 1024;

function silenceIdOf(param: string | undefined): string {
  if (!param || !SILENCE_ID.test(param)) throw notFound("No such silence");
  return param;
}

/** `/api/hackathons/:id/silences…`: viewers see them; whoever may acknowledge alerts (an operator) may also mute them for a while. */
export const silenceRoutes = new Hono<AppEnv>()
  .get("/", requireViewer, async (c) => c.json(unwrap(await c.var.room.silences())))
  .post("/", requireOperator, limitBody(BODY_LIMIT), requireJsonContentType, validate("json", SilenceCreateSchema), async (c) =>
    c.json(unwrap(await c.var.room.createSilence(c.req.valid("json"), c.var.by)), 201),
  )
  .delete("/:silence_id", requireOperator, async (c) => c.json(unwrap(await c.var.room.expireSilence(silenceIdOf(c.req.param("silence_id"))))));
