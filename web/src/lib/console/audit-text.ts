import type { AuditAction, AuditEntry } from "$contract";
import { describeMatchers } from "./silence-form";

export const AUDIT_ACTION_TEXT: Readonly<Record<AuditAction, string>> = {
  "hackathon.create": "created the hackathon",
  "hackathon.update": "changed the configuration",
  "hackathon.archive": "archived the hackathon",
  "hackathon.rotate": "rotated the credentials",
  "alert.acknowledge": "acknowledged an alert",
  "alert.resolve": "resolved an alert",
  "silence.create": "created a silence",
  "silence.end": "ended a silence",
  "maintenance.create": "planned maintenance",
  "maintenance.end": "ended maintenance",
  "channel.create": "added a notification channel",
  "channel.delete": "removed a notification channel",
  "test_event.send": "sent a test event",
};

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === "object" && value !== null && !Array.isArray(value);
const show = (value: unknown) => (typeof value === "string" ? value : JSON.stringify(value));

function describeUpdate(detail: Record<string, unknown>): string {
  const changes = isRecord(detail.changes) ? detail.changes : {};
  const moved = Object.entries(changes).map(([field, change]) =>
    isRecord(change) ? `${field} ${show(change.from)} → ${show(change.to)}` : field,
  );
  // Polls, integrations and members are only named: their values may be credentials or emails.
  const named = (Array.isArray(detail.fields) ? detail.fields.map(String) : []).filter(
    (field) => !Object.keys(changes).some((changed) => field === changed || field.startsWith(`${changed}.`)),
  );
  return [...moved, ...named].join("; ");
}

/** What an entry's detail says, in one line a person reads; "" when it has none. */
export function describeAuditDetail(entry: Pick<AuditEntry, "action" | "detail">): string {
  const { detail } = entry;
  if (!detail) return "";
  switch (entry.action) {
    case "hackathon.update":
      return describeUpdate(detail);
    case "silence.create":
    case "silence.end":
      return [
        isRecord(detail.matchers) ? describeMatchers(detail.matchers) : "",
        detail.ends_at ? `until ${show(detail.ends_at)}` : "",
        detail.reason ? `“${show(detail.reason)}”` : "",
      ]
        .filter(Boolean)
        .join(", ");
    default:
      return Object.entries(detail)
        .map(([key, value]) => `${key}: ${show(value)}`)
        .join(", ");
  }
}
