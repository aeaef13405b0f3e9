/** The order a sortable table shows its rows in; the names are those aria-sort takes. */
export type SortDirection = "ascending" | "descending";

export interface SortOrder<Key extends string> {
  key: Key;
  direction: SortDirection;
}

/**
 * The order after a click on `key`'s header: the same column flips, another starts in its own
 * first direction (largest first suits figures, A to Z suits names).
 */
export function nextSortOrder<Key extends string>(current: SortOrder<Key>, key: Key, firstDirection: SortDirection): SortOrder<Key> {
  if (current.key !== key) return { key, direction: firstDirection };
  return { key, direction: current.direction === "ascending" ? "descending" : "ascending" };
}

/** What aria-sort says of a column's header under `order`. */
export function ariaSort<Key extends string>(order: SortOrder<Key>, key: Key): SortDirection | "none" {
  return order.key === key ? order.direction : "none";
}

type Sortable = number | string | null;

/** A copy of `rows` in `order`; rows without a value (null, such as an unpriced cost) go last either way. */
export function sortRows<Row, Key extends string>(
  rows: readonly Row[],
  order: SortOrder<Key>,
  sortValue: (row: Row, key: Key) => Sortable,
): Row[] {
  const sign = order.direction === "ascending" ? 1 : -1;
  return rows
    .map((row, index) => ({ row, index, value: sortValue(row, order.key) }))
    .sort((a, b) => {
      if (a.value === null || b.value === null) return a.value === b.value ? a.index - b.index : a.value === null ? 1 : -1;
      const compared = typeof a.value === "string" ? a.value.localeCompare(String(b.value)) : a.value - Number(b.value);
      return compared === 0 ? a.index - b.index : sign * compared;
    })
    .map(({ row }) => row);
}
