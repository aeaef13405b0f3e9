import { zValidator } from "@hono/zod-validator";
import { bodyLimit } from "hono/body-limit";
import { createMiddleware } from "hono/factory";
import type { ZodType } from "zod";
import { payloadTooLarge, unsupportedMediaType, validationFailed, zodIssues } from "../errors";

/** 415 unless the body is declared as JSON (charset and +json suffixes allowed). */
export const requireJsonContentType = createMiddleware(async (c, next) => {
  const type = c.req.header("content-type") ?? "";
  if (!/^application\/([\w.+-]*\+)?json\s*(;|$)/i.test(type)) throw unsupportedMediaType();
  await next();
});

const KEEP_BOM = new TextDecoder("utf-8", { fatal: false, ignoreBOM: true });

/**
 * The body as text with a leading byte order mark kept. `Request.text()` drops it, so a
 * signature over the bytes sent (BOM included) would no longer match the text verified.
 */
export async function signedBodyText(request: Request): Promise<string> {
  return KEEP_BOM.decode(await request.arrayBuffer());
}

/** 413 before the body is read past `maxBytes`, whether or not Content-Length is sent. */
export const limitBody = (maxBytes: number) =>
  bodyLimit({
    maxSize: maxBytes,
    onError: () => {
      throw payloadTooLarge(maxBytes);
    },
  });

/** A validator whose failures are the contract's 400 with every issue and its path. */
export const validate = <Target extends "json" | "query", Schema extends ZodType>(target: Target, schema: Schema) =>
  zValidator(target, schema, (result) => {
    if (!result.success) throw validationFailed(zodIssues(result.error));
  });
