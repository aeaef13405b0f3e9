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

/**
 * The body exactly as received. Signatures are checked over these bytes, never over a decoding
 * of them: decoding first would let a body signed over U+FFFD verify when raw 0xFF was sent.
 */
export async function signedBodyBytes(request: Request): Promise<Uint8Array> {
  return new Uint8Array(await request.arrayBuffer());
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
