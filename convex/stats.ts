/**
 * Internal functions of the usage statistics (ADR 0025). Nothing here is
 * callable by clients.
 */
import { v } from "convex/values";
import { internal } from "./_generated/api";
import { internalMutation } from "./_generated/server";
import { foldStats } from "./model/statsFold";

/**
 * Cron (every 10 s): refreshes the rollups of the shards that changed, and
 * reschedules itself at once while a backlog (or the history migration)
 * remains.
 * @returns whether more work was waiting.
 */
export const fold = internalMutation({
  args: {},
  returns: v.boolean(),
  handler: async (ctx) => {
    const more = await foldStats(ctx);
    if (more) await ctx.scheduler.runAfter(0, internal.stats.fold, {});
    return more;
  },
});
