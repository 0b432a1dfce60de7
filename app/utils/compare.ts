/**
 * Sorting of the compare table (`/compare?sort=&dir=`). Pure, so it is unit
 * tested and shared by server and browser renders.
 */
import type { ComparisonRow } from "./api";

/** Sortable columns: credit cost, model name, price per second. */
export type SortKey = "cost" | "name" | "cps";
export type SortDir = "asc" | "desc";

/** The fields sorting reads. */
type SortableRow = Pick<ComparisonRow, "name" | "costPerSecond" | "creditCost">;

/**
 * Sorts rows by a column; ties break by name. Models that can't make the
 * chosen combination (`creditCost: null`) sort last by cost in both
 * directions, so "cheapest first" and "dearest first" both lead with real prices.
 */
export function sortRows<Row extends SortableRow>(
  rows: Row[],
  key: SortKey,
  dir: SortDir,
): Row[] {
  const sign = dir === "asc" ? 1 : -1;
  return [...rows].sort((a, b) => {
    if (key === "name") return sign * a.name.localeCompare(b.name);
    if (key === "cps")
      return (
        sign * (a.costPerSecond - b.costPerSecond) ||
        a.name.localeCompare(b.name)
      );
    if (a.creditCost === null || b.creditCost === null) {
      if (a.creditCost === b.creditCost) return a.name.localeCompare(b.name);
      return a.creditCost === null ? 1 : -1;
    }
    return sign * (a.creditCost - b.creditCost) || a.name.localeCompare(b.name);
  });
}
