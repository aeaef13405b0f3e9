/** Strict: invalid UTF-8 is an error, not U+FFFD; a leading byte order mark is kept, as it was signed. */
const STRICT = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true });

/** The bytes as text, or null when they are not valid UTF-8. */
export function decodeUtf8(bytes: Uint8Array): string | null {
  try {
    return STRICT.decode(bytes);
  } catch {
    return null;
  }
}
