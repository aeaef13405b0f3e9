import { Hono } from "hono";
import type { AppEnv } from "../app-env";
import { MeQuerySchema, type Me } from "../contract";
import type { Role } from "../contract";
import { BY_TOKEN } from "../durable/credentials";
import { roomStub } from "../durable/room-stub";
import { bearerToken, isAdminToken } from "../middleware/auth";
import { validate } from "../middleware/json-body";
import { signedInPerson } from "../middleware/person";

const NOBODY: Me = { by: null, email: null, role: null };

/**
 * `GET /api/me`: who the caller is (docs/contract.md section 2), so a client shows only what it may do.
 * It never refuses: a credential unknown to the hackathon asked about answers role null, the
 * same for an unknown hackathon as for one that exists but is not the caller's. A token that
 * opens something wins over a signed-in person, as on every other route.
 */
export const meRoutes = new Hono<AppEnv>().get("/me", validate("query", MeQuerySchema), async (c) => {
  const token = bearerToken(c);
  const { hackathon } = c.req.valid("query");
  let role: Role | null = null;
  if (token && (await isAdminToken(c, token))) role = "admin";
  else if (token && hackathon) role = await roomStub(c.env, hackathon).roleOf(token);
  if (role) return c.json({ by: BY_TOKEN[role], email: null, role } satisfies Me);
  const verdict = await signedInPerson(c);
  if (verdict.kind !== "person") return c.json(NOBODY);
  const { email, isAdmin } = verdict.person;
  const memberRole = !isAdmin && hackathon ? await roomStub(c.env, hackathon).memberRoleOf(email) : null;
  return c.json({ by: email, email, role: isAdmin ? "admin" : memberRole } satisfies Me);
});
