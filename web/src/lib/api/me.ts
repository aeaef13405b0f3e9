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
