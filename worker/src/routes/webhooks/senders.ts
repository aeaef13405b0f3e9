import { Hono } from "hono";
import type { AppEnv } from "../../app-env";
import { MAX_WEBHOOK_BODY_BYTES } from "../../contract";
import { unwrap } from "../../durable/outcome";
import { notFound } from "../../errors";
import { SENDER_NAMES, type SenderName } from "../../integrations/senders";
import { countRouteRefusals } from "../../middleware/count-refusals";
import { limitBody, signedBodyBytes } from "../../middleware/json-body";
import { rateLimit } from "../../middleware/rate-limit";
import { withRoom } from "../../middleware/room";

const isSenderName = (name: string): name is SenderName => (SENDER_NAMES as readonly string[]).includes(name);

/**
 * `POST /webhooks/:id/github` and `/gcp-billing`: the raw delivery goes to the hackathon's
 * object, which authenticates it with the sender's own scheme and applies what it means.
 */
export const senderWebhookRoutes = new Hono<AppEnv>().post(
  "/:id/:sender",
  withRoom,
  rateLimit("webhooks"),
  countRouteRefusals,
  limitBody(MAX_WEBHOOK_BODY_BYTES),
  async (c) => {
    const name = c.req.param("sender");
    if (!isSenderName(name)) throw notFound("No such webhook");
    const headers: Record<string, string> = {};
    c.req.raw.headers.forEach((value, key) => {
      headers[key.toLowerCase()] = value;
    });
    // Hono's query object has no prototype, which RPC cannot serialise: copy it to a plain one.
    const query = { ...c.req.query() };
    const answer = unwrap(
      await c.var.room.ingestFrom(name, { body: await signedBodyBytes(c.req.raw), headers, query }, c.get("requestId")),
    );
    return answer.status === 204 ? c.body(null, 204) : c.json(answer.body);
  },
);
