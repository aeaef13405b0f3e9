/**
 * Which row of a list of time-windowed things (silences, maintenance windows) is being ended.
 * One at a time: every end button of the list waits while a request is under way.
 */
export class EndingRow {
  /** The row whose end request is under way, if any. */
  id = $state<string | null>(null);

  /** Runs the request that ends row `id`; answers why it failed, or null when it did not. */
  async end(id: string, request: () => Promise<void>): Promise<string | null> {
    this.id = id;
    try {
      await request();
      return null;
    } catch (error) {
      return error instanceof Error ? error.message : String(error);
    } finally {
      this.id = null;
    }
  }
}
