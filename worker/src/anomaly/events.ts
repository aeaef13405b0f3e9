import { count, finite, record, fail } from "./state-checks";

/**
 * One event, one alert. An alert opens an event; while it is open, further alerting
 * points are the same event and are damped below the alert level. The event closes when
 * the series has *returned*: RETURN_POINTS consecutive points scoring below NORMAL_SCORE
 * (the score an ordinary value gets). A spike after that is a new event and alerts in
 * full, however soon and however similar to the last; a run that keeps coming back above
 * normal (a burst, a flapping metric, a level still being absorbed) stays one event —
 * unless it escalates: a point scoring ESCALATION above the event's peak so far passes
 * in full (a slow drift that turns into an outage, a change alarm that a gross spike then
 * confirms), so the alert can rise in severity instead of being hidden.
 */

// What "normal" means for a point: the seed's own bar for an ordinary value.
const NORMAL_SCORE = 0.3;
// Two normal points in a row, not one: a single low point inside a burst is not a return.
const RETURN_POINTS = 2;
// How much a suppressed repeat is scaled down: far enough below the alert level to stay
// silent, while still visibly elevated on a chart.
const DAMPING = 0.5;
// How far above the event's peak a point must score to count as an escalation: about
// one severity band (warning 0.7 → critical 0.9 and beyond).
const ESCALATION = 0.2;

export interface EventState {
  open: boolean;
  quiet: number;
  /** Highest score passed in full during the open event (0 when none is open). */
  peak: number;
}

export class EventGate {
  private open = false;
  private quiet = 0;
  private peak = 0;

  constructor(private readonly alertLevel: number) {}

  /** Whether an event is open (the last alert's run has not returned yet). */
  get inEvent(): boolean {
    return this.open;
  }

  /** Passes one point's score, damping it if it repeats an open event. */
  apply(score: number): number {
    if (!this.open) {
      // Opens on an alert. Written without a branch, as the first alert may come long
      // after V8 has optimised this path.
      const opens = score >= this.alertLevel;
      this.open = opens;
      this.quiet = opens ? 0 : this.quiet;
      this.peak = opens ? score : this.peak;
      return score;
    }
    if (score < NORMAL_SCORE) {
      this.quiet++;
      if (this.quiet >= RETURN_POINTS) {
        this.open = false;
        this.quiet = 0;
        this.peak = 0;
      }
      return score;
    }
    this.quiet = 0;
    if (score >= this.peak + ESCALATION) {
      this.peak = score;
      return score;
    }
    return score >= this.alertLevel ? score * DAMPING : score;
  }

  toState(): EventState {
    return { open: this.open, quiet: this.quiet, peak: this.peak };
  }

  restore(state: EventState): void {
    this.open = state.open;
    this.quiet = state.quiet;
    this.peak = state.peak;
  }
}

export function parseEventState(raw: unknown): EventState {
  const e = record(raw, "event");
  if (typeof e.open !== "boolean") fail("event.open must be a boolean");
  const quiet = count(e.quiet, "event.quiet");
  if (quiet >= RETURN_POINTS) fail("event.quiet out of range");
  const peak = finite(e.peak, "event.peak");
  if (peak < 0 || peak > 1) fail("event.peak outside [0,1]");
  return { open: e.open, quiet, peak };
}
