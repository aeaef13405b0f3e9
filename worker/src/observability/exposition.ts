/**
 * Prometheus text exposition format 0.0.4: HELP and TYPE once per family, then its samples.
 * https://prometheus.io/docs/instrumenting/exposition_formats/
 */
export const EXPOSITION_CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

export type MetricType = "gauge" | "counter" | "histogram";
export type Labels = Record<string, string>;
/** `suffix` names a histogram's `_bucket`, `_sum` and `_count` lines. */
export type Sample = { labels: Labels; value: number; suffix?: "_bucket" | "_sum" | "_count" };
export type MetricFamily = { name: string; help: string; type: MetricType; samples: Sample[] };

/** Label values may hold anything (hackathon ids, channel kinds): backslash, quote and newline are escaped. */
export const escapeLabelValue = (value: string) => value.replace(/\\/g, "\\\\").replace(/"/g, '\\"').replace(/\n/g, "\\n");
const escapeHelp = (text: string) => text.replace(/\\/g, "\\\\").replace(/\n/g, "\\n");

export function formatValue(value: number): string {
  if (Number.isNaN(value)) return "NaN";
  if (value === Infinity) return "+Inf";
  if (value === -Infinity) return "-Inf";
  return String(value);
}

function formatLabels(labels: Labels): string {
  const pairs = Object.entries(labels).map(([name, value]) => `${name}="${escapeLabelValue(value)}"`);
  return pairs.length > 0 ? `{${pairs.join(",")}}` : "";
}

/** Families with the same name are merged, so each name gets one HELP and TYPE block. */
export function mergeFamilies(families: Iterable<MetricFamily>): MetricFamily[] {
  const byName = new Map<string, MetricFamily>();
  for (const family of families) {
    const known = byName.get(family.name);
    if (known) known.samples.push(...family.samples);
    else byName.set(family.name, { ...family, samples: [...family.samples] });
  }
  return [...byName.values()];
}

export function renderExposition(families: Iterable<MetricFamily>): string {
  const lines: string[] = [];
  for (const family of mergeFamilies(families)) {
    lines.push(`# HELP ${family.name} ${escapeHelp(family.help)}`, `# TYPE ${family.name} ${family.type}`);
    for (const sample of family.samples) {
      lines.push(`${family.name}${sample.suffix ?? ""}${formatLabels(sample.labels)} ${formatValue(sample.value)}`);
    }
  }
  return `${lines.join("\n")}\n`;
}
