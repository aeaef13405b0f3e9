import { RcaResponseSchema, type ModeTransitionEntry, type RcaResponse, type SourceName } from "$contract";
import type { ApiClient } from "./client";

export type { RcaEntry } from "$contract";
export type ModeTransition = ModeTransitionEntry;
export type RcaAnswer = RcaResponse;

export function getRca(api: ApiClient, id: string): Promise<RcaAnswer> {
  return api.get(`/api/hackathons/${encodeURIComponent(id)}/rca`, RcaResponseSchema);
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
