import { Hono } from "hono";
import type { AppEnv } from "../app-env";
import { MeQuerySchema, type Me } from "../contract";
import { BY_TOKEN, type Role } from "../durable/credentials";
import { bearerToken, isAdminToken } from "../middleware/auth";
import { validate } from "../middleware/json-body";
import { roomStub } from "../durable/room-stub";

const NOBODY: Me = { by: null, email: null, role: null };

/**
 * `GET /api/me`: who the caller is (docs/contract.md section 2), so a client shows only what it may do.
 * It never refuses: a token unknown to the hackathon asked about answers like no token at all,
 * the same for an unknown hackathon as for one that exists but is not the caller's.
 */
export const meRoutes = new Hono<AppEnv>().get("/me", validate("query", MeQuerySchema), async (c) => {
  const token = bearerToken(c);
  const { hackathon } = c.req.valid("query");
  if (!token) return c.json(NOBODY);
  let role: Role | null = null;
  if (await isAdminToken(c, token)) role = "admin";
  else if (hackathon) role = await roomStub(c.env, hackathon).roleOf(token);
  return c.json(role ? ({ by: BY_TOKEN[role], email: null, role } satisfies Me) : NOBODY);
});
