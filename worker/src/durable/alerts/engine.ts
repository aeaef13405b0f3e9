import { MINUTE_MS } from "../../lib/time";
import { cancelTimer, rescheduleTimer, scheduleTimer } from "../alarm-plan";
import { scorePoints, type ScoredPoint } from "../anomaly/detectors";
import { minutePeaks, recordScores } from "../anomaly/marks";
import { seriesPointsOf, type SeriesPoint } from "../anomaly/series-points";
import { closedTokenMinutes, nextTokenMinuteAt } from "../anomaly/token-minutes";
import { currentSpend } from "../figures/cost";
import { isFlooding, readFloodOnceBaselined } from "../figures/token-flood";
import { pruneTokenSeconds } from "../figures/token-seconds";
import { markMinute } from "../history/mark-dirty";
import type { ChangeSet } from "../ingest/changes";
import type { RoomRecord } from "../room-record";
import { Effects } from "../effects";
import { nextCounter } from "../storage/meta";
import { budgetHolds, budgetLevelHolds, evaluateBudget, LEGACY_BUDGET_FINGERPRINTS, type BudgetReading } from "./budget";
import { anomalySpec, BUDGET_FINGERPRINT, FLOOD_FINGERPRINT, floodSpec, type BudgetLevel } from "./describe";
import { correlateAlert, resolveFinishedIncidents } from "./incidents";
import { holdAlert, raiseAlert, type Raised } from "./lifecycle";
import { nextMuteChangeOfAny } from "./apply-mutes";
import { earliestOpenLastSeen, markStillHolding, overdueAlerts, pruneAlertChanges, resolveAlertRow } from "./store";

/** Back-filled points teach the detectors but do not page anyone about the past. */
const ALERT_RECENCY_MS = 15 * MINUTE_MS;
/** A series pages only once its detector has this many points behind it; its first minutes are still scored and marked. */
const MIN_POINTS_BEFORE_ALERT = 20;
const ANOMALY_HISTORY_KEPT_MS = 8 * 24 * 60 * MINUTE_MS;

export type AlertContext = { sql: SqlStorage; record: RoomRecord; now: number; historyFlushMs: number };

const idOf = (ctx: AlertContext) => ctx.record.config.id;

function budgetReading(ctx: AlertContext): BudgetReading {
  const { config } = ctx.record;
  return { spend: currentSpend(ctx.sql), budget: config.budget.amount, currency: config.budget.currency, thresholds: config.thresholds };
}

/** Notes a changed alert, which joins the incident of anomalies observed near `observedAt`. */
function noteRaised(ctx: AlertContext, raised: Raised, effects: Effects, observedAt: number): void {
  effects.alerts.add(raised.id);
  const incident = correlateAlert(ctx.sql, raised.id, ctx.now, observedAt, idOf(ctx));
  if (incident) effects.incidents.add(incident);
}

/** The `anomaly.<series>` history of each scored minute goes to D1 with the next flush. */
function markScoreHistory(ctx: AlertContext, scored: ScoredPoint[]): void {
  if (scored.length === 0) return;
  const version = nextCounter(ctx.sql, "history_version");
  for (const { series, minute } of minutePeaks(scored)) markMinute(ctx.sql, `anomaly.${series}`, minute, version);
  scheduleTimer(ctx.sql, "history-flush", ctx.now + ctx.historyFlushMs);
}

function scoreAndAlert(ctx: AlertContext, points: SeriesPoint[], effects: Effects): void {
  const threshold = ctx.record.config.thresholds.anomaly;
  const scored = scorePoints(ctx.sql, points, ctx.now);
  // Cost and token figures show the latest score and flood state.
  if (scored.length > 0) effects.parts.add("cost").add("tokens");
  effects.marks.push(...recordScores(ctx.sql, scored, threshold, ctx.now));
  markScoreHistory(ctx, scored);
  for (const point of scored) {
    if (point.score <= threshold || point.ts < ctx.now - ALERT_RECENCY_MS || point.seen < MIN_POINTS_BEFORE_ALERT) continue;
    const raised = raiseAlert(ctx.sql, anomalySpec(point, ctx.record.config.budget.currency), ctx.now, idOf(ctx));
    noteRaised(ctx, raised, effects, point.ts);
  }
}

function checkFlood(ctx: AlertContext, effects: Effects): void {
  const flood = readFloodOnceBaselined(ctx.sql, ctx.now);
  if (flood?.flooding) noteRaised(ctx, holdAlert(ctx.sql, floodSpec(flood, ctx.now), ctx.now, idOf(ctx)), effects, ctx.now);
}

