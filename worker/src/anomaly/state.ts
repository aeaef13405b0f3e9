import { parseChangePointState, type ChangePointState } from "./change-point";
import { parseEventState, type EventState } from "./events";
import type { LikelihoodState } from "./likelihood";
import { parseSeasonalState, type SeasonalState } from "./seasonal";
import { resolveSettings, SETTING_KEYS, type DetectorSettings } from "./settings";
import { count, fail, finite, finiteArray, isRecord, nullableFinite } from "./state-checks";
import { parseStuckState, type StuckState } from "./stuck";

/**
 * Serialised detector state. Versioned so a deploy that changes the algorithm
 * can recognise old state and start the series afresh instead of misreading it.
 * Version 3 added the seasonal baseline, the change-point tests, the stuck-run
 * test and the event gate (which replaced the refractory counters).
 */
export const STATE_VERSION = 3;

export interface DetectorState {
  version: typeof STATE_VERSION;
  settings: DetectorSettings;
  count: number;
  window: number[];
  runningMin: number | null;
  runningMax: number | null;
  /** Log of the learned tail (98th-percentile) deviation, in robust spread units. */
  logTail: number;
  /** exp(logTail) as the detector carries it (stepped by factors, so not recomputed). */
  tail: number;
  /** Points the tail estimate has learned from. */
  tailCount: number;
  likelihood: LikelihoodState;
  seasonal: SeasonalState;
  change: ChangePointState;
  stuck: StuckState;
  event: EventState;
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
  const logTail = finite(raw.logTail, "logTail");
  const tailCount = count(raw.tailCount, "tailCount");
  const tail = finite(raw.tail, "tail");
  if (tail <= 0) fail("tail must be positive");
  if (tailCount > total) fail("tailCount exceeds count");

  if (!isRecord(raw.likelihood)) fail("likelihood missing");
  const l = raw.likelihood;
  const recentRaw = finiteArray(l.recentRaw, "likelihood.recentRaw", settings.averagingWindow);
  if (recentRaw.some((v) => v < 0 || v > 1)) fail("likelihood.recentRaw outside [0,1]");
  const likelihood: LikelihoodState = {
    recentRaw,
    recentSum: finite(l.recentSum, "likelihood.recentSum"),
    count: count(l.count, "likelihood.count"),
    mean: finite(l.mean, "likelihood.mean"),
    variance: finite(l.variance, "likelihood.variance"),
    previousTail: finite(l.previousTail, "likelihood.previousTail"),
  };
  if (likelihood.variance < 0) fail("likelihood.variance negative");
  if (likelihood.count > total) fail("likelihood.count exceeds count");

  const seasonal = parseSeasonalState(raw.seasonal);
  if (seasonal.learned !== total) fail("seasonal.learned does not match count");
  return {
    version: STATE_VERSION,
    settings,
    count: total,
    window,
    runningMin,
    runningMax,
    logTail,
    tail,
    tailCount,
    likelihood,
    seasonal,
    change: parseChangePointState(raw.change),
    stuck: parseStuckState(raw.stuck),
    event: parseEventState(raw.event),
  };
}
