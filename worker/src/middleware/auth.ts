import type { Context } from "hono";
import { createMiddleware } from "hono/factory";
import type { AppEnv } from "../app-env";
import { getConfig } from "../config";
import { type Role, roleAtLeast } from "../contract";
import { BY_TOKEN, endsAtRotation, type ReaderGrant, type Session } from "../durable/credentials";
import { forbidden, notFound, unauthorized } from "../errors";
import { secretsEqual } from "../lib/crypto";
import { type Person, refuseForgeableWrite, signedInPerson } from "./person";

export function bearerToken(c: Context<AppEnv>): string | null {
  const header = c.req.header("authorization");
  const match = header?.match(/^Bearer\s+(\S+)\s*$/i);
  return match?.[1] ?? null;
}

export const isAdminToken = (c: Context<AppEnv>, token: string) => secretsEqual(token, getConfig(c.env).ADMIN_TOKEN);

/** Who the request is, for the routes and section 12's `by`. */
function setCaller(c: Context<AppEnv>, role: Role, person: Person | null): void {
  c.set("role", role);
  c.set("by", person ? person.email : BY_TOKEN[role]);
  c.set("email", person?.email ?? null);
  c.set("personExpiresAt", person?.expiresAt ?? null);
}

const askForCredentials = (c: Context<AppEnv>) =>
  unauthorized(
    getConfig(c.env).access
      ? "Send a token as 'Authorization: Bearer <token>', or sign in through Cloudflare Access"
      : "Send a token as 'Authorization: Bearer <token>'",
  );

/**
 * An admin, for routes that belong to no hackathon (create, /metrics): the admin token, or a
 * person in ACCESS_ADMIN_EMAILS. Another signed-in person gets 403; anyone else 401.
 */
export const requireAdmin = createMiddleware<AppEnv>(async (c, next) => {
  const token = bearerToken(c);
  if (token && (await isAdminToken(c, token))) setCaller(c, "admin", null);
  else {
    const verdict = await signedInPerson(c);
    if (verdict.kind !== "person") throw token ? unauthorized("This route needs the admin token") : refusal(c, verdict);
    if (!verdict.person.isAdmin) throw forbidden(`This needs an admin; ${verdict.person.email} is not one`);
    refuseForgeableWrite(c, verdict.person);
    setCaller(c, "admin", verdict.person);
  }
  await next();
});

const refusal = (c: Context<AppEnv>, verdict: { kind: "none" } | { kind: "refused"; reason: string }) =>
  verdict.kind === "refused" ? unauthorized(verdict.reason) : askForCredentials(c);

/**
 * The overview (GET /api/hackathons): the admin sees every hackathon; any other signed-in person
 * is let through as a viewer with `email` set, and sees the hackathons they are a member of.
 */
export const requireAdminOrPerson = createMiddleware<AppEnv>(async (c, next) => {
  const token = bearerToken(c);
  if (token && (await isAdminToken(c, token))) setCaller(c, "admin", null);
  else {
    const verdict = await signedInPerson(c);
    if (verdict.kind !== "person")
      throw token ? unauthorized("This route needs the admin token, or a signed-in person") : refusal(c, verdict);
    setCaller(c, verdict.person.isAdmin ? "admin" : "viewer", verdict.person);
  }
  await next();
});

/**
 * A `/:id` route open to `min` and above (docs/contract.md sections 2 and 5): no credential is a
 * 401; a token this hackathon does not know, or a person who is not its member, is the same 404
 * as an unknown hackathon, so a credential of A learns nothing about B; a credential of this
 * hackathon whose role is too small is a 403. A valid bearer token wins over an Access JWT.
 * An ingest token only sends data, so it is refused everywhere here.
 */
export function requireRole(min: Exclude<Role, "ingest">) {
  return createMiddleware<AppEnv>(async (c, next) => {
    const token = bearerToken(c);
    const tokenRole: Role | null = token ? ((await isAdminToken(c, token)) ? "admin" : await c.var.room.roleOf(token)) : null;
    let person: Person | null = null;
    let role = tokenRole;
    if (!role) {
      const verdict = await signedInPerson(c);
      if (verdict.kind !== "person") throw token ? notFound("No such hackathon") : refusal(c, verdict);
      person = verdict.person;
      role = person.isAdmin ? "admin" : await c.var.room.memberRoleOf(person.email);
      if (!role) throw notFound("No such hackathon");
    }
    if (role === "ingest") throw forbidden("An ingest token only sends data; it reads and changes nothing");
    if (!roleAtLeast(role, min)) throw forbidden(`This needs the ${min} role; this ${person ? "person" : "token"} is a ${role}`);
    if (person) refuseForgeableWrite(c, person);
    setCaller(c, role, person);
    await next();
  });
}

export const requireViewer = requireRole("viewer");
export const requireOperator = requireRole("operator");
/** Admin-only routes of one hackathon: its own viewer and operator get 403, not the 401 of a stranger. */
export const requireHackathonAdmin = requireRole("admin");

/**
 * What requireRole let through (never `ingest`), for a live ticket or an SSE stream: who holds
 * it, and the hackathon token it was checked from, which the object checks again (a rotation may
 * land in between). The admin token and people survive rotation, so theirs carry none.
 */
export function readerGrant(c: Context<AppEnv>): ReaderGrant {
  const role = c.var.role;
  if (role === "ingest") throw forbidden();
  const email = c.var.email;
  const session: Session = email === null ? { role } : { role, person: true, email, endsAt: c.var.personExpiresAt ?? undefined };
  return { session, token: endsAtRotation(session) ? bearerToken(c) : null };
}
