/** A parsed Prometheus text exposition, checked for the structure format 0.0.4 requires. */
export type ParsedSample = { name: string; labels: Record<string, string>; value: number };
export type ParsedExposition = { samples: ParsedSample[]; types: Map<string, string>; helps: Map<string, string> };

const SAMPLE = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{(.*)\})? (\S+)$/;
const LABEL = /([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"(,|$)/y;
const HISTOGRAM_SUFFIX = /_(bucket|sum|count)$/;

const unescapeLabel = (value: string) => value.replace(/\\(["\\n])/g, (_, c: string) => (c === "n" ? "\n" : c));

function parseLabels(text: string, line: string): Record<string, string> {
  const labels: Record<string, string> = {};
  LABEL.lastIndex = 0;
  while (LABEL.lastIndex < text.length) {
    const match = LABEL.exec(text);
    if (!match) throw new Error(`bad labels in: ${line}`);
    if (match[1]! in labels) throw new Error(`repeated label ${match[1]} in: ${line}`);
    labels[match[1]!] = unescapeLabel(match[2]!);
  }
  return labels;
}

function parseValue(text: string, line: string): number {
  if (text === "+Inf") return Infinity;
  if (text === "-Inf") return -Infinity;
  if (text === "NaN") return NaN;
  const value = Number(text);
  if (text.trim() === "" || Number.isNaN(value)) throw new Error(`bad value in: ${line}`);
  return value;
}

/**
 * Parses and checks the exposition: HELP and TYPE at most once per family and before its
 * samples, every sample belongs to a typed family, and a family's samples are contiguous.
 */
export function parseExposition(text: string): ParsedExposition {
  if (!text.endsWith("\n")) throw new Error("the exposition must end with a newline");
  const types = new Map<string, string>();
  const helps = new Map<string, string>();
  const samples: ParsedSample[] = [];
  const finished = new Set<string>();
  let current: string | null = null;
  for (const line of text.slice(0, -1).split("\n")) {
    const meta = /^# (HELP|TYPE) (\S+) (.*)$/.exec(line);
    if (meta) {
      const [, kind, name, rest] = meta;
      const seen = kind === "HELP" ? helps : types;
      if (seen.has(name!)) throw new Error(`second ${kind} for ${name}`);
      if (finished.has(name!)) throw new Error(`${kind} for ${name} after its samples`);
      seen.set(name!, rest!);
      continue;
    }
    const match = SAMPLE.exec(line);
    if (!match) throw new Error(`not a sample line: ${JSON.stringify(line)}`);
    const name = match[1]!;
    const family = types.has(name) ? name : name.replace(HISTOGRAM_SUFFIX, "");
    if (!types.has(family)) throw new Error(`sample of an untyped family: ${line}`);
    if (family !== current) {
      if (finished.has(family)) throw new Error(`samples of ${family} are not contiguous`);
      if (current) finished.add(current);
      current = family;
    }
    samples.push({ name, labels: parseLabels(match[3] ?? "", line), value: parseValue(match[4]!, line) });
  }
  return { samples, types, helps };
}

/** The samples named `name` whose labels include every pair of `labels`. */
export function samplesOf(parsed: ParsedExposition, name: string, labels: Record<string, string> = {}): ParsedSample[] {
  return parsed.samples.filter((s) => s.name === name && Object.entries(labels).every(([k, v]) => s.labels[k] === v));
}

/** The one sample named `name` with these labels; throws when there is none or more than one. */
export function sampleValue(parsed: ParsedExposition, name: string, labels: Record<string, string>): number {
  const found = samplesOf(parsed, name, labels);
  if (found.length !== 1) throw new Error(`${found.length} samples of ${name} ${JSON.stringify(labels)}`);
  return found[0]!.value;
}
