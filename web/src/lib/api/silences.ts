import { SilenceListSchema, SilenceResultSchema, type Silence, type SilenceCreate } from "$contract";
import type { ApiClient } from "./client";
import { hackathonPath } from "./hackathons";

function silencesPath(id: string, silenceId?: string): string {
  const base = `${hackathonPath(id)}/silences`;
  return silenceId === undefined ? base : `${base}/${encodeURIComponent(silenceId)}`;
}

/** The hackathon's silences, newest first (expired ones are kept a week). */
export async function listSilences(api: ApiClient, id: string): Promise<Silence[]> {
  return (await api.get(silencesPath(id), SilenceListSchema)).silences;
}

/** Mutes matching alerts until `ends_at` (an operator or the admin; the server records who). */
export async function createSilence(api: ApiClient, id: string, input: SilenceCreate): Promise<Silence> {
  return (await api.post(silencesPath(id), SilenceResultSchema, input)).silence;
}

/** Ends the silence now (idempotent). */
export async function endSilence(api: ApiClient, id: string, silenceId: string): Promise<Silence> {
  return (await api.delete(silencesPath(id, silenceId), SilenceResultSchema)).silence;
}
