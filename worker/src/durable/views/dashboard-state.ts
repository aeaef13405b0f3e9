import type { DashboardState, DeltaKind, TaskMetrics } from "../../contract";
import { readProviderBudget } from "../../integrations/google/budget-periods";
import { toIso, toIsoOrNull } from "../../lib/time";
import { readIncidents } from "../alerts/incidents";
import { FLOOD_FINGERPRINT } from "../alerts/describe";
import { hasOpenAlert, readOpenAlerts } from "../alerts/store";
import { latestScore } from "../anomaly/detectors";
import { readRecentMarks } from "../anomaly/marks";
import { type BurnEstimate, estimateBurn } from "../figures/burn-rate";
import { readCostMetrics } from "../figures/cost";
import { lastUpdatedAt, readHysteresisHealth } from "../figures/health";
import { readLatestMetrics } from "../figures/metrics";
import { readOutlook } from "../figures/outlook";
import { readTaskMetrics } from "../figures/tasks";
import { readTokenMetrics } from "../figures/tokens";
import type { RoomRecord } from "../room-record";

/** One read of figures: a whole state, or one frame of the live channel. */
export type FigureContext = { sql: SqlStorage; record: RoomRecord; now: number };

/** Figures more than one part is read from (cost and outlook, tasks and outlook), worked out once per context. */
type SharedFigures = { burn?: BurnEstimate; tasks?: TaskMetrics };
const sharedFigures = new WeakMap<FigureContext, SharedFigures>();

function sharedOf(ctx: FigureContext): SharedFigures {
  const kept = sharedFigures.get(ctx);
  if (kept) return kept;
  const shared: SharedFigures = {};
  sharedFigures.set(ctx, shared);
  return shared;
}

/** The burn estimate as of the context's `now` (about 14 queries): read once, by whichever part comes first. */
function burnOf(ctx: FigureContext): BurnEstimate {
  const shared = sharedOf(ctx);
  shared.burn ??= estimateBurn(ctx.sql, ctx.now, timeline(ctx.record).startsAt);
  return shared.burn;
}

/** The task figures without `last_updated` (the tasks part adds it): read once. */
function tasksOf(ctx: FigureContext): TaskMetrics {
  const shared = sharedOf(ctx);
  shared.tasks ??= readTaskMetrics(ctx.sql, { now: ctx.now, ...timeline(ctx.record) }, null);
  return shared.tasks;
}

function timeline(record: RoomRecord) {
  const { config } = record;
  return {
    startsAt: Date.parse(config.starts_at),
    endsAt: config.ends_at ? Date.parse(config.ends_at) : null,
  };
}

/** Readers of each part of DashboardState, keyed by the live-channel kind that carries it. */
export const readPart = {
  cost: (ctx: FigureContext) =>
    readCostMetrics(
      ctx.sql,
      { endsAt: timeline(ctx.record).endsAt, budget: ctx.record.config.budget.amount, burn: burnOf(ctx) },
      lastUpdatedAt(ctx.sql, "cost"),
      latestScore(ctx.sql, "cost.spend"),
    ),
  tasks: (ctx: FigureContext): TaskMetrics => ({ ...tasksOf(ctx), last_updated: toIsoOrNull(lastUpdatedAt(ctx.sql, "tasks")) }),
  tokens: ({ sql, now }: FigureContext) => {
    const figures = readTokenMetrics(sql, now, lastUpdatedAt(sql, "tokens"));
    // The headline and the alert agree (docs/contract.md section 8): a flood holds as long as its
    // alert does, through the hold period after the last flooding minute, not only while it floods.
    return figures.flood_detected ? figures : { ...figures, flood_detected: hasOpenAlert(sql, FLOOD_FINGERPRINT) };
  },
  metric: ({ sql }: FigureContext) => readLatestMetrics(sql),
  health: ({ sql }: FigureContext) => readHysteresisHealth(sql),
  provider_budget: ({ sql }: FigureContext) => readProviderBudget(sql),
  outlook: (ctx: FigureContext) =>
    readOutlook(ctx.sql, {
      now: ctx.now,
      endsAt: timeline(ctx.record).endsAt,
      budget: ctx.record.config.budget.amount,
      burn: burnOf(ctx),
      workCompleteAt: tasksOf(ctx).estimated_completion,
    }),
} satisfies Partial<Record<DeltaKind, (ctx: FigureContext) => unknown>>;

export type PartKind = keyof typeof readPart;

/** The parts a change touched, plus those computed from them: the outlook moves with spend and the board. */
export function withDerivedParts(parts: Iterable<PartKind>): Set<PartKind> {
  const all = new Set(parts);
  if (all.has("cost") || all.has("tasks")) all.add("outlook");
  return all;
}

/** Whether a live-channel kind is a part read from storage (alerts, incidents and marks are sent as they change). */
export const isPartKind = (kind: string): kind is PartKind => kind in readPart;

export function readDashboardState(ctx: FigureContext): DashboardState {
  const { record, sql, now } = ctx;
  const health = readPart.health(ctx);
  return {
    hackathon_id: record.config.id,
    name: record.config.name,
    status: record.config.status,
    currency: record.config.budget.currency,
    budget: record.config.budget.amount,
    starts_at: toIso(Date.parse(record.config.starts_at)),
    ends_at: record.config.ends_at ? toIso(Date.parse(record.config.ends_at)) : null,
    last_updated: toIso(now),
    stale: Object.values(health).some((source) => source.mode === "degraded"),
    cost_metrics: readPart.cost(ctx),
    task_metrics: readPart.tasks(ctx),
    token_metrics: readPart.tokens(ctx),
    metrics: readPart.metric(ctx),
    alerts: readOpenAlerts(sql, record.config.id),
    incidents: readIncidents(sql, record.config.id, now),
    anomalies: readRecentMarks(sql, now),
    hysteresis_health: health,
    provider_budget: readPart.provider_budget(ctx),
    outlook: readPart.outlook(ctx),
  };
}

export { timeline };
