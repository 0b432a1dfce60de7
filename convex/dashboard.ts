/**
 * Admin dashboard API. Every number comes from counters maintained in the
 * same transactions that change them (ADR 0003), so a page load reads
 * O(models × 30 days) small documents however many videos exist.
 */
import { paginationOptsValidator } from "convex/server";
import { adminQuery } from "./functions";
import { dashboardOverview } from "./model/dashboard";
import { withUserEmails } from "./model/users";

/**
 * Admin: `getOverview({})` → `{ totals: { users, videos, inProgress,
 * succeeded, failed, canceled, creditsCharged, creditsRefunded } (counts and
 * credits), perModel: getModelStats rows plus `name`, most used first, days:
 * the last 30 UTC days, daily: { day, modelId, name, created, succeeded,
 * failed, canceled }[] }`.
 * @throws `UNAUTHENTICATED`, `FORBIDDEN`.
 */
export const getOverview = adminQuery({
  args: {},
  handler: async (ctx) => {
    return await dashboardOverview(ctx, Date.now());
  },
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
