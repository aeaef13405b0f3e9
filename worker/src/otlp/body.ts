import { readBytes } from "../lib/bytes";
import { OtlpRefusal } from "./refusal";

/** docs/contract.md section 11: a request body may hold at most this much once inflated. */
export const MAX_OTLP_BODY_BYTES = 8 * 1024 * 1024;

/** The two encodings OTLP/HTTP defines; the answer is sent in the request's. */
export type OtlpEncoding = "protobuf" | "json";

/** The request's encoding by Content-Type (parameters such as charset allowed), or null. */
export function encodingOf(contentType: string | null): OtlpEncoding | null {
  const type = (contentType ?? "").split(";")[0]!.trim().toLowerCase();
  if (type === "application/x-protobuf") return "protobuf";
  if (type === "application/json") return "json";
  return null;
}

/**
 * The body's bytes, inflated when `Content-Encoding: gzip`. Counted while they arrive and while
 * they inflate, so a small gzip bomb is stopped at the cap, not after it filled memory: 413.
 * A stream that is not valid gzip is a 400.
 */
export async function readOtlpBody(request: Request): Promise<Uint8Array> {
  const encoding = (request.headers.get("content-encoding") ?? "identity").trim().toLowerCase();
  if (encoding !== "identity" && encoding !== "gzip") {
    throw new OtlpRefusal(415, `Content-Encoding ${encoding} is not supported; send gzip or none`);
  }
  const declared = Number(request.headers.get("content-length"));
  if (Number.isFinite(declared) && declared > MAX_OTLP_BODY_BYTES) throw tooLarge();
  if (!request.body) return new Uint8Array();
  const raw = request.body.pipeThrough(capped());
  if (encoding === "identity") return collect(raw);
  try {
    return await collect(raw.pipeThrough(new DecompressionStream("gzip")).pipeThrough(capped()));
  } catch (error) {
    if (error instanceof OtlpRefusal) throw error;
    throw new OtlpRefusal(400, "The body is not valid gzip");
  }
}

const tooLarge = () => new OtlpRefusal(413, `The body is over ${MAX_OTLP_BODY_BYTES} bytes (after decompression)`);

/** Passes chunks through until their total passes the cap, then fails the stream with a 413. */
function capped(): TransformStream<Uint8Array, Uint8Array> {
  let total = 0;
  return new TransformStream({
    transform(chunk, controller) {
      total += chunk.byteLength;
      if (total > MAX_OTLP_BODY_BYTES) throw tooLarge();
      controller.enqueue(chunk);
    },
  });
}

/** The stream's bytes; `capped()` has already refused more than the cap, this only keeps the type honest. */
async function collect(stream: ReadableStream<Uint8Array>): Promise<Uint8Array> {
  const bytes = await readBytes(stream, MAX_OTLP_BODY_BYTES);
  if (!bytes) throw tooLarge();
  return bytes;
}
