import type { HackathonSummary, Me } from "$contract";
import { ApiError } from "$lib/api/client";
import { listHackathons } from "$lib/api/hackathons";
import { ADMIN_SCOPE, forgetToken, saveToken } from "$lib/auth/token-store";
import { apiWithToken, type MakeApi, signedInPerson } from "$lib/auth/who-acts";

/** How often the overview reads the list again. */
export const OVERVIEW_REFRESH_MS = 10_000;

export interface OverviewSessionOptions {
  /** Where the admin token is kept: localStorage in the browser. */
  storage: Storage;
  makeApi?: MakeApi;
}

/**
 * The overview of the hackathons: read with the admin token, or, without one, as the person
 * signed in through Cloudflare Access (who sees the hackathons they are a member of); read now
 * and every few seconds.
 */
export class OverviewSession {
  token = $state<string | null>(null);
  /** The signed-in person the list is read as while there is no token. */
  person = $state.raw<Me | null>(null);
  /** Until the page knows whether it has a token or a signed-in person, it shows neither the form nor the list. */
  checking = $state(true);
  refused = $state(false);
  hackathons = $state<HackathonSummary[] | null>(null);
  fetchedAt = $state<Date | null>(null);
  /** Why the last read failed; the list shown is then as of `fetchedAt`. */
  problem = $state<string | null>(null);
  readonly #options: OverviewSessionOptions;
  readonly #api: MakeApi;

  constructor(options: OverviewSessionOptions) {
    this.#options = options;
    this.#api = options.makeApi ?? apiWithToken;
  }

  /** Whether the list can be read: with a token, or as a signed-in person. */
  get signedIn(): boolean {
    return this.token !== null || this.person !== null;
  }

  /** Whoever reads the list may create hackathons only as the admin (any token the overview accepts is the admin's). */
  get mayCreate(): boolean {
    return this.token !== null || this.person?.role === "admin";
  }

  /**
   * Starts with `token` (null: the signed-in person if the API names one, else ask for a token)
   * and reads the list again every few seconds; returns the stop.
   */
  start(token: string | null): () => void {
    this.token = token;
    if (token === null) void this.#lookForPerson();
    else {
      this.checking = false;
      void this.refresh();
    }
    const timer = setInterval(() => void this.refresh(), OVERVIEW_REFRESH_MS);
    return () => clearInterval(timer);
  }

  /** Asks the API, without a token, whether a person is signed in through Access; reads the list as them if so. */
  async #lookForPerson(): Promise<void> {
    this.checking = true;
    const person = await signedInPerson(this.#api);
    this.checking = false;
    // A token typed in meanwhile wins.
    if (this.token !== null) return;
    this.person = person;
    if (this.person) await this.refresh();
  }

  async refresh(): Promise<void> {
    const { token } = this;
    if (!this.signedIn) return;
    const { storage } = this.#options;
    try {
      this.hackathons = await listHackathons(this.#api(token));
      this.fetchedAt = new Date();
      this.problem = null;
    } catch (error) {
      if (error instanceof ApiError && error.isAuthFailure) {
        // A refused token is forgotten; a person refused has an Access session that ended: both get the token form.
        if (token === null) this.person = null;
        else {
          forgetToken(storage, ADMIN_SCOPE);
          this.refused = true;
          this.token = null;
        }
        this.hackathons = null;
      } else {
        this.problem = error instanceof Error ? error.message : String(error);
      }
    }
  }

  /** A token typed into the form: kept, then used. */
  useToken(token: string): void {
    saveToken(this.#options.storage, ADMIN_SCOPE, token);
    this.token = token;
    this.refused = false;
    void this.refresh();
  }

  /** Forgets the admin token; a person still signed in through Access then sees their own list. */
  signOut(): void {
    forgetToken(this.#options.storage, ADMIN_SCOPE);
    this.token = null;
    this.hackathons = null;
    void this.#lookForPerson();
  }
}
