import type { DeltaKind, SourceName } from "../contract";
import { githubSender } from "./github/webhook";
import { gcpBillingSender } from "./google/budget-push";
import type { Sender } from "./sender";

export const SENDER_NAMES = ["github", "gcp-billing"] as const;
/** The name in a sender's route: `POST /webhooks/:id/<name>`. */
export type SenderName = (typeof SENDER_NAMES)[number];
/**
 * `source`: the source its events feed; `alsoChanges`: parts of DashboardState its deliveries change besides events;
 * `invalidUtf8`: what an authenticated body that is not UTF-8 gets: 400 (`refuse`, the default) or 204 (`unusable`,
 * for a sender that redelivers anything else for days).
 */
export type SenderEntry = { sender: Sender; source: SourceName; alsoChanges?: DeltaKind[]; invalidUtf8?: "refuse" | "unusable" };

/** Every webhook sender besides Pitwall's own events, with the source its events feed. */
export const SENDERS: Record<SenderName, SenderEntry> = {
  github: { sender: githubSender, source: "tasks" },
  "gcp-billing": { sender: gcpBillingSender, source: "cost", alsoChanges: ["provider_budget"], invalidUtf8: "unusable" },
};
