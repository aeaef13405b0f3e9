import { unauthorized } from "../../errors";
import { digestsEqual, hmacSha256Hex } from "../../lib/crypto";

const PREFIX = "sha256=";

/**
 * Checks `X-Hub-Signature-256: sha256=<hex HMAC-SHA256 of the raw body>` (the bytes received),
 * keyed by the webhook secret as the UTF-8 text pasted into GitHub. Throws 401 unless it matches.
 */
export async function verifyGithubSignature(secret: string, body: Uint8Array | string, header: string | undefined): Promise<void> {
  if (!header) throw unauthorized("Missing X-Hub-Signature-256 header");
  if (!header.startsWith(PREFIX)) throw unauthorized("X-Hub-Signature-256 must start with sha256=");
  const expected = await hmacSha256Hex(secret, body);
  if (!digestsEqual(expected, header.slice(PREFIX.length).toLowerCase())) {
    throw unauthorized("X-Hub-Signature-256 does not match the body");
  }
}