/** Runs the detectors and alert rules over what one ingest changed. */
export function evaluateIngest(ctx: AlertContext, changes: ChangeSet): Effects {
  const effects = new Effects();
  // An alert past its hold must not swallow a new anomaly as a repeat, even if its alarm is late.
  expireOverdue(ctx, effects);
  scoreAndAlert(ctx, seriesPointsOf(ctx.sql, changes.accepted), effects);
  if (changes.kinds.has("cost")) {
    for (const id of evaluateBudget(ctx.sql, budgetReading(ctx), ctx.now, idOf(ctx))) effects.alerts.add(id);
  }
  if (changes.kinds.has("tokens")) checkFlood(ctx, effects);
  return effects;
}

/** A budget change (PATCH) can cross a level or clear one. */
export function evaluateConfig(ctx: AlertContext): Effects {
  const effects = new Effects();
  for (const id of evaluateBudget(ctx.sql, budgetReading(ctx), ctx.now, idOf(ctx))) effects.alerts.add(id);
  return effects;
}

/** Scores each token minute that has closed, and checks for a flood; older token buckets go while the calls flow. */
export function runTokenMinute(ctx: AlertContext): Effects {
  const effects = new Effects();
  pruneTokenSeconds(ctx.sql, ctx.now);
  scoreAndAlert(ctx, closedTokenMinutes(ctx.sql, ctx.now), effects);
  checkFlood(ctx, effects);
  effects.parts.add("cost").add("tokens");
  return effects;
}

/** Whether a level alert's condition still holds now; anomalies hold only through new points. */
function stillHolds(ctx: AlertContext, fingerprint: string): boolean {
  if (fingerprint === FLOOD_FINGERPRINT) return isFlooding(ctx.sql, ctx.now);
  if (fingerprint === BUDGET_FINGERPRINT) return budgetHolds(budgetReading(ctx));
  if (LEGACY_BUDGET_FINGERPRINTS.includes(fingerprint)) return budgetLevelHolds(fingerprint.slice(7) as BudgetLevel, budgetReading(ctx));
  return false;
}

/** Open alerts whose hold has run out: still holding ones are kept, the rest resolve, then their incidents. */
function expireOverdue(ctx: AlertContext, effects: Effects): void {
  const holdMs = ctx.record.config.thresholds.alert_hold_s * 1000;
  let resolved = false;
  for (const open of overdueAlerts(ctx.sql, idOf(ctx), ctx.now - holdMs)) {
    if (stillHolds(ctx, open.fingerprint)) {
      markStillHolding(ctx.sql, open.alert.id, ctx.now);
    } else {
      resolveAlertRow(ctx.sql, open.alert.id, ctx.now, "auto");
      effects.alerts.add(open.alert.id);
      resolved = true;
    }
  }
  // An incident can only finish when one of its alerts resolves.
  if (!resolved) return;
  for (const id of resolveFinishedIncidents(ctx.sql, ctx.now)) effects.incidents.add(id);
}

/**
 * The hold-period check: an alert whose condition has been clear for `alert_hold_s` resolves
 * itself, and an incident whose alerts have all resolved closes.
 */
export function runHoldCheck(ctx: AlertContext): Effects {
  const effects = new Effects();
  expireOverdue(ctx, effects);
  pruneAlertChanges(ctx.sql);
  ctx.sql.exec("DELETE FROM anomaly_minutes WHERE minute < ?", Math.floor((ctx.now - ANOMALY_HISTORY_KEPT_MS) / 1000));
  return effects;
}

/** Sets the hold-check timer to the earliest moment an open alert could resolve, the silence and token-minute timers. */
export function scheduleAlertTimers(ctx: AlertContext): void {
  const holdMs = ctx.record.config.thresholds.alert_hold_s * 1000;
  const earliest = earliestOpenLastSeen(ctx.sql);
  if (earliest === null) cancelTimer(ctx.sql, "alerts");
  else rescheduleTimer(ctx.sql, "alerts", Math.max(ctx.now, earliest + holdMs));
  const silenceChange = nextMuteChangeOfAny(ctx.sql, ctx.now);
  if (silenceChange === null) cancelTimer(ctx.sql, "silences");
  else rescheduleTimer(ctx.sql, "silences", silenceChange);
  const tokenMinute = nextTokenMinuteAt(ctx.sql, ctx.now);
  if (tokenMinute === null) cancelTimer(ctx.sql, "token-minute");
  else rescheduleTimer(ctx.sql, "token-minute", tokenMinute);
}
