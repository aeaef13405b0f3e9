import { debounce, type Debounced } from "./rca";

/**
 * A value read from the API now and again on demand (debounced, for bursts of live deltas).
 * Once stopped, late answers are dropped: a reconnect with another token starts a new one.
 */
export class Refreshed<T> {
  value = $state.raw<T | null>(null);
  error = $state<string | null>(null);
  #stopped = false;
  readonly #debounced: Debounced;

  constructor(
    private readonly read: () => Promise<T>,
    debounceMs = 1000,
  ) {
    this.#debounced = debounce(() => void this.load(), debounceMs);
  }

  async load(): Promise<void> {
    try {
      const value = await this.read();
      if (this.#stopped) return;
      this.value = value;
      this.error = null;
    } catch (error) {
      if (!this.#stopped) this.error = error instanceof Error ? error.message : String(error);
    }
  }

  /** Reads again once a burst of calls has settled. */
  refresh(): void {
    this.#debounced.call();
  }

  stop(): void {
    this.#stopped = true;
    this.#debounced.cancel();
  }
}
