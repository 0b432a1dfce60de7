/**
 * Admin dashboard API, split by what changes together (ADR 0027): the
 * totals change with every video event and are tiny; the per-model table
 * and the 30-day chart read rollups refreshed every few seconds, so an open
 * dashboard receives small updates, each bounded by what it shows.
 */
import {
  paginationOptsValidator,
  paginationResultValidator,
} from "convex/server";
import { v } from "convex/values";
import { adminQuery } from "./functions";
import { noonOfUtcDay } from "./lib/clock";
import { fail } from "./lib/errors";
import {
  dailySeries,
  dashboardTotals,
  modelUsagePage,
} from "./model/dashboard";
import { withUserEmails } from "./model/users";
import { videoDocValidator } from "./validators";

const totalsValidator = v.object({
  users: v.number(),
  videos: v.number(),
  inProgress: v.number(),
  succeeded: v.number(),
  failed: v.number(),
  canceled: v.number(),
  creditsCharged: v.number(),
  creditsRefunded: v.number(),
});

const usageRowValidator = v.object({
  modelId: v.string(),
  name: v.string(),
  totalGenerations: v.number(),
  successfulGenerations: v.number(),
  failedGenerations: v.number(),
  canceledGenerations: v.number(),
  createdGenerations: v.number(),
  successRate: v.number(),
  averageGenerationTime: v.number(),
  creditsCharged: v.number(),
  creditsRefunded: v.number(),
  p50GenerationTime: v.union(v.number(), v.null()),
  p95GenerationTime: v.union(v.number(), v.null()),
});

/**
 * Admin: `getOverview({})` → `{ totals: { users, videos, inProgress,
 * succeeded, failed, canceled, creditsCharged, creditsRefunded } }` (counts
 * and credits, exact). Reads ≈ 35 documents whatever the history.
 * @throws `UNAUTHENTICATED`, `FORBIDDEN`.
 */
export const getOverview = adminQuery({
  args: {},
  returns: v.object({ totals: totalsValidator }),
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
  returns: paginationResultValidator(usageRowValidator),
  handler: async (ctx, { paginationOpts }) =>
    await modelUsagePage(ctx, paginationOpts),
});

/**
 * Admin: `getDailySeries({ today })` → `{ days (the 30 UTC days ending on
 * `today`, oldest first), series: { modelId, name, created: number[] }[]
 * (the 6 most used models), other: number[] (all other models), total:
 * number[] }`: videos created per day. `today` is the caller's current UTC
 * day `YYYY-MM-DD` (the query reads no clock, so its result is cached and
 * re-sent only when the rollups change). From the rollups.
 * @throws `UNAUTHENTICATED`, `FORBIDDEN`, `INVALID_ARGUMENT` (`today` not a
 *   `YYYY-MM-DD` date).
 */
export const getDailySeries = adminQuery({
  args: { today: v.string() },
  returns: v.object({
    days: v.array(v.string()),
    series: v.array(
      v.object({
        modelId: v.string(),
        name: v.string(),
        created: v.array(v.number()),
      }),
    ),
    other: v.array(v.number()),
    total: v.array(v.number()),
  }),
  handler: async (ctx, { today }) => {
    const noon = noonOfUtcDay(today);
    if (noon === null)
      fail("INVALID_ARGUMENT", "today must be a UTC date YYYY-MM-DD.", "today");
    return await dailySeries(ctx, noon);
  },
});

/**
 * Admin: the most recent videos of all users, newest first (paginated over
 * the creation-time index), each with its creator's `userEmail`.
 * @throws `UNAUTHENTICATED`, `FORBIDDEN`.
 */
export const listRecentVideos = adminQuery({
  args: { paginationOpts: paginationOptsValidator },
  returns: paginationResultValidator(
    v.object({
      ...videoDocValidator.fields,
      userEmail: v.optional(v.string()),
    }),
  ),
  handler: async (ctx, { paginationOpts }) => {
    const result = await ctx.db
      .query("videos")
      .order("desc")
      .paginate(paginationOpts);
    return { ...result, page: await withUserEmails(ctx, result.page) };
  },
});
