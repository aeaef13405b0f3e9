import { hmacSha256Hex } from "../../lib/crypto";

/** The `?token=` a Pub/Sub push subscription carries: derived from the webhook secret, so rotating the secret rotates it. */
export function gcpPushToken(webhookSecret: string): Promise<string> {
  return hmacSha256Hex(webhookSecret, "pitwall:gcp-billing");
}
