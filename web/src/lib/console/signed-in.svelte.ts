import type { Me } from "$contract";
import { type ApiClient, createApiClient } from "$lib/api/client";
import { getMe } from "$lib/api/me";
import { type Chosen, chooseCredential, type Credential, storedCredentials } from "./credential";

/** Which page the header speaks for: a hackathon's (dashboard or console) or none (overview, new). */
export interface SignedInContext {
  hackathonId?: string;
  /** The dashboard acts as the first credential that opens it, the console as the strongest. */
  pick: "first" | "highest";
}

/**
 * Who the header says is signed in: asked again only when the page's hackathon or the tokens
 * stored in this browser change, so it can be checked as often as the page likes.
 */
export class SignedIn {
  chosen = $state.raw<Chosen | null>(null);
  /** The person signed in through Access, even without a role on this page. */
  person = $state.raw<Me | null>(null);
  #key: string | null = null;
  readonly #storage: Storage;
  readonly #makeApi: (token: string | null) => ApiClient;

  constructor(storage: Storage, makeApi: (token: string | null) => ApiClient = (token) => createApiClient({ token })) {
    this.#storage = storage;
    this.#makeApi = makeApi;
  }

  async update(context: SignedInContext): Promise<void> {
    const candidates = storedCredentials(this.#storage, context.hackathonId);
    const key = JSON.stringify([context.hackathonId ?? null, context.pick, candidates.map((c) => c.token)]);
    if (key === this.#key) return;
    this.#key = key;
    let person: Me | null = null;
    const askMe = async (credential: Credential) => {
      const me = await getMe(this.#makeApi(credential.token), context.hackathonId);
      if (credential.source === "sign-in" && me.email) person = me;
      return me;
    };
    const chosen = await chooseCredential(candidates, askMe, context.pick);
    // A later update has asked again meanwhile: its answer is the one to show.
    if (this.#key !== key) return;
    this.chosen = chosen;
    this.person = person;
  }

  /** Asks again on the next update even if nothing seems to have changed (a token may have been rotated). */
  forget(): void {
    this.#key = null;
  }
}
