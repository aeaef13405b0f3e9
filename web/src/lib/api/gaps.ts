import { GapsResponseSchema, HackathonSchema, type GapsResponse, type Hackathon } from "$contract";
import type { ApiClient } from "./client";
import { hackathonPath } from "./hackathons";

/** The critical path and the blocked tasks on it, computed from the task table when asked. */
export function getGaps(api: ApiClient, id: string): Promise<GapsResponse> {
  return api.get(`${hackathonPath(id)}/gaps`, GapsResponseSchema);
}

/** The hackathon's configuration (thresholds, budget, public flag) as a viewer may read it. */
export function getHackathon(api: ApiClient, id: string): Promise<Hackathon> {
  return api.get(hackathonPath(id), HackathonSchema);
}
