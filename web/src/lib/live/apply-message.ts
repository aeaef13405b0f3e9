import { LiveMessageSchema, type DashboardState, type DeltaMessage, type HysteresisHealth, type LiveMessage } from "$contract";
import { addAnomalyMark, upsertIncident, upsertOpenAlert } from "./list-updates";

/** What the page knows: the latest state and the seq it reflects (null before any message). */
export interface LiveState {
  state: DashboardState | null;
  lastSeq: number | null;
}

/** Parses and validates one socket frame; anything that is not a contract message yields null. */
export function parseLiveMessage(raw: unknown): LiveMessage | null {
  if (typeof raw !== "string") return null;
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch {
    return null;
  }
  const parsed = LiveMessageSchema.safeParse(json);
  return parsed.success ? parsed.data : null;
}

/**
 * Folds one message into the state. A snapshot replaces everything; a delta replaces its part.
 * Returns `current` itself when the message changes nothing (a replayed seq, or a delta before any state).
 */
export function applyLiveMessage(current: LiveState, message: LiveMessage): LiveState {
  if (message.type === "snapshot") return { state: message.state, lastSeq: message.seq };
  if (!current.state) return current;
  if (current.lastSeq !== null && message.seq <= current.lastSeq) return current;
  return { state: applyDelta(current.state, message), lastSeq: message.seq };
}

function applyDelta(state: DashboardState, message: DeltaMessage): DashboardState {
  const next = { ...state, last_updated: later(state.last_updated, message.ts) };
  switch (message.type) {
    case "cost":
      return { ...next, cost_metrics: message.data };
    case "tasks":
      return { ...next, task_metrics: message.data };
    case "tokens":
      return { ...next, token_metrics: message.data };
    case "metric":
      return { ...next, metrics: { ...state.metrics, ...message.data } };
    case "alert":
      return { ...next, alerts: upsertOpenAlert(state.alerts, message.data) };
    case "incident":
      return { ...next, incidents: upsertIncident(state.incidents, message.data, next.last_updated) };
    case "anomaly":
      return { ...next, anomalies: addAnomalyMark(state.anomalies, message.data, next.last_updated) };
    case "provider_budget":
      return { ...next, provider_budget: message.data };
    case "outlook":
      return { ...next, outlook: message.data };
    case "health": {
      const health = { ...state.hysteresis_health, ...message.data };
      return { ...next, hysteresis_health: health, stale: anySourceDegraded(health) };
    }
  }
}

// The server sets `stale` when a source shows its last good figure, i.e. is degraded.
function anySourceDegraded(health: HysteresisHealth): boolean {
  return Object.values(health).some((source) => source?.mode === "degraded");
}

function later(a: string, b: string): string {
  return Date.parse(b) > Date.parse(a) ? b : a;
}
