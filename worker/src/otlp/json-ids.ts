/**
 * OTLP/JSON's one exception to the protobuf JSON mapping: `traceId`, `spanId` and
 * `parentSpanId` are hex strings, where the mapping (and so the generated `fromJson`) expects
 * base64 for bytes. This rewrites them, wherever they sit (spans, links, exemplars), before
 * decoding. A value that is not even-length hex is left as it is, for the decoder to judge.
 */
const ID_FIELDS = new Set(["traceId", "spanId", "parentSpanId", "trace_id", "span_id", "parent_span_id"]);
const HEX = /^(?:[0-9a-fA-F]{2})*$/;

/** Bounds the walk: real exports nest only a few levels, so anything deeper is not one. */
const MAX_DEPTH = 64;

export function hexIdsToBase64(value: unknown, depth = 0): unknown {
  if (depth > MAX_DEPTH) throw new Error("nested too deeply");
  if (Array.isArray(value)) return value.map((item) => hexIdsToBase64(item, depth + 1));
  if (typeof value !== "object" || value === null) return value;
  const out: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) {
    out[key] = ID_FIELDS.has(key) && typeof item === "string" && HEX.test(item) ? hexToBase64(item) : hexIdsToBase64(item, depth + 1);
  }
  return out;
}

function hexToBase64(hex: string): string {
  let binary = "";
  for (let i = 0; i < hex.length; i += 2) binary += String.fromCharCode(Number.parseInt(hex.slice(i, i + 2), 16));
  return btoa(binary);
}

/** Lowercase hex of an id's bytes, as OTLP/JSON writes it. */
export function toHex(bytes: Uint8Array): string {
  let hex = "";
  for (const byte of bytes) hex += byte.toString(16).padStart(2, "0");
  return hex;
}
