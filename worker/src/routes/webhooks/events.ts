import { Hono } from "hono";
import type { AppEnv } from "../../app-env";
import { MAX_WEBHOOK_BODY_BYTES } from "../../contract";
import { unwrap } from "../../durable/outcome";
import { limitBody, requireJsonContentType } from "../../middleware/json-body";
import { withRoom } from "../../middleware/room";

/** Pitwall's own signed events; the hackathon's object verifies, dedups and applies them. */
export const eventWebhookRoutes = new Hono<AppEnv>().post(
  "/:id/events",
  withRoom,
  requireJsonContentType,
  limitBody(MAX_WEBHOOK_BODY_BYTES),
  async (c) => {
    const body = await c.req.text();
    const result = await c.var.room.ingest(body, {
      id: c.req.header("webhook-id") ?? null,
      timestamp: c.req.header("webhook-timestamp") ?? null,
      signature: c.req.header("webhook-signature") ?? null,
    });
    return c.json(unwrap(result));
  },
);
