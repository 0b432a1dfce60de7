/**
 * A creator's own usage analytics (seed 003 "User Model Analytics": spend
 * per model and per category), from the per-user counters in
 * `userModelStats`. Reads one counter and one model per model used.
 */
import type { Id } from "../_generated/dataModel";
import type { QueryCtx } from "../_generated/server";
import { findModel, MAX_CATALOGUE_SIZE } from "./catalogue";

/** One model's line in a user's usage. */
export type ModelUsage = {
  modelId: string;
  name: string;
  category?: string;
  videos: number;
  succeeded: number;
  failed: number;
  canceled: number;
  /** Credits charged minus refunded. */
  creditsSpent: number;
  lastUsedAt: number;
};

/**
 * A user's usage: totals, per model (most credits first), per category
 * ("uncategorized" for models without one).
 */
export async function usageOf(ctx: QueryCtx, userId: Id<"users">) {
  const rows = await ctx.db
    .query("userModelStats")
    .withIndex("by_userId_and_modelId", (q) => q.eq("userId", userId))
    .take(MAX_CATALOGUE_SIZE);
  const perModel: ModelUsage[] = await Promise.all(
    rows.map(async (row) => {
      const model = await findModel(ctx, row.modelId);
      return {
        modelId: row.modelId,
        name: model?.name ?? row.modelId,
        category: model?.category,
        videos: row.videos,
        succeeded: row.succeeded,
        failed: row.failed,
        canceled: row.canceled,
        creditsSpent: row.creditsSpent,
        lastUsedAt: row.lastUsedAt,
      };
    }),
  );
  perModel.sort(
    (a, b) => b.creditsSpent - a.creditsSpent || b.videos - a.videos,
  );

  const categories = new Map<
    string,
    { category: string; videos: number; creditsSpent: number }
  >();
  for (const line of perModel) {
    const category = line.category ?? "uncategorized";
    const entry = categories.get(category) ?? {
      category,
      videos: 0,
      creditsSpent: 0,
    };
    entry.videos += line.videos;
    entry.creditsSpent += line.creditsSpent;
    categories.set(category, entry);
  }
  const sum = (pick: (line: ModelUsage) => number) =>
    perModel.reduce((total, line) => total + pick(line), 0);
  return {
    totals: {
      videos: sum((l) => l.videos),
      succeeded: sum((l) => l.succeeded),
      failed: sum((l) => l.failed),
      canceled: sum((l) => l.canceled),
      creditsSpent: sum((l) => l.creditsSpent),
    },
    perModel,
    perCategory: [...categories.values()].sort(
      (a, b) => b.creditsSpent - a.creditsSpent,
    ),
  };
}
