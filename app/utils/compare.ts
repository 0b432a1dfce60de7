/**
 * Sorting of the compare table (`/compare?sort=&dir=`): the backend's one
 * ordering rule (`convex/lib/ordering.ts`), so server and browser renders
 * and `getModelPricingComparison` agree.
 */
export {
  sortRows,
  type SortDir,
  type SortKey,
} from "../../convex/lib/ordering";
