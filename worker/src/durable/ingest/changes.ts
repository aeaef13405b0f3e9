import type { DeltaKind, InboundEvent, SourceName } from "../../contract";

/** What one ingest call touched, so only those parts are recomputed, pushed and rolled up. */
export class ChangeSet {
  readonly kinds = new Set<DeltaKind>();
  readonly sources = new Set<SourceName>();
  /** Earliest event time per history family, for back-fill. */
  costFrom: number | null = null;
  tokensFrom: number | null = null;
  readonly tokenMinutes = new Set<number>();
  readonly metricMinutes = new Map<string, Set<number>>();
  tasksFrom: number | null = null;
  /** The newly accepted events in arrival order, for the anomaly detectors; `own`: the sender's own (ingest/origin.ts). */
  readonly accepted: Array<{ event: InboundEvent; ts: number; own: boolean }> = [];

  get isEmpty(): boolean {
    return this.kinds.size === 0;
  }
}

export const earliest = (current: number | null, ts: number) => (current === null ? ts : Math.min(current, ts));
