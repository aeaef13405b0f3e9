import type { TokenEvent } from "../contract";
import type { OtlpRequest, OtlpSignal } from "./decode";
import { groupMetricPoints, type MetricGroup } from "./metric-groups";
import { readMetrics } from "./metrics";
import { readSpans } from "./spans";

/**
 * One decoded export as the hackathon's object takes it: what the Worker could read and
 * check without the object's state (token events priced, metric points grouped), and what it
 * already refused or ignored. The object adds its own refusals (caps) and applies the rest.
 */
export type OtlpDelivery = {
  signal: OtlpSignal;
  tokenEvents: TokenEvent[];
  metricGroups: MetricGroup[];
  /** Spans or data points refused before the object saw them. */
  rejected: number;
  /** Spans without usage attributes (traces only). */
  ignored: number;
  reasons: string[];
};

export async function readExport<S extends OtlpSignal>(signal: S, request: OtlpRequest<S>, now: number): Promise<OtlpDelivery> {
  if (signal === "traces") {
    const spans = readSpans(request as OtlpRequest<"traces">, now);
    return {
      signal,
      tokenEvents: spans.events,
      metricGroups: [],
      rejected: spans.rejected,
      ignored: spans.ignored,
      reasons: spans.reasons,
    };
  }
  const metrics = readMetrics(request as OtlpRequest<"metrics">, now);
  return {
    signal,
    tokenEvents: [],
    metricGroups: await groupMetricPoints(metrics.points),
    rejected: metrics.rejected,
    ignored: 0,
    reasons: metrics.reasons,
  };
}

/** The partial success's message: why items were refused, and what was ignored (a warning with 0 refused). */
export function outcomeMessage(signal: OtlpSignal, rejected: number, ignored: number, reasons: string[]): string {
  const items = signal === "traces" ? "spans" : "data points";
  const parts: string[] = [];
  if (rejected > 0) parts.push(`${rejected} ${items} rejected: ${reasons.join("; ")}`);
  if (ignored > 0) parts.push(`${ignored} span${ignored === 1 ? "" : "s"} without token usage attributes ignored`);
  return parts.join(". ");
}
