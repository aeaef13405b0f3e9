import type { Me } from "$contract";
import { type Chosen, storedCredentials } from "$lib/auth/credential";
import { apiWithToken, type MakeApi, type WhoActsInput, whoActs } from "$lib/auth/who-acts";

/** Which page the header speaks for: a hackathon's (dashboard or console) or none (overview, new). */
export type SignedInContext = Pick<WhoActsInput, "hackathonId" | "pick">;

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
  readonly #makeApi: MakeApi;

  constructor(storage: Storage, makeApi: MakeApi = apiWithToken) {
    this.#storage = storage;
    this.#makeApi = makeApi;
  }

  async update(context: SignedInContext): Promise<void> {
    const stored = storedCredentials(this.#storage, context.hackathonId).map((c) => c.token);
    const key = JSON.stringify([context.hackathonId ?? null, context.pick, stored]);
    if (key === this.#key) return;
    this.#key = key;
    const { chosen, person } = await whoActs({ ...context, storage: this.#storage, makeApi: this.#makeApi });
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
