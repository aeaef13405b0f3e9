import type { AlertType } from "../../contract";
import type { PointContext } from "../anomaly/series-points";

/** One anomaly of an incident, as root-cause inference sees it. */
export type IncidentMember = { series: string; type: AlertType; firedAt: number; context: PointContext; description: string };
export type RootCause = { series: string | null; text: string; confidence: number };

const isTokens = (m: IncidentMember) => m.series === "tokens.rate";
const isMetric = (m: IncidentMember) => m.series.startsWith("metric.");
const LOAD_METRIC = /latency|duration|time|error|fail|timeout|_ms$/;

/**
 * Known causal links between series: token floods drive spend and load (latency, errors);
 * degraded performance (latency, errors) stalls the work measured by tasks.
 */
function explains(cause: IncidentMember, effect: IncidentMember): boolean {
  if (cause.series === effect.series) return false;
  if (isTokens(cause)) return effect.series === "cost.spend" || (isMetric(effect) && LOAD_METRIC.test(effect.series));
  if (isMetric(cause) && LOAD_METRIC.test(cause.series)) return effect.series.startsWith("tasks.");
  return false;
}

function effectName(m: IncidentMember): string {
  if (m.series === "cost.spend") return m.context.service ? `the cost spike in ${m.context.service}` : "the cost spike";
  if (isMetric(m)) return `the ${m.series.slice("metric.".length)} anomaly`;
  return `the ${m.series} anomaly`;
}

function causeName(m: IncidentMember): string {
  if (isTokens(m)) return m.context.model ? `A token flood on ${m.context.model}` : "A token flood";
  if (isMetric(m)) return `The ${m.series.slice("metric.".length)} anomaly`;
  return `The ${m.series} anomaly`;
}

const listOf = (items: string[]) => (items.length <= 1 ? items.join("") : `${items.slice(0, -1).join(", ")} and ${items.at(-1)}`);

/**
 * The member that explains most of the others, earliest first on a tie. Confidence grows with
 * the share of the incident it explains and whether it came first; an incident nothing links
 * together names its earliest anomaly with low confidence.
 */
export function inferRootCause(members: IncidentMember[]): RootCause {
  if (members.length === 0) return { series: null, text: "No anomalies", confidence: 0 };
  const ordered = [...members].sort((a, b) => a.firedAt - b.firedAt);
  const ranked = ordered
    .map((m) => ({ m, effects: ordered.filter((other) => explains(m, other)) }))
    .sort((a, b) => b.effects.length - a.effects.length);
  const { m: root, effects } = ranked[0]!;
  const others = ordered.length - 1;
  if (others === 0) return { series: root.series, text: root.description, confidence: 0.5 };
  if (effects.length === 0) {
    const rest = ordered.filter((m) => m !== root).map((m) => m.series);
    return { series: root.series, text: `${root.series} went first; no known link to ${listOf(rest)}`, confidence: 0.3 };
  }
  const cameFirst = ordered[0] === root;
  const confidence = Math.min(0.95, 0.5 + 0.4 * (effects.length / others) + (cameFirst ? 0.05 : 0));
  // Money first: it is what an organiser reads the incident for.
  const named = [...effects].sort((a, b) => Number(b.series === "cost.spend") - Number(a.series === "cost.spend")).map(effectName);
  return { series: root.series, text: `${causeName(root)} is driving ${listOf([...new Set(named)])}`, confidence };
}
