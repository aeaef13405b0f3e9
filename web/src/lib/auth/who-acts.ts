import type { Me } from "$contract";
import { type ApiClient, createApiClient } from "$lib/api/client";
import { getMe } from "$lib/api/me";
import { type Chosen, chooseCredential, storedCredentials } from "./credential";

/** The API client of a credential (null: the Cloudflare Access cookie alone); tests pass a fake. */
export type MakeApi = (token: string | null) => ApiClient;

export const apiWithToken: MakeApi = (token) => createApiClient({ token });

/**
 * The person signed in through Cloudflare Access: the API asked with the cookie alone (and about
 * the hackathon, when one is named). Null when nobody is, or when asking fails.
 */
export async function signedInPerson(makeApi: MakeApi, hackathonId?: string): Promise<Me | null> {
  const me = await getMe(makeApi(null), hackathonId).catch(() => null);
  return me?.email ? me : null;
}

export interface WhoActsInput {
  storage: Storage;
  hackathonId?: string;
  /** The dashboard acts as the first credential that opens it, the console as the strongest. */
  pick: "first" | "highest";
  makeApi: MakeApi;
}

export interface WhoActs {
  /** The credential the page acts as; null when none of those stored opens anything. */
  chosen: Chosen | null;
  /** The person signed in through Access, even without a role here (so a page can say who is refused). */
  person: Me | null;
}

/** Asks the API who each credential stored in this browser is, and picks the one a page acts as. */
export async function whoActs({ storage, hackathonId, pick, makeApi }: WhoActsInput): Promise<WhoActs> {
  let person: Me | null = null;
  const askMe = async (credential: Chosen["credential"]) => {
    const me = await getMe(makeApi(credential.token), hackathonId);
    if (credential.source === "sign-in" && me.email) person = me;
    return me;
  };
  const chosen = await chooseCredential(storedCredentials(storage, hackathonId), askMe, pick);
  return { chosen, person };
}
