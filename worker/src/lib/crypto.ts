const encoder = new TextEncoder();

export function toBase64(bytes: Uint8Array): string {
  let binary = "";
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary);
}

function toBase64Url(bytes: Uint8Array): string {
  return toBase64(bytes).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

function toHex(buffer: ArrayBuffer): string {
  return [...new Uint8Array(buffer)].map((b) => b.toString(16).padStart(2, "0")).join("");
}

function randomBytes(length: number): Uint8Array {
  return crypto.getRandomValues(new Uint8Array(length));
}

/** An opaque bearer credential: a prefix that says what it is, then 32 random bytes. */
export function generateToken(prefix: string): string {
  return `${prefix}_${toBase64Url(randomBytes(32))}`;
}

/** A Standard Webhooks secret: `whsec_` + base64 of 32 random bytes. */
export function generateWebhookSecret(): string {
  return `whsec_${toBase64(randomBytes(32))}`;
}

export async function sha256Hex(text: string): Promise<string> {
  return toHex(await crypto.subtle.digest("SHA-256", encoder.encode(text)));
}

/** `message` as bytes is signed exactly as given: a signature over a raw body covers the bytes received. */
export async function hmacSha256Hex(key: string, message: string | Uint8Array): Promise<string> {
  const cryptoKey = await crypto.subtle.importKey("raw", encoder.encode(key), { name: "HMAC", hash: "SHA-256" }, false, ["sign"]);
  return toHex(await crypto.subtle.sign("HMAC", cryptoKey, typeof message === "string" ? encoder.encode(message) : message));
}

/**
 * Constant-time string equality. Both sides are hashed first so the comparison
 * takes the same time whatever their lengths.
 */
export async function secretsEqual(a: string, b: string): Promise<boolean> {
  const [da, db] = await Promise.all([
    crypto.subtle.digest("SHA-256", encoder.encode(a)),
    crypto.subtle.digest("SHA-256", encoder.encode(b)),
  ]);
  return crypto.subtle.timingSafeEqual(da, db);
}

/** Constant-time comparison of two encoded digests (hex or base64) of equal, public length. */
export function digestsEqual(hexA: string, hexB: string): boolean {
  if (hexA.length !== hexB.length) return false;
  return crypto.subtle.timingSafeEqual(encoder.encode(hexA), encoder.encode(hexB));
}
