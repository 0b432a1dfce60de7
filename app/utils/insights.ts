/**
 * Model insights (speed, 30-day success, featured sample) for the models a
 * page shows, live, keyed by modelId (ADR 0048).
 */
import { api } from "./api";
import { useLiveQuery } from "./live";
import type { FunctionReturnType } from "convex/server";

export type InsightRow = FunctionReturnType<
  typeof api.insights.getModelInsights
>[number];

export function useModelInsights(
  modelIds: string[],
  fallback: InsightRow[],
): Map<string, InsightRow> {
  const rows = useLiveQuery(
    api.insights.getModelInsights,
    { modelIds: modelIds.slice(0, 100) },
    fallback,
  );
  return new Map(rows.map((row) => [row.modelId, row]));
}
