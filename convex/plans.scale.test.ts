/**
 * Scale test for caller-specific prices (issue 12): with Convex's real
 * per-transaction limits, 300 models, 1,000 users on plans and 500
 * overrides, the catalogue and price queries read only the models they
 * return plus the caller's own record, plan, overrides and unlocks — never
 * anybody else's. Documents read are measured with
 * `ctx.meta.getTransactionMetrics()` around a nested `ctx.runQuery`.
 */
import { describe, expect, test } from "vitest";
import type { FunctionReference } from "convex/server";
import type { Id } from "./_generated/dataModel";
import { api, CREATOR, OTHER_CREATOR, setup } from "./test.setup";

const MODELS = 300;
const USERS = 1000;
const OVERRIDES = 500;
const PLANS = 5;
/** The creator's own overrides and unlocks (among the 500). */
const OWN_OVERRIDES = 4;
const OWN_UNLOCKS = 2;

type AnyQuery = FunctionReference<"query", "public">;

async function load(t: ReturnType<typeof setup>) {
  const now = Date.now();
  await t.run(async (ctx) => {
    for (let i = 0; i < MODELS; i++) {
      await ctx.db.insert("models", {
        modelId: `p${i % 10}/model-${String(i).padStart(3, "0")}`,
        name: `Model ${String(i).padStart(3, "0")}`,
        description: "",
        costPerSecond: (1 + (i % 50)) / 100,
        supportedDurations: [5, 10],
        supportedQualities: ["standard", "high"],
        qualityMultipliers: { high: 1.5 },
        isPremium: i % 10 === 0,
        isActive: true,
        isDefault: i === 0,
        isDeprecated: false,
        provider: `p${i % 10}`,
        category: i % 2 === 0 ? "premium" : "budget",
        unlockCredits: i % 10 === 0 ? 100 : undefined,
        replicateModelId: `p${i % 10}/model-${i}`,
        createdAt: now,
        updatedAt: now,
      });
    }
    for (let p = 0; p < PLANS; p++) {
      await ctx.db.insert("plans", {
        planId: `plan-${p}`,
        name: `Plan ${p}`,
        allowedCategories: p % 2 === 0 ? ["budget"] : undefined,
        allowedModelIds: p % 2 === 0 ? ["p0/model-000"] : undefined,
        priceMultiplier: 1 + p / 10,
        monthlyCredits: 10 * p,
        createdAt: now,
        updatedAt: now,
      });
    }
  });
  const userIds: Id<"users">[] = [];
  for (let start = 0; start < USERS; start += 500) {
    const ids = await t.run(async (ctx) => {
      const batch: Id<"users">[] = [];
      for (let i = start; i < start + 500; i++) {
        const identity =
          i === 0
            ? CREATOR
            : i === 1
              ? OTHER_CREATOR
              : {
                  tokenIdentifier: `https://issuer.test|user-${i}`,
                  email: `user${i}@example.com`,
                };
        batch.push(
          await ctx.db.insert("users", {
            tokenIdentifier: identity.tokenIdentifier,
            email: identity.email,
            emailLower: identity.email.toLowerCase(),
            role: "creator",
            balance: 1000,
            planId: `plan-${i % PLANS}`,
            createdAt: now,
            updatedAt: now,
          }),
        );
      }
      return batch;
    });
    userIds.push(...ids);
  }
  await t.run(async (ctx) => {
    for (let i = 0; i < OVERRIDES; i++) {
      // The creator (user 0) gets OWN_OVERRIDES; the rest go to others,
      // many on the same models the creator looks at.
      const userId =
        i < OWN_OVERRIDES ? userIds[0] : userIds[1 + (i % (USERS - 1))];
      await ctx.db.insert("userModelOverrides", {
        userId,
        modelId: `p${i % 10}/model-${String(i % MODELS).padStart(3, "0")}`,
        allowed: i % 3 === 0 ? false : true,
        costPerSecond: i % 2 === 0 ? 0.05 : undefined,
        createdAt: now,
        updatedAt: now,
      });
    }
    for (let i = 0; i < 200; i++) {
      await ctx.db.insert("modelUnlocks", {
        userId: i < OWN_UNLOCKS ? userIds[0] : userIds[1 + (i % (USERS - 1))],
        modelId: `p0/model-${String((i * 10) % MODELS).padStart(3, "0")}`,
        credits: 100,
        createdAt: now,
      });
    }
  });
}

describe("plans at scale", () => {
  test("price queries read what they return plus the caller's own plan, overrides and unlocks", async () => {
    const t = setup({ transactionLimits: true });
    await load(t);
    const creator = t.withIdentity(CREATOR);

    const measure = async (ref: AnyQuery, args: object) =>
      await creator.run(async (ctx) => {
        const before = (await ctx.meta.getTransactionMetrics()).documentsRead
          .used;
        const result: unknown = await ctx.runQuery(ref, args);
        const after = (await ctx.meta.getTransactionMetrics()).documentsRead
          .used;
        return { read: after - before, result };
      });
    const count = (r: unknown) => (r as unknown[]).length;
    // user record + plan + own overrides + own unlocks
    const own = 1 + 1 + OWN_OVERRIDES + OWN_UNLOCKS;
    const reads: Record<string, number> = {};

    const available = await measure(api.pricing.getAvailableModels, {});
    reads.getAvailableModels = available.read;
    expect(count(available.result)).toBe(MODELS);
    expect(available.read).toBeLessThanOrEqual(MODELS + 1 + own);

    const comparison = await measure(api.pricing.getModelPricingComparison, {
      duration: 10,
    });
    reads.getModelPricingComparison = comparison.read;
    expect(comparison.read).toBeLessThanOrEqual(MODELS + 1 + own);

    // One model: the model, the caller, their plan, their override of it and
    // their unlock of it.
    const one = await measure(api.pricing.getCreditCost, {
      modelId: "p0/model-000",
      duration: 5,
      quality: "standard",
    });
    reads.getCreditCost = one.read;
    expect(one.read).toBeLessThanOrEqual(5);

    const active = await measure(api.models.getActiveModels, {});
    reads.getActiveModels = active.read;
    expect(active.read).toBeLessThanOrEqual(MODELS + 1);

    const byId = await measure(api.models.getModelById, {
      modelId: "p3/model-003",
    });
    reads.getModelById = byId.read;
    expect(byId.read).toBe(1);

    const myPlan = await measure(api.plans.getMyPlan, { month: "2026-11" });
    reads.getMyPlan = myPlan.read;
    expect(myPlan.read).toBeLessThanOrEqual(3);

    console.log("documents read per query (plans):", JSON.stringify(reads));
  }, 120_000);
});
