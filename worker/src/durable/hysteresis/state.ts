import { z } from "zod";
import { SOURCE_MODES } from "../../contract";

export type SourceMode = (typeof SOURCE_MODES)[number];

/** The circuit guards the provider, independently of the mode, which follows the events. */
export const CIRCUIT_STATES = ["closed", "open", "half_open"] as const;
export type CircuitState = (typeof CIRCUIT_STATES)[number];

const instant = z.number().nullable();
const count = z.number().int().nonnegative();

const SourceModeFieldsSchema = z.object({
  mode: z.enum(SOURCE_MODES),
  modeSince: z.number(),
  lastEventAt: instant,
  /** Events in a row, each within the event timeout of the previous one, counted outside event mode. */
  steadyRun: count,
  lastPollAt: instant,
  lastGoodPollAt: instant,
  consecutiveFailures: count,
  lastFailureReason: z.string().nullable(),
  circuit: z.enum(CIRCUIT_STATES),
  /** When the machine wants the next poll (regular, retry or probe); null when it wants none. */
  nextPollAt: instant,
});
type SourceModeFields = z.infer<typeof SourceModeFieldsSchema>;

/** Combinations the transitions never produce: seeing one means the stored state is corrupt. */
export function invariantViolations(s: SourceModeFields): string[] {
  const violations: string[] = [];
  if (s.mode === "polling" && s.circuit !== "closed") violations.push("polling with a circuit that is not closed");
  if (s.mode === "polling" && s.nextPollAt === null) violations.push("polling with no poll scheduled");
  if (s.mode === "idle" && s.nextPollAt !== null) violations.push("idle with a poll scheduled");
  if (s.mode === "event" && s.steadyRun !== 0) violations.push("a steady-event run counted in event mode");
  if (s.circuit !== "closed" && s.nextPollAt === null) violations.push("circuit not closed with no probe scheduled");
  if (s.circuit !== "closed" && s.consecutiveFailures === 0) violations.push("circuit not closed without failures");
  return violations;
}

/** Parses persisted per-source state; rejects malformed JSON shapes and impossible combinations. */
export const SourceModeStateSchema = SourceModeFieldsSchema.superRefine((s, ctx) => {
  for (const message of invariantViolations(s)) ctx.addIssue({ code: "custom", message });
});
export type SourceModeState = z.infer<typeof SourceModeStateSchema>;

/** A source starts in event mode; its silence timer runs from `now`. */
export function initialSourceModeState(now: number): SourceModeState {
  return {
    mode: "event",
    modeSince: now,
    lastEventAt: null,
    steadyRun: 0,
    lastPollAt: null,
    lastGoodPollAt: null,
    consecutiveFailures: 0,
    lastFailureReason: null,
    circuit: "closed",
    nextPollAt: null,
  };
}

export type RestoredSourceModeState = { state: SourceModeState; corruption: string | null };

/**
 * Restores persisted state. Corrupt state is reported and replaced by a fresh start in
 * event mode: the worst case is one event timeout before polling resumes, whereas
 * guessing at a half-valid state could leave a source polling or degraded forever.
 */
export function restoreSourceModeState(raw: unknown, now: number): RestoredSourceModeState {
  const parsed = SourceModeStateSchema.safeParse(raw);
  if (parsed.success) return { state: parsed.data, corruption: null };
  const corruption = parsed.error.issues.map((i) => (i.path.length ? `${i.path.join(".")}: ${i.message}` : i.message));
  return { state: initialSourceModeState(now), corruption: corruption.join("; ") };
}
