import { HackathonCreateSchema } from "../contract";
import { generateWebhookSecret } from "../lib/crypto";
import type { RoomRecord } from "./room-record";

let standIn: RoomRecord | undefined;

/**
 * What an id nobody created authenticates deliveries against: a default hackathon whose secret
 * is generated here and never shown, so every signature or token is refused exactly as a wrong
 * one is by a real hackathon (docs/contract.md section 5: an unknown id answers 401 like a bad
 * credential, same body, revealing nothing). Nothing is ever stored with it.
 */
export function standInRecord(): RoomRecord {
  if (!standIn) {
    const config = HackathonCreateSchema.parse({
      id: "unknown-hackathon",
      name: "unknown",
      budget: { amount: 1 },
      starts_at: new Date(0).toISOString(),
    });
    standIn = { config, viewerTokenHash: "", webhookSecret: generateWebhookSecret(), createdAt: 0, updatedAt: 0 };
  }
  return standIn;
}
