import type { AnomalyMark } from "../contract";
import type { PartKind } from "./views/dashboard-state";

/**
 * What one change to a hackathon did, for the object's single commit path (RoomPipeline.commit, room-pipeline.ts).
 * Ingest, alert evaluation, a person's action, a timer and a config save each store their change
 * and return one of these; the commit then drops the cached dashboard, queues notifications, arms
 * the alarm and tells subscribers, always in that order.
 */
export class Effects {
  /** Parts of DashboardState whose figures may have moved: re-read and sent at the next live frame, in this order. */
  readonly parts = new Set<PartKind>();
  /** Alerts whose stored state changed: live channel, SSE stream and notification channels. */
  readonly alerts = new Set<string>();
  readonly incidents = new Set<string>();
  /** New anomaly marks for the charts. */
  readonly marks: AnomalyMark[] = [];
  /** The whole state goes out first, as a snapshot (after a config save). */
  snapshot = false;
  /** Something was stored that nothing above names (a timer row, folded events): the commit still runs. */
  stored = false;

  /** Effects of a change that only stored something (a timer row, folded events). */
  static storedOnly(): Effects {
    const effects = new Effects();
    effects.stored = true;
    return effects;
  }

  get isEmpty(): boolean {
    const named = this.parts.size + this.alerts.size + this.incidents.size + this.marks.length;
    return named === 0 && !this.snapshot && !this.stored;
  }

  /** Adds `other` after what this already holds (parts keep the order they were first named in). */
  merge(other: Effects): this {
    for (const kind of other.parts) this.parts.add(kind);
    for (const id of other.alerts) this.alerts.add(id);
    for (const id of other.incidents) this.incidents.add(id);
    this.marks.push(...other.marks);
    this.snapshot ||= other.snapshot;
    this.stored ||= other.stored;
    return this;
  }
}
