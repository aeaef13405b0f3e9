import type { Severity } from "../../contract";
import type { ScoredPoint } from "../anomaly/detectors";
import type { PointContext } from "../anomaly/series-points";
import type { FloodReading } from "../figures/token-flood";
import type { AlertSpec } from "./store";

/** docs/contract.md section 8: critical above 0.9, warning above 0.7, info below. */
export function severityOfScore(score: number): Severity {
  if (score > 0.9) return "critical";
  if (score > 0.7) return "warning";
  return "info";
}

const round = (value: number) =>
  Math.abs(value) >= 100 ? Math.round(value).toLocaleString("en-US") : String(Number(value.toPrecision(3)));

const LATENCY_NAME = /latency|duration|time|_ms$|_s$/;
const ERROR_NAME = /error|fail|5xx|4xx|exception|timeout/;

function metricActions(name: string): string[] {
  if (ERROR_NAME.test(name)) {
    return [
      `Check the error logs behind ${name}`,
      "Roll back the latest deploy if the errors started with it",
      "Check the status of upstream providers",
    ];
  }
  if (LATENCY_NAME.test(name)) {
    return [
      `Check the latency spike in ${name}`,
      "Look at recent deploys and upstream provider status",
      "Check for saturation: queue depth, CPU, rate limits",
    ];
  }
  return [`Check what moved ${name}`, "Compare with the other series at the same time"];
}

export function costActions(context: PointContext): string[] {
  const where = context.service ? `service ${context.service}` : "the billed services";
  return [
    `Check the spike in ${where}${context.sku ? ` (SKU ${context.sku})` : ""}`,
    "Look for a runaway job or a loop calling a paid API",
    "Cap or pause the team's spending until the cause is known",
  ];
}

export function tokenActions(model: string | null | undefined): string[] {
  return [
    model ? `Cap model ${model}: set a per-minute token limit for it` : "Cap the busiest model: set a per-minute token limit",
    "Look for a runaway agent loop or a retry storm",
    "Move bulk work to a cheaper model",
  ];
}

/** A window's length as a person says it: "45 s", "3 min", "2.5 h". */
export function spanText(ms: number): string {
  const seconds = ms / 1000;
  if (seconds < 59.5) return `${Math.round(seconds)} s`;
  if (seconds < 90 * 60) return `${Math.round(seconds / 60)} min`;
  return `${Number((seconds / 3600).toFixed(1))} h`;
}

/** "Unusual spend in service X: 400 USD in 1 min (24,000 USD/h; usually 690 USD/h)": only ever a rise (detectors.ts). */
function describeSpend(point: ScoredPoint, currency: string): string {
  const { value, context, spend, usual } = point;
  const where = context.service ? ` in service ${context.service}` : "";
  const rate = `${round(value)} ${currency}/h`;
  const before = usual === null ? "" : `; usually ${round(usual)} ${currency}/h`;
  const amount = spend ? `${round(spend.spend)} ${currency} in ${spanText(spend.to - spend.from)} ` : "";
  return `Unusual spend${where}: ${amount}(${rate}${before})`;
}

function describePoint(point: ScoredPoint, currency: string): { description: string; actions: string[] } {
  const { series, value, context } = point;
  if (series === "cost.spend") return { description: describeSpend(point, currency), actions: costActions(context) };
  if (series === "tokens.rate") {
    const model = context.model ? ` (mostly ${context.model})` : "";
    return { description: `Unusual token rate: ${round(value)} tokens in one minute${model}`, actions: tokenActions(context.model) };
  }
  const name = context.metric ?? series.slice("metric.".length);
  return { description: `Unusual ${name}: ${round(value)}${context.unit ? ` ${context.unit}` : ""}`, actions: metricActions(name) };
}

export function anomalySpec(point: ScoredPoint, currency: string): AlertSpec {
  const { description, actions } = describePoint(point, currency);
  return {
    fingerprint: `anomaly:${point.series}`,
    type: "anomaly",
    series: point.series,
    severity: severityOfScore(point.score),
    score: point.score,
    description: `${description} (anomaly score ${point.score.toFixed(2)})`,
    recommendedActions: actions,
    context: point.context,
    observedAt: point.ts,
  };
}

/** The token-flood rule's dedup key: one flood alert at a time. */
export const FLOOD_FINGERPRINT = "token_flood";

/** Token prices are USD whatever the hackathon's currency; a flood of unpriced calls says so, never "$0". */
const floodCost = (usdPerMinute: number | null) =>
  usdPerMinute === null ? "cost unpriced" : `$${usdPerMinute >= 0.01 ? money(usdPerMinute) : round(usdPerMinute)}/min`;

/** A flood's score grows with how far above its baseline it runs: 4x is 0.75, 10x 0.9, 20x 0.95. */
export function floodSpec(flood: FloodReading, now: number): AlertSpec {
  const ratio = flood.baseline > 0 ? flood.rate / flood.baseline : Infinity;
  const score = Number.isFinite(ratio) ? Math.min(1, Math.max(0, 1 - 1 / ratio)) : 1;
  const model = flood.model ? ` (mostly ${flood.model})` : "";
  return {
    fingerprint: FLOOD_FINGERPRINT,
    type: "token_flood",
    series: "tokens.rate",
    severity: severityOfScore(score),
    score,
    description: `Token flood: ${round(flood.rate)} tokens/min (${floodCost(flood.costPerMinute)}), ${round(ratio)}x the recent baseline of ${round(flood.baseline)}${model}`,
    recommendedActions: tokenActions(flood.model),
    context: flood.model ? { model: flood.model } : {},
    observedAt: now,
  };
}

export type BudgetLevel = "warning" | "critical";

/** The one open budget alert's dedup key; its severity is the level it stands at. */
export const BUDGET_FINGERPRINT = "budget";

export type BudgetFigures = { spend: number; budget: number; currency: string; used: number };

const money = (value: number) => value.toLocaleString("en-US", { minimumFractionDigits: 2, maximumFractionDigits: 2 });
const percent = (fraction: number) => Math.round(fraction * 100).toLocaleString("en-US");

/**
 * docs/contract.md section 8: the alert names its level until the budget is spent, then says by
 * how much it is exceeded; fallen back under the warning level (resolving after the hold), it
 * says so. A critical alert stays "95% exhausted" until spend falls the re-arm margin under it.
 * The score is the used fraction (1.12 at 112%).
 */
export function budgetSpec(level: BudgetLevel, threshold: number, figures: BudgetFigures, now: number): AlertSpec {
  const { spend, budget, currency, used } = figures;
  const description =
    spend > budget
      ? `Budget exceeded by ${money(spend - budget)} ${currency} (${percent(used)}% used)`
      : level === "warning" && used < threshold
        ? `Budget back under ${percent(threshold)}% (${percent(used)}% used)`
        : `Budget ${percent(threshold)}% exhausted (${percent(used)}% used)`;
  return {
    fingerprint: BUDGET_FINGERPRINT,
    type: "budget",
    series: "cost.spend",
    severity: level,
    score: used,
    description,
    recommendedActions: [
      "Review the top services by spend",
      level === "critical" ? "Pause the teams spending fastest, or raise the budget now" : "Warn the teams spending fastest",
      "Shut down idle resources",
    ],
    context: {},
    observedAt: now,
  };
}
