import type { InboundEvent, PollConfig, SourceName } from "../../contract";
import { toIso } from "../../lib/time";
import { outboundFetcher } from "../../outbound/fetch";
import type { OutboundPolicy } from "../../outbound/url-policy";
import { PollError } from "../../outbound/provider-call";
import type { PollAdapter, ProviderTruth } from "../../pollers/types";
import { pollFailed, pollSucceeded, type ModeTransition } from "../hysteresis/source-mode";
import { correctionId } from "../ingest/origin";
import { reconcile, rejectImplausiblePoll, type Reconciliation } from "../hysteresis/reconcile";
import { appendRca } from "./logs";
import { derivedFigure } from "./derived-figure";
import { gatherEvidence } from "./evidence";
import { lastReconciledAt, type SourceMachine } from "./machines";
import { sqlPollCache } from "./poll-cache";

/** No provider gets longer than this; a slow one must not hold the object (or other hackathons) up. */
export const POLL_TIMEOUT_MS = 10_000;
const LAST_TRUTH_KEY = "last_accepted_truth";

/** How a poll ended: answered and accepted, failed (error or timeout), or refused as implausible. */
export type PollResult = "ok" | "failed" | "rejected";

export type PollRun = {
  result: PollResult;
  machine: SourceMachine;
  transitions: ModeTransition[];
  /** The poll's events plus any correction, to be applied by the caller (deduplicated by id). */
  events: InboundEvent[];
  reconciliation: Reconciliation | null;
};

export type PollRequest = {
  sql: SqlStorage;
  machine: SourceMachine;
  poll: PollConfig;
  adapter: PollAdapter;
  now: number;
  since: number;
  currency: string;
  reconciliationIntervalMs: number;
  /** Per outbound call; POLL_TIMEOUT_MS unless a test needs it shorter. */
  timeoutMs?: number;
  /** Where the adapter may call (the deployment's ALLOW_LOOPBACK_OUTBOUND). */
  outbound: OutboundPolicy;
};

/** Events that move the live figure to the provider's truth, where it can be moved. */
function correctionEvents(source: SourceName, rec: Reconciliation, truth: ProviderTruth, now: number): InboundEvent[] {
  if (rec.kind !== "correction" || !rec.apply) return [];
  const ts = toIso(truth.dataUntil ?? now);
  if (source === "cost") return [{ id: correctionId("cost", now), type: "cost", ts, total: truth.value }];
  // Tokens can only be added: an over-count is logged, not subtracted.
  if (source === "tokens" && rec.drift > 0) {
    const tokens = Math.round(rec.drift);
    return [{ id: correctionId("tokens", now), type: "token", ts, model: "unattributed", input_tokens: tokens, output_tokens: 0 }];
  }
  return [];
}

function failed(req: PollRequest, reason: string, retryAfterMs?: number, result: PollResult = "failed"): PollRun {
  const step = pollFailed(req.machine.state, req.machine.config, req.now, reason);
  let state = step.state;
  // A provider's own back-off request wins over a shorter backoff of ours.
  if (retryAfterMs !== undefined && state.nextPollAt !== null) {
    state = { ...state, nextPollAt: Math.max(state.nextPollAt, req.now + retryAfterMs) };
  }
  return { result, machine: { ...req.machine, state }, transitions: step.transitions, events: [], reconciliation: null };
}

/** Polls one source's provider, checks the answer, reconciles it and steps the source's machine. */
export async function runPoll(req: PollRequest): Promise<PollRun> {
  const { sql, machine, now } = req;
  const cache = sqlPollCache(sql, machine.source);
  let result: Awaited<ReturnType<PollAdapter>>;
  try {
    result = await req.adapter(req.poll, {
      source: machine.source,
      now,
      since: req.since,
      currency: req.currency,
      fetch: outboundFetcher({ ...req.outbound, timeoutMs: req.timeoutMs ?? POLL_TIMEOUT_MS }),
      cache,
    });
  } catch (error) {
    const reason = error instanceof Error ? error.message : "poll failed";
    return failed(req, reason, error instanceof PollError ? error.retryAfterMs : undefined);
  }
  let reconciliation: Reconciliation | null = null;
  let corrections: InboundEvent[] = [];
  const derived = derivedFigure(sql, machine.source);
  if (result.truth && derived !== null) {
    const lastTruth = cache.get<unknown>(LAST_TRUTH_KEY);
    const rejection = rejectImplausiblePoll(typeof lastTruth === "number" ? lastTruth : null, result.truth.value);
    if (rejection) {
      appendRca(sql, {
        at: now,
        source: machine.source,
        kind: "rejected_poll",
        summary: `Poll refused: ${rejection}`,
        detail: result.truth,
      });
      return failed(req, `implausible answer: ${rejection}`, undefined, "rejected");
    }
    cache.set(LAST_TRUTH_KEY, result.truth.value);
    // A drift is what built up since the last reconciliation; older gaps were judged then.
    const from = lastReconciledAt(sql, machine.source) ?? req.since;
    const evidence = gatherEvidence(
      sql,
      machine.source,
      { from, to: now, recentSince: now - req.reconciliationIntervalMs },
      result.truth.dataUntil,
    );
    reconciliation = reconcile(
      { truth: result.truth.value, derived, from, to: now, evidence },
      { gapThresholdMs: machine.config.eventTimeoutMs },
    );
    if (reconciliation.kind === "correction") {
      appendRca(sql, {
        at: now,
        source: machine.source,
        kind: "correction",
        cause: reconciliation.cause,
        summary: `${machine.source}: provider says ${result.truth.value}, events say ${derived} (drift ${reconciliation.drift}); ${reconciliation.explanation}`,
        detail: { ...reconciliation, truth: result.truth, derived, applied: reconciliation.apply },
      });
      corrections = correctionEvents(machine.source, reconciliation, result.truth, now);
    }
  }
  const step = pollSucceeded(machine.state, machine.config, now);
  return {
    result: "ok",
    machine: { ...machine, state: step.state },
    transitions: step.transitions,
    events: [...result.events, ...corrections],
    reconciliation,
  };
}
