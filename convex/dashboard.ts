/**
 * Admin dashboard API, split by what changes together (ADR 0027): the
 * totals change with every video event and are tiny; the per-model table
 * and the 30-day chart read rollups refreshed every few seconds, so an open
 * dashboard receives small updates, each bounded by what it shows.
 */
import { paginationOptsValidator } from "convex/server";
import { adminQuery } from "./functions";
import {
  dailySeries,
  dashboardTotals,
  modelUsagePage,
} from "./model/dashboard";
import { withUserEmails } from "./model/users";

/**
 * Admin: `getOverview({})` → `{ totals: { users, videos, inProgress,
 * succeeded, failed, canceled, creditsCharged, creditsRefunded } }` (counts
 * and credits, exact). Reads ≈ 35 documents whatever the history.
 * @throws `UNAUTHENTICATED`, `FORBIDDEN`.
 */
export const getOverview = adminQuery({
  args: {},
  handler: async (ctx) => {
    return { totals: await dashboardTotals(ctx) };
  },
});

/**
 * Admin: `listModelUsage({ paginationOpts })` → a page (≤ 50) of models by
 * use, most created videos first: `getModelStats` rows plus `name`,
 * `p50GenerationTime` and `p95GenerationTime` (seconds, null when none was
 * timed). From the rollup, at most ~10 s behind the totals.
 * @throws `UNAUTHENTICATED`, `FORBIDDEN`.
 */
export const listModelUsage = adminQuery({
  args: { paginationOpts: paginationOptsValidator },
  handler: async (ctx, { paginationOpts }) =>
    await modelUsagePage(ctx, paginationOpts),
});

/**
 * Admin: `getDailySeries({})` → `{ days (the last 30 UTC days, oldest
 * first), series: { modelId, name, created: number[] }[] (the 6 most used
 * models), other: number[] (all other models), total: number[] }`: videos
 * created per day. From the rollups.
 * @throws `UNAUTHENTICATED`, `FORBIDDEN`.
 */
export const getDailySeries = adminQuery({
  args: {},
  handler: async (ctx) => await dailySeries(ctx, Date.now()),
});

/**
 * Admin: the most recent videos of all users, newest first (paginated over
 * the creation-time index), each with its creator's `userEmail`.
 * @throws `UNAUTHENTICATED`, `FORBIDDEN`.
 */
export const listRecentVideos = adminQuery({
  args: { paginationOpts: paginationOptsValidator },
  handler: async (ctx, { paginationOpts }) => {
    const result = await ctx.db
      .query("videos")
      .order("desc")
      .paginate(paginationOpts);
    return { ...result, page: await withUserEmails(ctx, result.page) };
  },
});
