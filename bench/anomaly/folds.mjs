// Threshold-honest scoring helpers on top of ../shared/nab/score.mjs. score.mjs optimises
// the threshold on whatever files it is given; a held-out fold must instead be scored at the
// threshold its training folds chose, which is what scoreAt does.
import { optimizeProfile, scoreFileAt } from "../../../shared/nab/score.mjs";

const windowsOf = (files) => files.reduce((a, f) => a + f.nWindows, 0);

/** NAB normalisation: 0 = never fires, 100 = perfect (runner.py). */
export function normalise(raw, nWindows, cost) {
  const nullRaw = -cost.fn * nWindows;
  return (100 * (raw - nullRaw)) / (cost.tp * nWindows - nullRaw);
}

/** score.mjs's own way: threshold optimised on `files` themselves. */
export function scoreOptimised(files, cost) {
  const best = optimizeProfile(files, cost);
  const hit = best.detectedWindows;
  return {
    threshold: best.threshold,
    raw: best.raw,
    normalised: normalise(best.raw, windowsOf(files), cost),
    hit,
    windows: windowsOf(files),
    fpPoints: best.fpPoints,
  };
}

/** Scores `files` at a fixed threshold (chosen elsewhere). */
export function scoreAt(files, cost, threshold) {
  let raw = 0;
  let hit = 0;
  let fpPoints = 0;
  for (const f of files) {
    const r = scoreFileAt(f, cost, threshold);
    raw += r.raw;
    hit += r.detected;
    fpPoints += r.fpPoints;
  }
  return { threshold, raw, normalised: normalise(raw, windowsOf(files), cost), hit, windows: windowsOf(files), fpPoints };
}
