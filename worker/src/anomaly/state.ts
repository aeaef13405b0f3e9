import type { LikelihoodState } from "./likelihood";
import { resolveSettings, SETTING_KEYS, type DetectorSettings } from "./settings";

/**
 * Serialised detector state. Versioned so a deploy that changes the algorithm
 * can recognise old state and start the series afresh instead of misreading it.
 */
export const STATE_VERSION = 2;

export interface DetectorState {
  version: typeof STATE_VERSION;
  settings: DetectorSettings;
  count: number;
  window: number[];
  runningMin: number | null;
  runningMax: number | null;
  /** Points since the last alert; null when there has been none. */
  sinceAlert: number | null;
  /** Points since the last new extreme or gross outlier (capped); null when there has been none. */
  sinceEvent: number | null;
  /** Log of the learned tail (98th-percentile) deviation, in robust spread units. */
  logTail: number;
  /** Points the tail estimate has learned from. */
  tailCount: number;
  likelihood: LikelihoodState;
}

function fail(reason: string): never {
  throw new Error(`anomaly detector state rejected: ${reason}`);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function finite(value: unknown, name: string): number {
  if (typeof value !== "number" || !Number.isFinite(value)) fail(`${name} must be a finite number`);
  return value;
}

function count(value: unknown, name: string): number {
  const n = finite(value, name);
  if (!Number.isInteger(n) || n < 0) fail(`${name} must be a non-negative integer`);
  return n;
}

function nullableFinite(value: unknown, name: string): number | null {
  return value === null ? null : finite(value, name);
}

function finiteArray(value: unknown, name: string, maxLength: number): number[] {
  if (!Array.isArray(value)) fail(`${name} must be an array`);
  if (value.length > maxLength) fail(`${name} has ${value.length} entries, at most ${maxLength} allowed`);
  return value.map((v, i) => finite(v, `${name}[${i}]`));
}

/**
 * Checks that `raw` (typically JSON.parse output from storage) is a complete,
 * internally consistent state this code version can resume from. Throws an
 * Error naming the first problem; the caller is expected to start the series
 * over rather than repair it.
 */
export function parseState(raw: unknown): DetectorState {
  if (!isRecord(raw)) fail("not an object");
  if (raw.version !== STATE_VERSION) fail(`unsupported version ${String(raw.version)} (expected ${STATE_VERSION})`);
  if (!isRecord(raw.settings)) fail("settings missing");
  const rawSettings = raw.settings;
  for (const key of SETTING_KEYS) finite(rawSettings[key], `settings.${key}`);
  let settings: DetectorSettings;
  try {
    settings = resolveSettings(rawSettings as Partial<DetectorSettings>);
  } catch (error) {
    fail((error as Error).message);
  }
  const total = count(raw.count, "count");
  const window = finiteArray(raw.window, "window", settings.windowSize);
  if (window.length !== Math.min(total, settings.windowSize)) fail("window length does not match count");
  const runningMin = nullableFinite(raw.runningMin, "runningMin");
  const runningMax = nullableFinite(raw.runningMax, "runningMax");
  if ((runningMin === null) !== (total === 0) || (runningMax === null) !== (total === 0)) {
    fail("running range inconsistent with count");
  }
  if (runningMin !== null && runningMax !== null && runningMin > runningMax) fail("runningMin exceeds runningMax");
  const sinceAlert = raw.sinceAlert === null ? null : count(raw.sinceAlert, "sinceAlert");
  const sinceEvent = raw.sinceEvent === null ? null : count(raw.sinceEvent, "sinceEvent");
  const logTail = finite(raw.logTail, "logTail");
  const tailCount = count(raw.tailCount, "tailCount");
  if (tailCount > total) fail("tailCount exceeds count");

  if (!isRecord(raw.likelihood)) fail("likelihood missing");
  const l = raw.likelihood;
  const recentRaw = finiteArray(l.recentRaw, "likelihood.recentRaw", settings.averagingWindow);
  if (recentRaw.some((v) => v < 0 || v > 1)) fail("likelihood.recentRaw outside [0,1]");
  const likelihood: LikelihoodState = {
    recentRaw,
    count: count(l.count, "likelihood.count"),
    mean: finite(l.mean, "likelihood.mean"),
    variance: finite(l.variance, "likelihood.variance"),
    previousTail: finite(l.previousTail, "likelihood.previousTail"),
  };
  if (likelihood.variance < 0) fail("likelihood.variance negative");
  if (likelihood.count > total) fail("likelihood.count exceeds count");

  return { version: STATE_VERSION, settings, count: total, window, runningMin, runningMax, sinceAlert, sinceEvent, logTail, tailCount, likelihood };
}
