import { MeSchema, type Me } from "$contract";
import type { ApiClient } from "./client";

/**
 * Who this credential is, on the hackathon when one is named: the page shows acting controls only
 * to an operator or the admin. Without a hackathon only the admin (token or person) has a role.
 */
export async function getMe(api: ApiClient, hackathonId?: string): Promise<Me> {
  const query = hackathonId === undefined ? "" : `?${new URLSearchParams({ hackathon: hackathonId })}`;
  return api.get(`/api/me${query}`, MeSchema);
}

/** Whether the role may acknowledge and resolve alerts and plan maintenance (docs/contract.md section 2). */
export const canOperate = (role: Me["role"]): boolean => role === "operator" || role === "admin";

/** Whether the role may read the notification channels: their receiver URLs are credentials, so only the admin may. */
export const canManageChannels = (role: Me["role"]): boolean => role === "admin";
