import { type Alert, type AlertType, type Severity, type SilenceCreate, SilenceCreateSchema } from "$contract";
import { type FieldErrors, zodFieldErrors } from "./field-errors";

const HOUR_MS = 3_600_000;

/** How long a silence lasts, offered as one click each (the API allows at most 7 days). */
export const SILENCE_PRESETS = [
  { label: "1 hour", ms: HOUR_MS },
  { label: "4 hours", ms: 4 * HOUR_MS },
  { label: "1 day", ms: 24 * HOUR_MS },
] as const;

export interface SilenceValues {
  /** "" matches any. */
  type: AlertType | "";
  series: string;
  severity: Severity | "";
  durationMs: number;
  reason: string;
}

/**
 * A silence for an alert card: the alert's type and series (what keeps firing), any severity, so
 * a warning that escalates stays quiet too. Without an alert every matcher starts empty.
 */
export function silenceValuesFor(alert: Pick<Alert, "type" | "series" | "description"> | null): SilenceValues {
  return {
    type: alert?.type ?? "",
    series: alert?.series ?? "",
    severity: "",
    durationMs: SILENCE_PRESETS[0].ms,
    reason: alert ? `Silenced from the alert “${alert.description}”` : "",
  };
}

export type SilenceCheck = { ok: true; input: SilenceCreate } | { ok: false; errors: FieldErrors };

/** The request body from `now` for the chosen duration, judged by the contract's schema. */
export function checkSilence(values: SilenceValues, now: number): SilenceCheck {
  const series = values.series.trim();
  const input = {
    matchers: {
      ...(values.type ? { type: values.type } : {}),
      ...(series ? { series } : {}),
      ...(values.severity ? { severity: values.severity } : {}),
    },
    ends_at: new Date(now + values.durationMs).toISOString(),
    reason: values.reason.trim(),
  };
  const parsed = SilenceCreateSchema.safeParse(input);
  return parsed.success ? { ok: true, input: parsed.data } : { ok: false, errors: zodFieldErrors(parsed.error) };
}

/** A silence's matchers in words: "type budget · series cost.spend". */
export function describeMatchers(matchers: { type?: string; series?: string; severity?: string }): string {
  const parts = (["type", "series", "severity"] as const).flatMap((key) => (matchers[key] ? [`${key} ${matchers[key]}`] : []));
  return parts.join(" · ") || "everything";
}
