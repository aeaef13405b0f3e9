import { Hono } from "hono";
import packageJson from "../../../package.json";
import type { AppEnv } from "../app-env";
import { buildOpenApiDocument } from "../openapi/document";
import { type OpenApiDocument, renderReferencePage } from "../openapi/reference-page";

const PAGE_HEADERS = {
  "content-security-policy": "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'; base-uri 'none'",
  "referrer-policy": "no-referrer",
  "x-content-type-options": "nosniff",
};

const documentFor = (url: string) => buildOpenApiDocument(packageJson.version, new URL(url).origin);

/** `/api/openapi.json` and `/api/docs`: the API described from the zod contract. */
export const openApiRoutes = new Hono<AppEnv>()
  .get("/openapi.json", (c) => c.json(documentFor(c.req.url)))
  .get("/docs", (c) => c.html(renderReferencePage(documentFor(c.req.url) as OpenApiDocument), 200, PAGE_HEADERS));
