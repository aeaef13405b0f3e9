import { z } from "zod";
import { rangeInOrder, TimeRangeSchema } from "./common";

/** Every kind of change the audit log records (docs/contract.md section 12), as `<what>.<verb>`. */
export const AUDIT_ACTIONS = [
  "hackathon.create",
  "hackathon.update",
  "hackathon.archive",
  "hackathon.rotate",
  "alert.acknowledge",
  "alert.resolve",
  "silence.create",
  "silence.end",
  "maintenance.create",
  "maintenance.end",
  "channel.create",
  "channel.delete",
  "test_event.send",
] as const;
export type AuditAction = (typeof AUDIT_ACTIONS)[number];

export const AuditEntrySchema = z.object({
  at: z.string(),
  by: z.string().describe('who did it, from their credential: an email, or "viewer token" / "operator token" / "admin token"'),
  action: z.enum(AUDIT_ACTIONS),
  target: z.string().describe("what it was done to: the hackathon, alert, silence, window, channel or event id"),
  detail: z
    .record(z.string(), z.unknown())
    .nullable()
    .describe("what changed, in words a person reads; never a credential (a config change names the fields it set)"),
});
export type AuditEntry = z.infer<typeof AuditEntrySchema>;

/** `GET /api/hackathons/:id/audit`: newest first. */
export const AuditListSchema = z.object({ entries: z.array(AuditEntrySchema) });
export type AuditList = z.infer<typeof AuditListSchema>;

export const AuditQuerySchema = rangeInOrder(TimeRangeSchema);
export type AuditQuery = z.infer<typeof AuditQuerySchema>;

/** `POST /api/hackathons/:id/test-event`: the id of the `pitwall.test` metric event it sent. */
export const TestEventSentSchema = z.object({ id: z.string() });
export type TestEventSent = z.infer<typeof TestEventSentSchema>;
