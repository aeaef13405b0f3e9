import { badRequest, unsupportedMediaType, validationFailed } from "../../errors";
import type { SenderRequest } from "../sender";

const JSON_TYPE = /^application\/json\s*(;|$)/i;
const FORM_TYPE = /^application\/x-www-form-urlencoded\s*(;|$)/i;

/**
 * The delivery's JSON payload. A hook configured with `application/x-www-form-urlencoded`
 * sends the same JSON in a `payload` form field (the signature covers the raw form body).
 */
export function decodePayload(request: SenderRequest): unknown {
  const type = request.headers["content-type"] ?? "";
  let text: string;
  if (JSON_TYPE.test(type)) {
    text = request.body;
  } else if (FORM_TYPE.test(type)) {
    const payload = new URLSearchParams(request.body).get("payload");
    if (payload === null) throw validationFailed([{ path: "payload", message: "the form has no payload field" }]);
    text = payload;
  } else {
    throw unsupportedMediaType();
  }
  try {
    return JSON.parse(text);
  } catch {
    throw badRequest("The body is not valid JSON");
  }
}
