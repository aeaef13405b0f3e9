import type { DeltaKind, SourceName } from "../contract";
import type { Sender } from "./sender";

/** The senders' names; the object's table of them is durable/ingest/webhook-senders (it adds the replay check). */
export const SENDER_NAMES = ["github", "gcp-billing"] as const;
/** The name in a sender's route: `POST /webhooks/:id/<name>`. */
export type SenderName = (typeof SENDER_NAMES)[number];
/**
 * `source`: the source its events feed; `alsoChanges`: parts of DashboardState its deliveries change besides events;
 * `invalidUtf8`: what an authenticated body that is not UTF-8 gets: 400 (`refuse`, the default) or 204 (`unusable`,
 * for a sender that redelivers anything else for days).
 */
export type SenderEntry = { sender: Sender; source: SourceName; alsoChanges?: DeltaKind[]; invalidUtf8?: "refuse" | "unusable" };
