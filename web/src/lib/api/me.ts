import { MeSchema, type Me } from "$contract";
import type { ApiClient } from "./client";

/** Who this token is on the hackathon: the page shows acting controls only to an operator or the admin. */
export async function getMe(api: ApiClient, hackathonId: string): Promise<Me> {
  return api.get(`/api/me?${new URLSearchParams({ hackathon: hackathonId })}`, MeSchema);
}

/** Whether the role may acknowledge and resolve alerts and plan maintenance (docs/contract.md section 2). */
export const canOperate = (role: Me["role"]): boolean => role === "operator" || role === "admin";
