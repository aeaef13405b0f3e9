import { Hono } from "hono";
import type { AppEnv } from "../app-env";
import {
  AuditQuerySchema,
  HackathonCreateSchema,
  HackathonUpdateSchema,
  HistoryQuerySchema,
  RcaQuerySchema,
  type RcaResponse,
} from "../contract";
import { createDb } from "../db/client";
import { unwrap } from "../durable/outcome";
import { readerGrant, requireAdmin, requireAdminOrPerson, requireHackathonAdmin, requireOperator, requireViewer } from "../middleware/auth";
import { limitBody, requireJsonContentType, validate } from "../middleware/json-body";
import { rateLimit } from "../middleware/rate-limit";
import { roomStub } from "../durable/room-stub";
import { withRoom } from "../middleware/room";
import { listHackathons } from "../services/hackathons/list";
import { readHistory } from "../services/history/read";
import { wantsCsv } from "../lib/csv";
import { historyCsv, rcaCsv } from "../services/export/csv-exports";
import { alertRoutes } from "./alerts";
import { maintenanceRoutes, silenceRoutes } from "./mute-windows";
import { channelRoutes } from "./channels";

const CONFIG_BODY_LIMIT = 64 * 1024;
const originOf = (url: string) => new URL(url).origin;

export const hackathonRoutes = new Hono<AppEnv>()
  .post("/", requireAdmin, limitBody(CONFIG_BODY_LIMIT), requireJsonContentType, validate("json", HackathonCreateSchema), async (c) => {
    const input = c.req.valid("json");
    const created = unwrap(await roomStub(c.env, input.id).create(input, originOf(c.req.url), c.var.by, c.get("requestId")));
    return c.json(created, 201);
  })
  // A signed-in person who is no admin sees the hackathons they are a member of.
  .get("/", requireAdminOrPerson, async (c) => {
    const member = c.var.role === "admin" ? null : c.var.email;
    return c.json({ hackathons: await listHackathons({ db: createDb(c.env.DB), member }) });
  })
  .use("/:id", withRoom)
  .use("/:id/*", withRoom)
  .get("/:id", requireViewer, async (c) => c.json(unwrap(await c.var.room.read(c.var.role === "admin"))))
  .patch(
    "/:id",
    requireHackathonAdmin,
    limitBody(CONFIG_BODY_LIMIT),
    requireJsonContentType,
    validate("json", HackathonUpdateSchema),
    async (c) => c.json(unwrap(await c.var.room.update(c.req.valid("json"), c.var.by, c.get("requestId")))),
  )
  .delete("/:id", requireHackathonAdmin, async (c) => c.json(unwrap(await c.var.room.archive(c.var.by, c.get("requestId")))))
  .post("/:id/rotate", requireHackathonAdmin, async (c) =>
    c.json(unwrap(await c.var.room.rotate(originOf(c.req.url), c.var.by, c.get("requestId")))),
  )
  .get("/:id/dashboard", requireViewer, async (c) => c.json(unwrap(await c.var.room.dashboard())))
  .get("/:id/history", requireViewer, validate("query", HistoryQuerySchema), async (c) => {
    // History is read from D1, not the object: an admin token proves nothing about the id, so ask the object.
    if (c.var.role === "admin") unwrap(await c.var.room.read());
    const history = await readHistory({
      db: createDb(c.env.DB),
      hackathonId: c.var.hackathonId,
      query: c.req.valid("query"),
      now: Date.now(),
    });
    return wantsCsv(c.req.raw) ? historyCsv(c.var.hackathonId, history) : c.json(history);
  })
  .route("/:id/alerts", alertRoutes)
  .route("/:id/silences", silenceRoutes)
  .route("/:id/channels", channelRoutes)
  .route("/:id/maintenance", maintenanceRoutes)
  .get("/:id/rca", requireViewer, validate("query", RcaQuerySchema), async (c) => {
    // RPC types widen `detail: unknown` away; the object returns RcaResponse.
    const { from, to } = c.req.valid("query");
    const rca = unwrap(await c.var.room.rca({ from, to })) as RcaResponse;
    return wantsCsv(c.req.raw) ? rcaCsv(c.var.hackathonId, rca) : c.json(rca);
  })
  .get("/:id/gaps", requireViewer, async (c) => c.json(unwrap(await c.var.room.gaps())))
  .get("/:id/audit", requireOperator, validate("query", AuditQuerySchema), async (c) =>
    c.json(unwrap(await c.var.room.audit(c.req.valid("query")))),
  )
  .post("/:id/test-event", requireOperator, rateLimit("testEvents"), async (c) =>
    c.json(unwrap(await c.var.room.sendTestEvent(c.get("requestId")))),
  )
  .post("/:id/ticket", requireViewer, rateLimit("tickets"), async (c) => c.json(unwrap(await c.var.room.ticket(readerGrant(c))), 201))
  .get("/:id/live", async (c) => {
    if (c.req.header("upgrade")?.toLowerCase() !== "websocket") {
      return c.json({ error: { code: "bad_request", message: "This route only speaks WebSocket", issues: [] } }, 426);
    }
    return c.var.room.fetch(c.req.raw);
  });
