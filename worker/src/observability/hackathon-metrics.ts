import { SOURCE_MODES } from "../contract";
import type { CounterName } from "../durable/counters";
import type { MetricsSnapshot } from "../durable/views/metrics-snapshot";
import type { MetricFamily, MetricType, Sample } from "./exposition";

type Describe = { name: string; help: string; type: MetricType };

const family = ({ name, help, type }: Describe, samples: Sample[]): MetricFamily => ({ name, help, type, samples });

const COUNTER_FAMILIES: Record<CounterName, Describe> = {
  events_accepted: {
    name: "pitwall_events_accepted_total",
    help: "Events stored and applied, by type and origin (webhook or poll).",
    type: "counter",
  },
  refused: {
    name: "pitwall_webhook_refused_total",
    help: "Deliveries to a webhook of the hackathon that were refused, by reason.",
    type: "counter",
  },
  polls: {
    name: "pitwall_polls_total",
    help: "Provider polls, by source, purpose (tick or reconcile) and result (ok, failed, rejected).",
    type: "counter",
  },
  reconciliations: {
    name: "pitwall_reconciliations_total",
    help: "Reconciliations of a provider's truth with the event-derived figure, by result.",
    type: "counter",
  },
};

function gauges(s: MetricsSnapshot): MetricFamily[] {
  const h = { hackathon: s.hackathon };
  return [
    family({ name: "pitwall_hackathon_info", help: "Always 1; carries the hackathon's status and currency.", type: "gauge" }, [
      { labels: { ...h, status: s.status, currency: s.currency }, value: 1 },
    ]),
    family({ name: "pitwall_hackathon_spend", help: "Spend to date, in the hackathon's currency.", type: "gauge" }, [
      { labels: h, value: s.spend },
    ]),
    family(
      { name: "pitwall_hackathon_budget_used_ratio", help: "Spend as a fraction of the budget (above 1 when over budget).", type: "gauge" },
      [{ labels: h, value: s.budgetUsed }],
    ),
    family({ name: "pitwall_hackathon_percent_complete", help: "Weight-based task completion, 0 to 100.", type: "gauge" }, [
      { labels: h, value: s.percentComplete },
    ]),
    family({ name: "pitwall_hackathon_token_rate_per_minute", help: "Tokens with a timestamp in the last 60 seconds.", type: "gauge" }, [
      { labels: h, value: s.tokenRate },
    ]),
    family(
      { name: "pitwall_hackathon_open_alerts", help: "Open alerts by severity.", type: "gauge" },
      Object.entries(s.openAlerts).map(([severity, n]) => ({ labels: { ...h, severity }, value: n })),
    ),
    family(
      {
        name: "pitwall_hackathon_source_mode",
        help: "1 for each source's current mode (event, polling, degraded), 0 for the others.",
        type: "gauge",
      },
      s.sourceModes.flatMap(({ source, mode }) =>
        SOURCE_MODES.map((m) => ({ labels: { ...h, source, mode: m }, value: m === mode ? 1 : 0 })),
      ),
    ),
    family(
      { name: "pitwall_hackathon_notification_channel_failing", help: "1 while a notification channel is marked failing.", type: "gauge" },
      s.channels.map((ch) => ({ labels: { ...h, channel: ch.id, kind: ch.kind }, value: ch.failing ? 1 : 0 })),
    ),
  ];
}

function counters(s: MetricsSnapshot): MetricFamily[] {
  const h = { hackathon: s.hackathon };
  // A counter this Worker version does not know (written by a newer one) is left out, not guessed at.
  const stored = s.counters
    .filter((c) => Object.hasOwn(COUNTER_FAMILIES, c.name))
    .map((c) => family(COUNTER_FAMILIES[c.name], [{ labels: { ...h, ...c.labels }, value: c.value }]));
  return [
    ...stored,
    family(
      { name: "pitwall_events_duplicate_total", help: "Events refused as repeats of a known id, by source.", type: "counter" },
      s.duplicates.map((d) => ({ labels: { ...h, source: d.source }, value: d.count })),
    ),
    family(
      { name: "pitwall_mode_transitions_total", help: "Hysteresis mode changes of a source, by from and to mode.", type: "counter" },
      s.transitions.map((t) => ({ labels: { ...h, source: t.source, from: t.from, to: t.to }, value: t.count })),
    ),
  ];
}

/** One hackathon's metric families; the caller merges those of every hackathon. */
export function hackathonFamilies(snapshot: MetricsSnapshot): MetricFamily[] {
  return [...gauges(snapshot), ...counters(snapshot)];
}
