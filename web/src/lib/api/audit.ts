import { AuditListSchema, TestEventSentSchema, type AuditEntry, type AuditQuery } from "$contract";
import type { ApiClient } from "./client";
import { hackathonPath } from "./hackathons";

/** Who changed what on the hackathon, newest first (an operator or the admin). */
export async function getAudit(api: ApiClient, id: string, range: AuditQuery = {}): Promise<AuditEntry[]> {
  const query = new URLSearchParams();
  if (range.from) query.set("from", range.from);
  if (range.to) query.set("to", range.to);
  const suffix = query.size > 0 ? `?${query}` : "";
  return (await api.get(`${hackathonPath(id)}/audit${suffix}`, AuditListSchema)).entries;
}

/** Sends one signed `pitwall.test` metric event through the real webhook path; resolves with its event id. */
export async function sendTestEvent(api: ApiClient, id: string): Promise<string> {
  return (await api.post(`${hackathonPath(id)}/test-event`, TestEventSentSchema)).id;
}
