/** The object's notion of now; tests pin it to drive time-dependent figures. */
export class Clock {
  #pinnedAt: number | null = null;

  now(): number {
    return this.#pinnedAt ?? Date.now();
  }

  pin(ms: number | null): void {
    this.#pinnedAt = ms;
  }
}
