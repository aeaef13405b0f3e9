import { z } from "zod";
import { SOURCE_MODES, SOURCE_NAMES, type SourceName } from "$contract";
import type { ApiClient } from "./client";

// TODO: these schemas describe `GET /api/hackathons/:id/rca` (docs/API.md) and belong in the
// contract (worker/src/contract), next to HysteresisHealthSchema, so the Worker is held to them too.

/** Documented kinds, plus `poll_failure`, which the Worker's RcaKind type already declares. */
export const RCA_KINDS = ["correction", "rejected_poll", "state_reset", "poll_failure"] as const;

export const RcaEntrySchema = z.object({
  id: z.string(),
  at: z.string(),
  source: z.enum(SOURCE_NAMES),
  kind: z.enum(RCA_KINDS),
  /** Set for corrections (missed_events, provider_lag, …); null for the other kinds. */
  cause: z.string().nullable(),
  summary: z.string(),
  detail: z.unknown(),
});
export type RcaEntry = z.infer<typeof RcaEntrySchema>;

export const ModeTransitionSchema = z.object({
  source: z.enum(SOURCE_NAMES),
  from: z.enum(SOURCE_MODES),
  to: z.enum(SOURCE_MODES),
  reason: z.string(),
  at: z.string(),
});
export type ModeTransition = z.infer<typeof ModeTransitionSchema>;

/** Both lists newest first. */
export const RcaAnswerSchema = z.object({
  entries: z.array(RcaEntrySchema),
  transitions: z.array(ModeTransitionSchema),
});
export type RcaAnswer = z.infer<typeof RcaAnswerSchema>;

export function getRca(api: ApiClient, id: string): Promise<RcaAnswer> {
  return api.get(`/api/hackathons/${encodeURIComponent(id)}/rca`, RcaAnswerSchema);
}

/** When `source` entered `mode`: the newest transition to it (transitions are newest first), or null. */
export function modeSince(transitions: readonly ModeTransition[], source: SourceName, mode: ModeTransition["to"]): string | null {
  return transitions.find((t) => t.source === source && t.to === mode)?.at ?? null;
}

export interface Debounced {
  /** Runs `fn` once `ms` have passed without another call. */
  call(): void;
  cancel(): void;
}

/** Coalesces bursts (e.g. `health` deltas) into one reload. */
export function debounce(fn: () => void, ms: number): Debounced {
  let timer: ReturnType<typeof setTimeout> | null = null;
  const cancel = () => {
    if (timer !== null) clearTimeout(timer);
    timer = null;
  };
  return {
    call() {
      cancel();
      timer = setTimeout(() => {
        timer = null;
        fn();
      }, ms);
    },
    cancel,
  };
}
