import { Hono } from "hono";
import type { AppEnv } from "../app-env";
import { HackathonIdSchema, type PublicStatus } from "../contract";
import { unwrap } from "../durable/outcome";
import { rateLimit } from "../middleware/rate-limit";
import { roomStub } from "../durable/room-stub";
import { renderBadge } from "../status-page/badge";
import { renderFeed } from "../status-page/feed";
import { renderNotFoundPage, renderStatusPage } from "../status-page/page";
import { STATUS_SCRIPT } from "../status-page/status-script";

/** The page's CSP: scripts only from us (never inline), inline styles allowed. */
const PAGE_HEADERS = {
  "content-security-policy":
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; frame-ancestors 'none'; base-uri 'none'",
  "referrer-policy": "no-referrer",
  "x-content-type-options": "nosniff",
};
const NOSNIFF = { "x-content-type-options": "nosniff" };

/** The summary of a public hackathon; null for a private, unknown or impossible id alike. */
async function findPublicStatus(env: Env, id: string): Promise<PublicStatus | null> {
  if (!HackathonIdSchema.safeParse(id).success) return null;
  const outcome = await roomStub(env, id).publicStatus();
  if (!outcome.ok && outcome.status === 404) return null;
  return unwrap(outcome);
}

const htmlNotFound = () =>
  new Response(renderNotFoundPage(), {
    status: 404,
    headers: { ...PAGE_HEADERS, "content-type": "text/html; charset=utf-8", "cache-control": "no-store" },
  });
const plainNotFound = () =>
  new Response("Not found\n", { status: 404, headers: { ...NOSNIFF, "content-type": "text/plain; charset=utf-8" } });

/** `/status/...`: the server-rendered public status page, its live script, badge and Atom feed. */
export const statusPageRoutes = new Hono<AppEnv>()
  .use("*", rateLimit("public"))
  .get(
    "/assets/status.js",
    () =>
      new Response(STATUS_SCRIPT, {
        headers: { ...NOSNIFF, "content-type": "text/javascript; charset=utf-8", "cache-control": "public, max-age=300" },
      }),
  )
  .get("/:id", async (c) => {
    const status = await findPublicStatus(c.env, c.req.param("id"));
    if (!status) return htmlNotFound();
    const url = new URL(c.req.url);
    return new Response(renderStatusPage(status, `${url.origin}${url.pathname}`), {
      headers: { ...PAGE_HEADERS, "content-type": "text/html; charset=utf-8", "cache-control": "no-store" },
    });
  })
  .get("/:id/badge.svg", async (c) => {
    const status = await findPublicStatus(c.env, c.req.param("id"));
    if (!status) return plainNotFound();
    return new Response(renderBadge(status.state), {
      headers: { ...NOSNIFF, "content-type": "image/svg+xml; charset=utf-8", "cache-control": "max-age=60" },
    });
  })
  .get("/:id/feed.atom", async (c) => {
    const status = await findPublicStatus(c.env, c.req.param("id"));
    if (!status) return plainNotFound();
    return new Response(renderFeed(status, new URL(c.req.url).origin), {
      headers: { ...NOSNIFF, "content-type": "application/atom+xml; charset=utf-8", "cache-control": "max-age=60" },
    });
  });
