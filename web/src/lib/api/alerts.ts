import { AlertActionResultSchema, type Alert } from "$contract";
import type { ApiClient } from "./client";
import { hackathonPath } from "./hackathons";

function alertsPath(id: string): string {
  return `${hackathonPath(id)}/alerts`;
}

/** Marks the alert as seen by a person; the server answers 409 if it was already resolved. */
export async function acknowledgeAlert(api: ApiClient, id: string, alertId: string): Promise<Alert> {
  return (await api.post(`${alertsPath(id)}/${encodeURIComponent(alertId)}/ack`, AlertActionResultSchema)).alert;
}

/** Resolves the alert by hand (resolved_by names the credential) without waiting for its condition to clear. */
export async function resolveAlert(api: ApiClient, id: string, alertId: string): Promise<Alert> {
  return (await api.post(`${alertsPath(id)}/${encodeURIComponent(alertId)}/resolve`, AlertActionResultSchema)).alert;
}
