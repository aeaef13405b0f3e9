import { Webhook } from "standardwebhooks";
import { unauthorized } from "../errors";

export type StandardWebhookHeaders = { id: string | null; timestamp: string | null; signature: string | null };

/**
 * Verifies a Standard Webhooks signature over the raw body: constant-time compare and a
 * 5-minute replay window, both done by the spec's reference library.
 */
export function verifyStandardWebhook(secret: string, body: string, headers: StandardWebhookHeaders): void {
  try {
    new Webhook(secret).verify(
      body,
      {
        "webhook-id": headers.id ?? "",
        "webhook-timestamp": headers.timestamp ?? "",
        "webhook-signature": headers.signature ?? "",
      },
      { jsonParse: false },
    );
  } catch (error) {
    const reason = error instanceof Error ? error.message : "verification failed";
    throw unauthorized(`Webhook signature refused: ${reason}`);
  }
}
