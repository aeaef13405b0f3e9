import type { InboundEvent, WebhookAccepted } from "../../contract";
import { badRequest } from "../../errors";
import type { RawSenderRequest, SenderContext, SenderVerdict } from "../../integrations/sender";
import type { SenderEntry } from "../../integrations/senders";
import { decodeUtf8 } from "../../lib/utf8";
import { countDuplicates } from "../figures/health";
import { appendRca } from "../sources/logs";
import { isPartKind, type PartKind } from "../views/dashboard-state";

/** What a sender's delivery is answered: the usual count, or 204 for one that can never be applied. */
export type SenderAnswer = { status: 200; body: WebhookAccepted } | { status: 204 };

/** An admitted delivery from another sender: events to apply, or its answer as it stands; and the parts it changed itself. */
export type Interpreted = { parts: PartKind[] } & ({ kind: "events"; events: InboundEvent[] } | { kind: "answer"; answer: SenderAnswer });

/**
 * Turns an authenticated delivery (GitHub, Pub/Sub push) into events, or answers it: a delivery
 * that can never be applied is answered 204 (so the sender stops redelivering) and written to
 * the RCA log; a replay is counted as a duplicate of its source.
 */
export async function interpretDelivery(entry: SenderEntry, request: RawSenderRequest, ctx: SenderContext): Promise<Interpreted> {
  const body = decodeUtf8(request.body);
  if (body === null && (entry.invalidUtf8 ?? "refuse") === "refuse") throw badRequest("The body is not valid UTF-8");
  const verdict: SenderVerdict =
    body === null
      ? { kind: "unusable", reason: "The body is not valid UTF-8", detail: {} }
      : await entry.sender.interpret({ ...request, body }, ctx);
  const parts = verdict.kind === "unusable" ? [] : (entry.alsoChanges ?? []).filter(isPartKind);
  switch (verdict.kind) {
    case "events":
      return { kind: "events", events: verdict.events, parts };
    case "ignored":
      return { kind: "answer", answer: { status: 200, body: { accepted: 0, duplicates: 0, ignored: verdict.reason } }, parts };
    case "duplicate":
      countDuplicates(ctx.sql, entry.source, 1);
      return { kind: "answer", answer: { status: 200, body: { accepted: 0, duplicates: 1 } }, parts };
    case "unusable":
      appendRca(ctx.sql, { at: ctx.now, source: entry.source, kind: "unusable_delivery", summary: verdict.reason, detail: verdict.detail });
      return { kind: "answer", answer: { status: 204 }, parts };
  }
}
