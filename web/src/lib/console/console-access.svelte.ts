import { type Me, roleAtLeast } from "$contract";
import type { ApiClient } from "$lib/api/client";
import { getMe } from "$lib/api/me";
import { type Chosen, CREDENTIALS_CHANGED, rememberToken } from "$lib/auth/credential";
import { apiWithToken, type MakeApi, whoActs } from "$lib/auth/who-acts";
import { type ConsoleAbilities, consoleAbilities } from "./abilities";

export interface ConsoleAccessOptions {
  storage: Storage;
  /** The hackathon the page is about; none for creating one. */
  hackathonId?: string;
  /** The least role the page is any use to. */
  least: "viewer" | "operator" | "admin";
  makeApi?: MakeApi;
}

/**
 * Who a console page acts as: of the credentials this browser holds (the admin token, the
 * hackathon's own token, the signed-in person) the one with the most rights, or a token typed in.
 */
export class ConsoleAccess {
  readonly #options: ConsoleAccessOptions;
  chosen = $state.raw<Chosen | null>(null);
  /** The signed-in person, even when they have no role here (so the page can say who is refused). */
  person = $state.raw<Me | null>(null);
  checking = $state(true);
  /** A token typed in that opens nothing here. */
  refused = $state(false);
  api = $derived(this.chosen ? this.#makeApi(this.chosen.credential.token) : null);
  role = $derived<Me["role"]>(this.chosen?.me.role ?? null);
  can = $derived<ConsoleAbilities>(consoleAbilities(this.role));
  /** Why the page cannot be used with the credential in hand, once one was tried. */
  problem = $derived.by(() => {
    if (this.refused) return "That token opens nothing here.";
    if (this.chosen && !this.allowed) return `${this.chosen.me.email ?? `The ${this.chosen.me.by}`} (${this.role}) cannot use this page.`;
    return null;
  });

  constructor(options: ConsoleAccessOptions) {
    this.#options = options;
  }

  /** Whether the credential in hand may use the page at all. */
  get allowed(): boolean {
    return roleAtLeast(this.role, this.#options.least);
  }

  // A method, not a field set in the constructor: the `api` field above is declared before it runs.
  #makeApi(token: string | null): ApiClient {
    return (this.#options.makeApi ?? apiWithToken)(token);
  }

  /** Reads who each stored credential is and acts as the strongest; a token from the page's link is tried first. */
  async check(fromLink: string | null = null): Promise<void> {
    this.checking = true;
    try {
      if (fromLink !== null) {
        await this.useToken(fromLink);
        if (this.chosen) return;
      }
      const { storage, hackathonId } = this.#options;
      const { chosen, person } = await whoActs({ storage, hackathonId, pick: "highest", makeApi: (token) => this.#makeApi(token) });
      this.chosen = chosen;
      this.person = person;
    } finally {
      this.checking = false;
    }
  }

  /** A token typed into the page: kept (as the admin's, or the hackathon's own) when it opens something here. */
  async useToken(token: string): Promise<void> {
    const me = await getMe(this.#makeApi(token), this.#options.hackathonId).catch(() => null);
    if (!me || me.role === null || me.role === "ingest") {
      this.refused = true;
      return;
    }
    rememberToken(this.#options.storage, token, me, this.#options.hackathonId);
    globalThis.dispatchEvent?.(new Event(CREDENTIALS_CHANGED));
    this.refused = false;
    this.chosen = { credential: { token, source: me.role === "admin" ? "admin token" : "hackathon token" }, me };
  }
}
