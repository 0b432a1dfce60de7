/**
 * Model insights (speed, 30-day success, featured sample) for the models a
 * page shows, live, keyed by modelId (ADR 0048). The success window ends on
 * the page's UTC day (the query reads no clock, ADR 0019).
 */
import { api } from "./api";
import { useUtcDay } from "./clock";
import { useLiveQuery } from "./live";
import type { FunctionReturnType } from "convex/server";

export type InsightRow = FunctionReturnType<
  typeof api.insights.getModelInsights
>[number];

/**
 * @param today the loader's UTC day (`YYYY-MM-DD`), the one its `fallback`
 *   rows were read for; moves on at midnight while the page stays open.
 */
export function useModelInsights(
  modelIds: string[],
  fallback: InsightRow[],
  today: string,
): Map<string, InsightRow> {
  const day = useUtcDay(today);
  const rows = useLiveQuery(
    api.insights.getModelInsights,
    { modelIds: modelIds.slice(0, 100), today: day },
    fallback,
  );
  return new Map(rows.map((row) => [row.modelId, row]));
}
