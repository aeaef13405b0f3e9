/**
 * Reading one drawn y column: which point a legend entry describes, and which points need a dot.
 * As uPlot holds it, null is a gap in the data and undefined a time this line has no point at.
 */
export type YColumn = ArrayLike<number | null | undefined>;

/**
 * What a line's legend entry shows:
 * - "cursor": the value under the cursor, and while nothing is hovered the latest value;
 * - "end": always the line's last value (a projection's figure at the end, not at the cursor);
 * - "end-time": always the time of the line's last point (when a projection gets there).
 */
export type LegendMode = "cursor" | "end" | "end-time";

/** Shown for a line with no value to show: hovered in a gap, or with no points at all. */
export const NO_DATA = "no data";

/** The index of the last point of `ys` that has a value; null when none has. */
export function lastValueIndex(ys: YColumn): number | null {
  for (let i = ys.length - 1; i >= 0; i--) {
    if (typeof ys[i] === "number") return i;
  }
  return null;
}

/** The index whose point the legend describes for the hovered index `idx` (null: not hovering). */
export function legendIndex(ys: YColumn, idx: number | null, mode: LegendMode): number | null {
  if (mode !== "cursor" || idx === null) return lastValueIndex(ys);
  return typeof ys[idx] === "number" ? idx : null;
}

/** Indices of points with no drawn neighbour (between gaps, or alone): a line cannot show them, a dot must. */
export function isolatedIndices(ys: YColumn): number[] {
  const isolated: number[] = [];
  let previous: number | null | undefined;
  for (let i = 0; i < ys.length; i++) {
    const value = ys[i];
    if (typeof value !== "number") {
      if (value === null) previous = null;
      continue;
    }
    if (typeof previous !== "number" && typeof nextDefined(ys, i) !== "number") isolated.push(i);
    previous = value;
  }
  return isolated;
}

// Alignment holes (undefined) are spanned by the line, so the neighbour is the next point that is not one.
function nextDefined(ys: YColumn, from: number): number | null | undefined {
  for (let i = from + 1; i < ys.length; i++) {
    if (ys[i] !== undefined) return ys[i];
  }
  return undefined;
}
