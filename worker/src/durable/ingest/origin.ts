// Whose data an event is: the sender's own report, or catch-up a poll or a reconciliation
// brought in. Anomaly detection scores only the sender's own (docs/anomaly.md); every ledger
// row keeps the answer (`own`), decided here and nowhere else.

/** How an event reached the hackathon: its sender posted it, or a poll fetched it. */
export type EventOrigin = "webhook" | "poll";

/** Reconciliation events (sources/run-poll.ts) carry ids with this prefix. */
const CORRECTION_ID_PREFIX = "reconcile-";

/** The id of the event that moves `source`'s figure to the provider's truth at `now`. */
export const correctionId = (source: string, now: number) => `${CORRECTION_ID_PREFIX}${source}-${now}`;

/** A reconciliation moves a figure to the provider's truth: a correction, not something the sender did. */
export const isCorrectionId = (eventId: string) => eventId.startsWith(CORRECTION_ID_PREFIX);

/** Whether the event is the sender's own report rather than catch-up from a poll or a reconciliation. */
export const isSendersOwn = (eventId: string, origin: EventOrigin) => origin === "webhook" && !isCorrectionId(eventId);

/**
 * The same test in SQL, for ledger rows stored before they kept it (storage/schema.ts), given
 * the expressions holding the event id and its origin.
 */
export const sendersOwnSql = (eventId: string, origin: string) =>
  `(${origin} = 'webhook' AND ${eventId} NOT LIKE '${CORRECTION_ID_PREFIX}%')`;
