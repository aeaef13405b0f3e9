import type { ExportRange } from "$lib/api/exports";
import { DATE_PROBLEM, fromLocalInput } from "./form-values";

export type { ExportRange };

/** A file name that says what and when: `spring-jam-alerts-2026-11-28-to-2026-11-30.csv`. */
export function exportFileName(hackathonId: string, what: string, range: ExportRange): string {
  const day = (iso: string) => iso.slice(0, 10);
  return `${hackathonId}-${what}-${day(range.from)}-to-${day(range.to)}.csv`.replace(/[^A-Za-z0-9._-]/g, "_");
}

const DAY_MS = 86_400_000;

/** The ranges offered in one click: the whole hackathon so far, and the last day. */
export function presetRanges(startsAt: string, endsAt: string | null, now: number): { label: string; range: ExportRange }[] {
  const end = Math.min(now, endsAt === null ? now : Date.parse(endsAt));
  const to = new Date(Math.max(end, Date.parse(startsAt))).toISOString();
  return [
    { label: "Whole hackathon", range: { from: new Date(Date.parse(startsAt)).toISOString(), to } },
    { label: "Last 24 hours", range: { from: new Date(now - DAY_MS).toISOString(), to: new Date(now).toISOString() } },
  ];
}

const MINUTE_MS = 60_000;

/**
 * The range two `datetime-local` fields give, or why they give none. The fields show minutes, so
 * the end takes in its whole minute: "to 14:05" includes an alert that fired at 14:05:30.
 */
export function rangeFromInputs(from: string, to: string): ExportRange | string {
  const start = fromLocalInput(from);
  const end = fromLocalInput(to);
  if (!start || !end) return `${DATE_PROBLEM} for both ends.`;
  if (Date.parse(end) < Date.parse(start)) return "The end must not be before the start.";
  return { from: start, to: new Date(Date.parse(end) + MINUTE_MS - 1).toISOString() };
}
