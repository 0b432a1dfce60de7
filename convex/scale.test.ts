/**
 * Scale test: with Convex's real per-transaction limits enforced and 10,000
 * videos, 2,000 users and 300 models loaded, every contract query still runs
 * and reads only what it returns (plus a constant). Documents read are
 * measured with `ctx.meta.getTransactionMetrics()` around a nested
 * `ctx.runQuery`, whose reads fold into the enclosing transaction.
 */
import { describe, expect, test } from "vitest";
import type { FunctionReference } from "convex/server";
import type { Id } from "./_generated/dataModel";
import { ADMIN, api, CREATOR, setup } from "./test.setup";

const USERS = 2000;
const VIDEOS = 10_000;
const MODELS = 300;
const ACTIVE = 200; // + 50 inactive + 50 soft-deleted
const PREMIUM_EVERY = 10;
const PROVIDERS = 20;
const BATCH = 500;

type AnyQuery = FunctionReference<"query", "public">;

async function load(t: ReturnType<typeof setup>) {
  const now = Date.now();
  for (let start = 0; start < MODELS; start += BATCH) {
    await t.run(async (ctx) => {
      for (let i = start; i < Math.min(start + BATCH, MODELS); i++) {
        await ctx.db.insert("models", {
          modelId: `provider${i % PROVIDERS}/model-${String(i).padStart(3, "0")}`,
          name: `Model ${String(i).padStart(3, "0")}`,
          description: "",
          costPerSecond: (1 + (i % 50)) / 100,
          supportedDurations: [5, 10],
          supportedQualities: ["standard", "high"],
          qualityMultipliers: { high: 1.5 },
          isPremium: i % PREMIUM_EVERY === 0,
          isActive: !(i >= ACTIVE && i < ACTIVE + 50),
          isDefault: i === 0,
          isDeprecated: false,
          provider: `provider${i % PROVIDERS}`,
          category:
            i % 3 === 0 ? "premium" : i % 3 === 1 ? "budget" : "experimental",
          replicateModelId: `provider${i % PROVIDERS}/model-${i}`,
          createdAt: now,
          updatedAt: now,
          deletedAt: i >= ACTIVE + 50 ? now : undefined,
        });
      }
    });
  }
  const userIds: Id<"users">[] = [];
  for (let start = 0; start < USERS; start += BATCH) {
    const ids = await t.run(async (ctx) => {
      const batch: Id<"users">[] = [];
      for (let i = start; i < Math.min(start + BATCH, USERS); i++) {
        const identity =
          i === 0
            ? CREATOR
            : {
                tokenIdentifier: `https://issuer.test|user-${i}`,
                email: `user${i}@example.com`,
              };
        const userId = await ctx.db.insert("users", {
          tokenIdentifier: identity.tokenIdentifier,
          email: identity.email,
          emailLower: identity.email.toLowerCase(),
          role: "creator",
          balance: 1000,
          createdAt: now,
          updatedAt: now,
        });
        await ctx.db.insert("creditTransactions", {
          userId,
          amount: 1000,
          type: "grant",
          balanceAfter: 1000,
          createdAt: now,
        });
        batch.push(userId);
      }
      return batch;
    });
    userIds.push(...ids);
  }
  for (let start = 0; start < VIDEOS; start += BATCH) {
    await t.run(async (ctx) => {
      for (let i = start; i < Math.min(start + BATCH, VIDEOS); i++) {
        await ctx.db.insert("videos", {
          userId: userIds[i % USERS],
          prompt: `video ${i}`,
          model: `provider${i % PROVIDERS}/model-${String(i % ACTIVE).padStart(3, "0")}`,
          modelName: `Model ${i % ACTIVE}`,
          duration: 5,
          quality: "standard",
          creditsCost: 10,
          status: i % 7 === 0 ? "processing" : "succeeded",
          createdAt: now + i,
          updatedAt: now + i,
        });
      }
    });
  }
  return userIds;
}

