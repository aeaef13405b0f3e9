import { createMiddleware } from "hono/factory";
import type { AppEnv } from "../app-env";
import { HackathonIdSchema } from "../contract";
import { roomStub } from "../durable/room-stub";
import { notFound } from "../errors";

/** Resolves `:id` to its Durable Object; an id that cannot exist is a 404 without waking anything. */
export const withRoom = createMiddleware<AppEnv>(async (c, next) => {
  const id = c.req.param("id");
  if (!id || !HackathonIdSchema.safeParse(id).success) throw notFound("No such hackathon");
  c.set("hackathonId", id);
  c.set("room", roomStub(c.env, id));
  await next();
});
