import { Hono } from "hono";
import type { AppEnv } from "../app-env";
import { ChannelCreateSchema, ChannelIdSchema } from "../contract";
import { unwrap } from "../durable/outcome";
import { notFound } from "../errors";
import { requireHackathonAdmin } from "../middleware/auth";
import { limitBody, requireJsonContentType, validate } from "../middleware/json-body";

const CHANNEL_BODY_LIMIT = 16 * 1024;

/** Channel ids are ours; anything else cannot exist, so it is a 404 without a round trip. */
function channelIdOf(param: string | undefined): string {
  if (!param || !ChannelIdSchema.safeParse(param).success) throw notFound("No such channel");
  return param;
}

/** `/api/hackathons/:id/channels…`: where alerts are sent. Admin only: receiver URLs are credentials. */
export const channelRoutes = new Hono<AppEnv>()
  .use("*", requireHackathonAdmin)
  .post("/", limitBody(CHANNEL_BODY_LIMIT), requireJsonContentType, validate("json", ChannelCreateSchema), async (c) =>
    c.json(unwrap(await c.var.room.createChannel(c.req.valid("json"), c.var.by)), 201),
  )
  .get("/", async (c) => c.json(unwrap(await c.var.room.channels())))
  .delete("/:channel_id", async (c) => {
    unwrap(await c.var.room.deleteChannel(channelIdOf(c.req.param("channel_id")), c.var.by));
    return c.body(null, 204);
  })
  .post("/:channel_id/test", async (c) => c.json(unwrap(await c.var.room.testChannel(channelIdOf(c.req.param("channel_id")))), 202))
  .get("/:channel_id/deliveries", async (c) => c.json(unwrap(await c.var.room.channelDeliveries(channelIdOf(c.req.param("channel_id"))))));
