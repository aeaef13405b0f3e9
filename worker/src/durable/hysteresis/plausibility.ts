/**
 * A drop beyond this share between two polls is refused. Billing credits and closed or
 * relabelled issues lower a total a little; halving it is what a wrong project, a wrong
 * table or an empty page looks like.
 */
export const MAX_PLAUSIBLE_DROP = 0.5;

/**
 * Why a polled total must not be applied, or null if it is plausible. `previousTruth` is
 * the last accepted total (null before the first). Since the comparison is with the last
 * accepted total, a genuine reset keeps being refused until the caller clears it.
 */
export function rejectImplausiblePoll(previousTruth: number | null, newTruth: number, maxDrop = MAX_PLAUSIBLE_DROP): string | null {
  if (!Number.isFinite(newTruth)) return `total ${newTruth} is not a finite number`;
  if (newTruth < 0) return `negative total ${newTruth}`;
  if (previousTruth !== null && previousTruth > 0 && newTruth < previousTruth * (1 - maxDrop)) {
    const dropPercent = Math.round((1 - newTruth / previousTruth) * 100);
    return `total ${newTruth} is ${dropPercent}% below the last accepted total ${previousTruth}`;
  }
  return null;
}
