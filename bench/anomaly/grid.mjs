// The small grid the leave-one-category-out tuner searches: few parameters, few values
// each, so a fold cannot fit a category by brute force. The product's defaults
// (worker/src/anomaly/settings.ts) are the configuration the folds chose most often.
export const GRID = {
  changeThreshold: [6, 10, 16, 25],
  deviationHalfPoint: [2.5, 3],
};

/** Every combination of GRID as createDetector options. */
export function gridConfigs(grid = GRID) {
  let configs = [{}];
  for (const [key, values] of Object.entries(grid)) configs = configs.flatMap((c) => values.map((v) => ({ ...c, [key]: v })));
  return configs;
}
