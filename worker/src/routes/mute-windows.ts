import { Hono } from "hono";
import type { z } from "zod";
import type { AppEnv } from "../app-env";
import { MaintenanceCreateSchema, SilenceCreateSchema } from "../contract";
import type { MuteInput, MuteKind } from "../durable/alerts/mute-windows";
import { unwrap } from "../durable/outcome";
import { notFound } from "../errors";
import { requireOperator, requireViewer } from "../middleware/auth";
import { limitBody, requireJsonContentType, validate } from "../middleware/json-body";

const BODY_LIMIT = 16 * 1024;

type MuteRoutesSpec<K extends MuteKind> = {
  schema: z.ZodType<MuteInput[K]>;
  /** The path parameter of one mute, and the ids it accepts; anything else is answered 404 without asking the object. */
  param: string;
  id: RegExp;
  missing: string;
};

/**
 * `/api/hackathons/:id/silences…` and `/api/hackathons/:id/maintenance…` (durable/alerts/mute-windows.ts):
 * viewers see them; an operator (or the admin), who may acknowledge alerts, may also mute them
 * for a while, and a maintenance window also changes what the public status page says (docs/contract.md section 2).
 */
function muteRoutes<K extends MuteKind>(kind: K, spec: MuteRoutesSpec<K>) {
  const idOf = (param: string | undefined): string => {
    if (!param || !spec.id.test(param)) throw notFound(spec.missing);
    return param;
  };
  return new Hono<AppEnv>()
    .get("/", requireViewer, async (c) => c.json(unwrap(await c.var.room.mutes(kind))))
    .post("/", requireOperator, limitBody(BODY_LIMIT), requireJsonContentType, validate("json", spec.schema), async (c) =>
      c.json(unwrap(await c.var.room.createMute(kind, c.req.valid("json") as MuteInput[K], c.var.by)), 201),
    )
    .delete(`/:${spec.param}`, requireOperator, async (c) =>
      c.json(unwrap(await c.var.room.endMute(kind, idOf(c.req.param(spec.param)), c.var.by))),
    );
}

export const silenceRoutes = muteRoutes("silences", {
  schema: SilenceCreateSchema,
  param: "silence_id",
  id: /^silence-\d{1,15}$/,
  missing: "No such silence",
});

export const maintenanceRoutes = muteRoutes("maintenance", {
  schema: MaintenanceCreateSchema,
  param: "window_id",
  id: /^maintenance-\d{1,15}$/,
  missing: "No such maintenance window",
});
