import type { z } from "zod";
import {
  HackathonCredentialsSchema,
  HackathonSchema,
  type HackathonCreateSchema,
  type Hackathon,
  type HackathonCredentials,
  type HackathonUpdate,
} from "$contract";
import type { ApiClient } from "./client";
import { hackathonPath } from "./hackathons";

/** What the console sends to create a hackathon: the schema's input, so what is left out gets the server's defaults. */
export type HackathonCreateInput = z.input<typeof HackathonCreateSchema>;

/** Creates a hackathon (admin); the answer's tokens and secret are shown this once. */
export function createHackathon(api: ApiClient, input: HackathonCreateInput): Promise<HackathonCredentials> {
  return api.post("/api/hackathons", HackathonCredentialsSchema, input);
}

/** Changes only the fields in `patch` (admin): the server leaves every field left out as it was. */
export function updateHackathon(api: ApiClient, id: string, patch: HackathonUpdate): Promise<Hackathon> {
  return api.patch(hackathonPath(id), HackathonSchema, patch);
}

/** Archives (admin): data is kept, and the webhooks refuse new events until it is un-archived. */
export function archiveHackathon(api: ApiClient, id: string): Promise<Hackathon> {
  return api.delete(hackathonPath(id), HackathonSchema);
}

/** New tokens and webhook secret (admin); the old ones, and everything they opened, stop at once. */
export function rotateCredentials(api: ApiClient, id: string): Promise<HackathonCredentials> {
  return api.post(`${hackathonPath(id)}/rotate`, HackathonCredentialsSchema);
}
