import type { HTTPException } from "hono/http-exception";
import { AppError } from "./errors";

/** Hono's own refusals (malformed JSON in a validator, for one) in the contract's envelope. */
export function fromHttpException(error: HTTPException): AppError {
  switch (error.status) {
    case 400:
      return new AppError(400, "bad_request", error.message || "Bad request");
    case 401:
      return new AppError(401, "unauthorized", error.message || "Unauthorized");
    case 413:
      return new AppError(413, "payload_too_large", error.message || "Payload too large");
    case 415:
      return new AppError(415, "unsupported_media_type", error.message || "Unsupported media type");
    default:
      return new AppError(500, "internal", "Something went wrong on our side");
  }
}
