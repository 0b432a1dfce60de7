/**
 * How model lists are ordered, in one place for the backend and the
 * browser (issue 9: the comparison sort was written twice, once in code-unit
 * order and once with `localeCompare`).
 *
 * Names compare in code-unit order, the order of Convex's indexes
 * (`models.by_name`), so a list sorted here and a page read from the index
 * agree, and the order is the same on every machine whatever its locale.
 */

/** Code-unit order of two names (Convex index order): -1, 0 or 1. */
export function compareNames(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Sortable columns of the compare table: credit cost, name, price per second. */
export type SortKey = "cost" | "name" | "cps";
export type SortDir = "asc" | "desc";

/** The fields sorting reads (credits and US$/s; null = cannot be made). */
export type SortableRow = {
  name: string;
  costPerSecond: number;
  creditCost: number | null;
};

/**
 * Sorts rows by a column; ties break by name. Models that can't make the
 * chosen combination (`creditCost: null`) sort last by cost in both
 * directions, so "cheapest first" and "dearest first" both lead with real
 * prices. `pricing.getModelPricingComparison` returns its rows in
 * `("cost", "asc")` order; `/compare` re-sorts them by the chosen column.
 */
export function sortRows<Row extends SortableRow>(
  rows: readonly Row[],
  key: SortKey,
  dir: SortDir,
): Row[] {
  const sign = dir === "asc" ? 1 : -1;
  return [...rows].sort((a, b) => {
    if (key === "name") return sign * compareNames(a.name, b.name);
    if (key === "cps")
      return (
        sign * (a.costPerSecond - b.costPerSecond) ||
        compareNames(a.name, b.name)
      );
    if (a.creditCost === null || b.creditCost === null) {
      if (a.creditCost === b.creditCost) return compareNames(a.name, b.name);
      return a.creditCost === null ? 1 : -1;
    }
    return sign * (a.creditCost - b.creditCost) || compareNames(a.name, b.name);
  });
}
