/**
 * The admin dashboard's numbers (seed 002 "Analytics Dashboard", seed 003
 * usage analytics), split so each piece reads and sends an amount bounded
 * by what it shows, not by models × days (ADR 0027):
 * - totals: the shards of the `all` key and the users counter (exact, live);
 * - the per-model table: a page of the `modelStats` rollup, most used first;
 * - the 30-day chart: the `dailyStats` rollup plus `modelDailyStats` of the
 *   top `CHART_MODELS` models, the rest summed as "other models".
 * No video is read, so the cost does not grow with the number of videos.
 */
import type { PaginationOptions } from "convex/server";
import type { Doc } from "../_generated/dataModel";
import type { QueryCtx } from "../_generated/server";
import { findModel } from "./catalogue";
import { readCounter } from "./counters";
import { ALL_KEY, readCounts, summarise, utcDay } from "./stats";

/** Days shown by the videos-per-day chart. */
export const CHART_DAYS = 30;
/** Models drawn as their own series; the others are summed. */
export const CHART_MODELS = 6;
/** Largest page of the per-model table. */
export const MAX_MODEL_PAGE = 50;

/** The UTC days `YYYY-MM-DD` of the last `count` days, oldest first. */
export function lastDays(nowMs: number, count: number): string[] {
  return Array.from({ length: count }, (_, i) =>
    utcDay(nowMs - (count - 1 - i) * 24 * 60 * 60 * 1000),
  );
}

/** Platform totals, exact (≈ 35 documents read). */
export async function dashboardTotals(ctx: QueryCtx) {
  const [all, users] = await Promise.all([
    readCounts(ctx, ALL_KEY),
    readCounter(ctx, "users"),
  ]);
  const finished = all.succeeded + all.failed + all.canceled;
  return {
    users,
    videos: all.created,
    inProgress: all.created - finished,
    succeeded: all.succeeded,
    failed: all.failed,
    canceled: all.canceled,
    creditsCharged: all.creditsCharged,
    creditsRefunded: all.creditsRefunded,
  };
}

/** A model's display name (its modelId when it is gone). */
async function nameOf(ctx: QueryCtx, modelId: string): Promise<string> {
  return (await findModel(ctx, modelId))?.name ?? modelId;
}

/** A `modelStats` rollup row as the dashboard shows it. */
export async function usageRow(ctx: QueryCtx, row: Doc<"modelStats">) {
  return {
    ...summarise(row.modelId, row),
    name: await nameOf(ctx, row.modelId),
    p50GenerationTime:
      row.p50GenerationTimeMs === undefined
        ? null
        : row.p50GenerationTimeMs / 1000,
    p95GenerationTime:
      row.p95GenerationTimeMs === undefined
        ? null
        : row.p95GenerationTimeMs / 1000,
  };
}

/** A page of models by use, most created videos first (rollup, ≤ 10 s old). */
export async function modelUsagePage(
  ctx: QueryCtx,
  paginationOpts: PaginationOptions,
) {
  const result = await ctx.db
    .query("modelStats")
    .withIndex("by_createdGenerations")
    .order("desc")
    .paginate({
      ...paginationOpts,
      numItems: Math.min(paginationOpts.numItems, MAX_MODEL_PAGE),
    });
  return {
    ...result,
    page: await Promise.all(result.page.map((row) => usageRow(ctx, row))),
  };
}

/**
 * The last 30 days: videos created per day in total, for each of the
 * `CHART_MODELS` most used models, and for all other models together.
 * Reads ≤ 30 + CHART_MODELS × 32 documents.
 */
export async function dailySeries(ctx: QueryCtx, nowMs: number) {
  const days = lastDays(nowMs, CHART_DAYS);
  const index = new Map(days.map((d, i) => [d, i]));
  const zeros = () => days.map(() => 0);
  const total = zeros();
  const totalRows = await ctx.db
    .query("dailyStats")
    .withIndex("by_day", (q) => q.gte("day", days[0]))
    .take(CHART_DAYS + 1);
  for (const row of totalRows) {
    const i = index.get(row.day);
    if (i !== undefined) total[i] = row.created;
  }
  const top = await ctx.db
    .query("modelStats")
    .withIndex("by_createdGenerations", (q) => q.gt("createdGenerations", 0))
    .order("desc")
    .take(CHART_MODELS);
  const series = [];
  const other = [...total];
  for (const model of top) {
    const created = zeros();
    const rows = await ctx.db
      .query("modelDailyStats")
      .withIndex("by_modelId_and_day", (q) =>
        q.eq("modelId", model.modelId).gte("day", days[0]),
      )
      .take(CHART_DAYS + 1);
    for (const row of rows) {
      const i = index.get(row.day);
      if (i !== undefined) {
        created[i] = row.created;
        other[i] -= row.created;
      }
    }
    if (created.some((c) => c > 0)) {
      series.push({
        modelId: model.modelId,
        name: await nameOf(ctx, model.modelId),
        created,
      });
    }
  }
  return { days, series, other: other.map((n) => Math.max(0, n)), total };
}
