import { Hono } from "hono";
import type { AppEnv } from "../../app-env";
import { MAX_WEBHOOK_BODY_BYTES } from "../../contract";
import { unwrap } from "../../durable/outcome";
import { countRouteRefusals } from "../../middleware/count-refusals";
import { limitBody, requireJsonContentType, signedBodyBytes } from "../../middleware/json-body";
import { rateLimit } from "../../middleware/rate-limit";
import { withRoom } from "../../middleware/room";

/** Pitwall's own signed events; the hackathon's object verifies, dedups and applies them. */
export const eventWebhookRoutes = new Hono<AppEnv>().post(
  "/:id/events",
  withRoom,
  rateLimit("webhooks"),
  countRouteRefusals,
  requireJsonContentType,
  limitBody(MAX_WEBHOOK_BODY_BYTES),
  async (c) => {
    const body = await signedBodyBytes(c.req.raw);
    const headers = {
      id: c.req.header("webhook-id") ?? null,
      timestamp: c.req.header("webhook-timestamp") ?? null,
      signature: c.req.header("webhook-signature") ?? null,
    };
    const result = await c.var.room.ingest(body, headers, c.get("requestId"));
    return c.json(unwrap(result));
  },
);
