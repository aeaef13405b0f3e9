import { createMiddleware } from "hono/factory";
import type { Context } from "hono";
import type { AppEnv } from "../app-env";
import { getConfig } from "../config";
import { notFound, unauthorized } from "../errors";
import { secretsEqual } from "../lib/crypto";

function bearerToken(c: Context<AppEnv>): string | null {
  const header = c.req.header("authorization");
  const match = header?.match(/^Bearer\s+(\S+)\s*$/i);
  return match?.[1] ?? null;
}

const isAdminToken = (c: Context<AppEnv>, token: string) => secretsEqual(token, getConfig(c.env).ADMIN_TOKEN);

export const requireAdmin = createMiddleware<AppEnv>(async (c, next) => {
  const token = bearerToken(c);
  if (!token || !(await isAdminToken(c, token))) throw unauthorized("This route needs the admin token");
  c.set("role", "admin");
  await next();
});

/**
 * The admin, or the viewer of this very hackathon. Any other token gets the same 404 as
 * an unknown hackathon, so a viewer of A learns nothing about B.
 */
export const requireViewer = createMiddleware<AppEnv>(async (c, next) => {
  const token = bearerToken(c);
  if (!token) throw unauthorized("Send a viewer or admin token as 'Authorization: Bearer <token>'");
  if (await isAdminToken(c, token)) c.set("role", "admin");
  else if (await c.var.room.isViewer(token)) c.set("role", "viewer");
  else throw notFound("No such hackathon");
  await next();
});
