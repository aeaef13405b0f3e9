import { createMiddleware } from "hono/factory";
import type { Context } from "hono";
import type { AppEnv } from "../app-env";
import { getConfig } from "../config";
import { BY_TOKEN, roleAtLeast, type ReaderRole, type Role } from "../durable/credentials";
import { forbidden, notFound, unauthorized } from "../errors";
import { secretsEqual } from "../lib/crypto";

export function bearerToken(c: Context<AppEnv>): string | null {
  const header = c.req.header("authorization");
  const match = header?.match(/^Bearer\s+(\S+)\s*$/i);
  return match?.[1] ?? null;
}

export const isAdminToken = (c: Context<AppEnv>, token: string) => secretsEqual(token, getConfig(c.env).ADMIN_TOKEN);

/** The admin token, for routes that belong to no hackathon (create, list, /metrics). */
export const requireAdmin = createMiddleware<AppEnv>(async (c, next) => {
  const token = bearerToken(c);
  if (!token || !(await isAdminToken(c, token))) throw unauthorized("This route needs the admin token");
  c.set("role", "admin");
  c.set("by", BY_TOKEN.admin);
  await next();
});

/**
 * A `/:id` route open to `min` and above (docs/contract.md sections 2 and 5): no token is a 401; a
 * token this hackathon does not know is the same 404 as an unknown hackathon, so a token of
 * A learns nothing about B; a token of this hackathon whose role is too small is a 403.
 * An ingest token only sends data, so it is refused everywhere here.
 */
export function requireRole(min: Exclude<Role, "ingest">) {
  return createMiddleware<AppEnv>(async (c, next) => {
    const token = bearerToken(c);
    if (!token) throw unauthorized("Send a token as 'Authorization: Bearer <token>'");
    const role: Role | null = (await isAdminToken(c, token)) ? "admin" : await c.var.room.roleOf(token);
    if (!role) throw notFound("No such hackathon");
    if (role === "ingest") throw forbidden("An ingest token only sends data; it reads and changes nothing");
    if (!roleAtLeast(role, min)) throw forbidden(`This needs the ${min} role; this token is a ${role}'s`);
    c.set("role", role);
    c.set("by", BY_TOKEN[role]);
    await next();
  });
}

export const requireViewer = requireRole("viewer");
export const requireOperator = requireRole("operator");
/** Admin-only routes of one hackathon: its own viewer and operator get 403, not the 401 of a stranger. */
export const requireHackathonAdmin = requireRole("admin");

/** The role after requireRole, which never lets `ingest` through. */
export function readerRole(c: Context<AppEnv>): ReaderRole {
  const role = c.var.role;
  if (role === "ingest") throw forbidden();
  return role;
}
