/**
 * The admin dashboard's numbers (seed 002 "Analytics Dashboard", seed 003
 * usage analytics), read from counters only: one document per model
 * (`modelStats`), one per model per day (`modelDailyStats`) and the users
 * counter. No video is read, so the cost does not grow with the number of
 * videos (ADR 0003).
 */
import type { QueryCtx } from "../_generated/server";
import { compareNames } from "../lib/ordering";
import { listAllModels, MAX_CATALOGUE_SIZE } from "./catalogue";
import { readCounter } from "./counters";
import { summarise, utcDay } from "./stats";

/** Days shown by the videos-per-day chart. */
export const CHART_DAYS = 30;

/** The UTC days `YYYY-MM-DD` of the last `count` days, oldest first. */
export function lastDays(nowMs: number, count: number): string[] {
  return Array.from({ length: count }, (_, i) =>
    utcDay(nowMs - (count - 1 - i) * 24 * 60 * 60 * 1000),
  );
}

/** Totals, per-model usage and the 30-day series, for `dashboard:getOverview`. */
export async function dashboardOverview(ctx: QueryCtx, nowMs: number) {
  const [models, stats, users] = await Promise.all([
    listAllModels(ctx, true),
    ctx.db.query("modelStats").take(MAX_CATALOGUE_SIZE),
    readCounter(ctx, "users"),
  ]);
  const names = new Map(models.map((m) => [m.modelId, m.name]));
  const perModel = stats
    .map((s) => ({
      ...summarise(s.modelId, s),
      name: names.get(s.modelId) ?? s.modelId,
    }))
    .sort(
      (a, b) =>
        b.createdGenerations - a.createdGenerations ||
        compareNames(a.name, b.name),
    );

  const sum = (pick: (s: (typeof perModel)[number]) => number) =>
    perModel.reduce((total, s) => total + pick(s), 0);
  const created = sum((s) => s.createdGenerations);
  const finished = sum((s) => s.totalGenerations);
  const totals = {
    users,
    videos: created,
    inProgress: created - finished,
    succeeded: sum((s) => s.successfulGenerations),
    failed: sum((s) => s.failedGenerations),
    canceled: sum((s) => s.canceledGenerations),
    creditsCharged: sum((s) => s.creditsCharged),
    creditsRefunded: sum((s) => s.creditsRefunded),
  };

  const days = lastDays(nowMs, CHART_DAYS);
  const daily = await ctx.db
    .query("modelDailyStats")
    .withIndex("by_day_and_modelId", (q) => q.gte("day", days[0]))
    .take(CHART_DAYS * MAX_CATALOGUE_SIZE);
  return {
    totals,
    perModel,
    days,
    daily: daily.map((d) => ({
      day: d.day,
      modelId: d.modelId,
      name: names.get(d.modelId) ?? d.modelId,
      created: d.created,
      succeeded: d.succeeded,
      failed: d.failed,
      canceled: d.canceled,
    })),
  };
}
