// Drives each source's hysteresis machine (hysteresis/source-mode.ts, pure): loads it, steps it on
// events and timers, persists the step and its next timer. The machine's only caller.
import { SOURCE_NAMES, type InboundEvent, type PollConfig, type SourceName } from "../../contract";
import { pollAdapterFor } from "../../pollers";
import type { OutboundPolicy } from "../../outbound/url-policy";
import type { PollAdapter } from "../../pollers/types";
import { cancelTimer, rescheduleTimer, scheduleTimer, timerDueAt } from "../alarm-plan";
import { bumpCounter } from "../counters";
import { eventArrived, nextDueAt, pollDue, settleWithoutPoller, tick, type ModeTransition } from "../hysteresis/source-mode";
import type { RoomRecord } from "../room-record";
import { appendRca, recordTransitions } from "./logs";
import { isInUse, loadMachine, recordReconciliation, saveMachine, type SourceMachine } from "./machines";
import { runPoll } from "./run-poll";

export type AdapterFor = (config: PollConfig) => PollAdapter;

export const defaultAdapters: AdapterFor = pollAdapterFor;

function load(sql: SqlStorage, record: RoomRecord, source: SourceName, now: number): SourceMachine {
  const { machine, corruption } = loadMachine(sql, record, source, now);
  if (corruption) {
    appendRca(sql, {
      at: now,
      source,
      kind: "state_reset",
      summary: `Stored hysteresis state was corrupt and restarted: ${corruption}`,
      detail: { corruption },
    });
  }
  return machine;
}

/** Persists a step: its transitions, the machine, and the source's next timer. */
function persist(sql: SqlStorage, machine: SourceMachine, transitions: ModeTransition[]): void {
  recordTransitions(sql, machine.source, transitions);
  saveMachine(sql, machine);
  const due = isInUse(machine) ? nextDueAt(machine.state, machine.config) : null;
  if (due === null) cancelTimer(sql, `source:${machine.source}`);
  else rescheduleTimer(sql, `source:${machine.source}`, due);
}

/** Webhook events arrived for these sources. Returns the mode changes they caused. */
export function onEvents(sql: SqlStorage, record: RoomRecord, sources: Iterable<SourceName>, now: number): ModeTransition[] {
  const all: ModeTransition[] = [];
  for (const source of sources) {
    const machine = load(sql, record, source, now);
    const step = eventArrived(machine.state, machine.config, now);
    persist(sql, { ...machine, state: step.state }, step.transitions);
    all.push(...step.transitions);
  }
  return all;
}

function stopSources(sql: SqlStorage): void {
  for (const source of SOURCE_NAMES) {
    cancelTimer(sql, `source:${source}`);
    cancelTimer(sql, `reconcile:${source}`);
  }
}

/**
 * Turns idle, now, every source that has no poller but is polling or degraded (hysteresis's
 * settleWithoutPoller): after a config change that removed its poller, and when the object wakes
 * (a source left degraded before idle existed has no timer to do it). Writes only what changed.
 */
export function settleSources(sql: SqlStorage, record: RoomRecord, now: number): ModeTransition[] {
  const all: ModeTransition[] = [];
  for (const source of SOURCE_NAMES) {
    // A corrupt machine restarts in event mode, logged by whichever step loads it next: none to settle here.
    const { machine, corruption } = loadMachine(sql, record, source, now);
    if (corruption) continue;
    const step = settleWithoutPoller(machine.state, machine.config, now);
    if (step.transitions.length === 0) continue;
    persist(sql, { ...machine, state: step.state }, step.transitions);
    all.push(...step.transitions);
  }
  return all;
}

/**
 * After a config change: a source left without a poller settles at once, and every source's
 * timers follow its (possibly new) timeouts and poller. An archived hackathon watches and polls nothing.
 */
export function rescheduleSources(sql: SqlStorage, record: RoomRecord, now: number): void {
  settleSources(sql, record, now);
  if (record.config.status === "archived") {
    stopSources(sql);
    return;
  }
  for (const source of SOURCE_NAMES) {
    const machine = load(sql, record, source, now);
    persist(sql, machine, []);
    const reconcile = `reconcile:${source}` as const;
    if (!machine.config.hasPoller) cancelTimer(sql, reconcile);
    else if (timerDueAt(sql, reconcile) === null) {
      scheduleTimer(sql, reconcile, now + record.config.sources[source].reconciliation_interval_s * 1000);
    }
  }
}

export type SourceTimerResult = { transitions: ModeTransition[]; events: InboundEvent[]; next: number | null; reconciled: boolean };

/**
 * Runs a due source timer: the machine's tick and, when due, a poll (`source:`), or a
 * reconciliation poll (`reconcile:`). Events the poll brought are returned for the caller to apply.
 */
export async function runSourceTimer(args: {
  sql: SqlStorage;
  record: RoomRecord;
  source: SourceName;
  purpose: "tick" | "reconcile";
  now: number;
  adapters: AdapterFor;
  outbound: OutboundPolicy;
}): Promise<SourceTimerResult> {
  const { sql, record, source, now } = args;
  const sourceConfig = record.config.sources[source];
  const intervalMs = sourceConfig.reconciliation_interval_s * 1000;
  let machine = load(sql, record, source, now);
  const ticked = tick(machine.state, machine.config, now);
  machine = { ...machine, state: ticked.state };
  const transitions = [...ticked.transitions];
  const wantsPoll = args.purpose === "reconcile" || pollDue(machine.state, now);
  let events: InboundEvent[] = [];
  let reconciled = false;
  if (wantsPoll && sourceConfig.poll) {
    const polled = await runPoll({
      sql,
      machine,
      poll: sourceConfig.poll,
      adapter: args.adapters(sourceConfig.poll),
      now,
      since: Date.parse(record.config.starts_at),
      currency: record.config.budget.currency,
      reconciliationIntervalMs: intervalMs,
      outbound: args.outbound,
    });
    machine = polled.machine;
    transitions.push(...polled.transitions);
    events = polled.events;
    bumpCounter(sql, "polls", { source, purpose: args.purpose, result: polled.result });
    if (polled.reconciliation) {
      bumpCounter(sql, "reconciliations", { source, result: polled.reconciliation.kind });
      recordReconciliation(sql, source, now, polled.reconciliation.drift);
      reconciled = true;
      // A regular poll that reconciled counts as this interval's reconciliation.
      if (args.purpose === "tick") rescheduleTimer(sql, `reconcile:${source}`, now + intervalMs);
    }
  }
  persist(sql, machine, transitions);
  const next = args.purpose === "reconcile" ? (sourceConfig.poll ? now + intervalMs : null) : null;
  return { transitions, events, next, reconciled };
}