describe("at scale", () => {
  test("every contract query stays within limits and reads only what it returns", async () => {
    const t = setup({ transactionLimits: true });
    await load(t);
    const creator = t.withIdentity(CREATOR);
    const admin = t.withIdentity(ADMIN);

    const measure = async (who: typeof creator, ref: AnyQuery, args: object) =>
      await who.run(async (ctx) => {
        const before = (await ctx.meta.getTransactionMetrics()).documentsRead
          .used;
        const result: unknown = await ctx.runQuery(ref, args);
        const after = (await ctx.meta.getTransactionMetrics()).documentsRead
          .used;
        return { read: after - before, result };
      });
    const count = (result: unknown) =>
      Array.isArray(result)
        ? result.length
        : (result as { page: unknown[] }).page.length;

    const page = { paginationOpts: { numItems: 20, cursor: null } };
    const reads: Record<string, number> = {};
    const check = async (
      name: string,
      who: typeof creator,
      ref: AnyQuery,
      args: object,
      expectedMax: (result: unknown) => number,
    ) => {
      const { read, result } = await measure(who, ref, args);
      reads[name] = read;
      expect(read, name).toBeLessThanOrEqual(expectedMax(result));
      return result;
    };

    // Catalogue: no more than the models returned, plus a constant.
    const active = await check(
      "getActiveModels",
      creator,
      api.models.getActiveModels,
      {},
      (r) => count(r) + 1,
    );
    expect(count(active)).toBe(ACTIVE);
    await check(
      "getDefaultModel",
      creator,
      api.models.getDefaultModel,
      {},
      () => 2,
    );
    await check(
      "getPremiumModels",
      creator,
      api.models.getPremiumModels,
      {},
      (r) => count(r) + 1,
    );
    await check(
      "getModelsByProvider",
      creator,
      api.models.getModelsByProvider,
      { provider: "provider3" },
      (r) => count(r) + 1,
    );
    await check(
      "getModelsByCategory",
      creator,
      api.models.getModelsByCategory,
      { category: "budget" },
      (r) => count(r) + 1,
    );
    await check(
      "getModelById",
      creator,
      api.models.getModelById,
      { modelId: "provider5/model-005" },
      () => 1,
    );
    await check(
      "getModelStats",
      creator,
      api.models.getModelStats,
      { modelId: "provider5/model-005" },
      () => 2,
    );
    await check(
      "validateModelCapabilities",
      creator,
      api.models.validateModelCapabilities,
      { modelId: "provider5/model-005", duration: 5, quality: "high" },
      () => 1,
    );
    await check(
      "getCreditCost",
      creator,
      api.pricing.getCreditCost,
      { modelId: "provider5/model-005", duration: 5, quality: "high" },
      () => 2, // the model + the caller's record (their price)
    );
    await check(
      "getAvailableModels",
      creator,
      api.pricing.getAvailableModels,
      {},
      (r) => count(r) + 2,
    );
    await check(
      "getModelPricingComparison",
      creator,
      api.pricing.getModelPricingComparison,
      { duration: 10 },
      (r) => count(r) + 2,
    );
    await check(
      "listModelsForAdmin",
      admin,
      api.models.listModelsForAdmin,
      { includeDeleted: true },
      (r) => count(r) + 2,
    );

    // Per-user reads: the caller's record plus one page, never other users' data.
    await check("getMyBalance", creator, api.credits.getMyBalance, {}, () => 1);
    await check(
      "getMyTransactions",
      creator,
      api.credits.getMyTransactions,
      page,
      (r) => count(r) + 1,
    );
    const videos = await check(
      "getMyVideos",
      creator,
      api.videos.getMyVideos,
      page,
      (r) => count(r) + 1,
    );
    expect(count(videos)).toBe(5); // 10,000 videos / 2,000 users
    const videoId = (videos as { page: { _id: string }[] }).page[0]._id;
    await check("getVideo", creator, api.videos.getVideo, { videoId }, () => 2);
    await check("getMe", creator, api.users.getMe, {}, () => 1);
    await check(
      "getMyUsage",
      creator,
      api.credits.getMyUsage,
      {},
      (r) => 1 + 2 * (r as { perModel: unknown[] }).perModel.length,
    );

    console.log("documents read per query:", JSON.stringify(reads));
  }, 120_000);
});
