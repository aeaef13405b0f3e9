import type { HackathonSummary } from "$contract";
import { type ApiClient, ApiError, createApiClient } from "$lib/api/client";
import { listHackathons } from "$lib/api/hackathons";
import { ADMIN_SCOPE, forgetToken, saveToken } from "$lib/auth/token-store";

/** How often the overview reads the list again. */
export const OVERVIEW_REFRESH_MS = 10_000;

export interface OverviewSessionOptions {
  /** Where the admin token is kept: localStorage in the browser. */
  storage: Storage;
  /** The API client of a token; tests pass a fake. */
  makeApi?: (token: string) => ApiClient;
}

/** The overview of all hackathons: the admin token, and the list read now and every few seconds. */
export class OverviewSession {
  token = $state<string | null>(null);
  refused = $state(false);
  hackathons = $state<HackathonSummary[] | null>(null);
  fetchedAt = $state<Date | null>(null);
  /** Why the last read failed; the list shown is then as of `fetchedAt`. */
  problem = $state<string | null>(null);
  readonly #options: OverviewSessionOptions;

  constructor(options: OverviewSessionOptions) {
    this.#options = options;
  }

  /** Starts with `token` (null: ask for one) and reads the list again every few seconds; returns the stop. */
  start(token: string | null): () => void {
    this.token = token;
    void this.refresh();
    const timer = setInterval(() => void this.refresh(), OVERVIEW_REFRESH_MS);
    return () => clearInterval(timer);
  }

  async refresh(): Promise<void> {
    const { token } = this;
    if (!token) return;
    const { makeApi = (t) => createApiClient({ token: t }), storage } = this.#options;
    try {
      this.hackathons = await listHackathons(makeApi(token));
      this.fetchedAt = new Date();
      this.problem = null;
    } catch (error) {
      if (error instanceof ApiError && error.isAuthFailure) {
        forgetToken(storage, ADMIN_SCOPE);
        this.refused = true;
        this.token = null;
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

  signOut(): void {
    forgetToken(this.#options.storage, ADMIN_SCOPE);
    this.token = null;
    this.hackathons = null;
  }
}
