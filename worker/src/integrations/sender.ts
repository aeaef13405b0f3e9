import type { HackathonCreate, InboundEvent } from "../contract";

/** An authenticated delivery: its body decoded as UTF-8, and the parts a sender signs. */
export type SenderRequest = {
  body: string;
  /** Header names lower-cased. */
  headers: Record<string, string>;
  /** Query parameters (e.g. Pub/Sub's `?token=`). */
  query: Record<string, string>;
};

/** A delivery as the Worker received it: the body's bytes, which a signature covers exactly. */
export type RawSenderRequest = Omit<SenderRequest, "body"> & { body: Uint8Array };

/** What a sender reads of the hackathon's record: its configuration and webhook secret (the object passes its whole record). */
export type SenderRecord = { config: Omit<HackathonCreate, "status">; webhookSecret: string };

/** What the hackathon's object offers a sender while it handles one delivery. */
export type SenderContext = {
  record: SenderRecord;
  /** The object's own storage, for a sender's small state (e.g. a budget period's high-water mark). */
  sql: SqlStorage;
  now: number;
  env: Env;
};

/**
 * What a delivery means:
 * - `events`: apply these (their ids are the dedup keys, derived from the sender's delivery id);
 * - `ignored`: a valid delivery Pitwall does not use (a ping, another event type): 2xx, nothing stored;
 * - `unusable`: authenticated but can never be applied (unparseable data, unknown schema):
 *   answered 204 so the sender stops redelivering, nothing applied, written to the RCA log;
 * - `duplicate`: a replay under a new delivery id of what is already applied: counted as a
 *   duplicate (docs/contract.md section 4), nothing stored.
 */
export type SenderVerdict =
  | { kind: "events"; events: InboundEvent[] }
  | { kind: "duplicate" }
  | { kind: "ignored"; reason: string }
  | { kind: "unusable"; reason: string; detail: Record<string, unknown> };

/** A webhook sender other than Pitwall's own signed events (GitHub, Pub/Sub push). */
export interface Sender {
  /** Throws `unauthorized` (401) unless the delivery is authentic; runs before anything else. */
  authenticate(request: RawSenderRequest, ctx: SenderContext): Promise<void>;
  /** Turns an authentic delivery into a verdict; throws `validationFailed` (400) for malformed input worth retrying. */
  interpret(request: SenderRequest, ctx: SenderContext): SenderVerdict | Promise<SenderVerdict>;
}
