import type { SourceMode, SourceModeState } from "./state";

export type ModeTransition = { from: SourceMode; to: SourceMode; reason: string; at: number };

/** What every input returns: the next state and the mode changes it caused (at most one). */
export type SourceModeStep = { state: SourceModeState; transitions: ModeTransition[] };

export function stay(state: SourceModeState): SourceModeStep {
  return { state, transitions: [] };
}

export function moveTo(state: SourceModeState, to: SourceMode, reason: string, at: number): SourceModeStep {
  return {
    state: { ...state, mode: to, modeSince: at, steadyRun: 0 },
    transitions: [{ from: state.mode, to, reason, at }],
  };
}

/** "30 s", "2.5 s": durations as people read them in a reason. */
export function formatSeconds(ms: number): string {
  return `${Math.round(ms / 100) / 10} s`;
}
