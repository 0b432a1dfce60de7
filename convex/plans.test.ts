/**
 * Plans, overrides, unlocks, the caller's price and quote = charge
 * (API-CONTRACT "Plans, overrides, unlocks" and "Quote = charge"), with fake
 * time for expiries and calendar months.
 */
import { describe, expect, test, vi } from "vitest";
import { withCreators } from "./plans.testkit";
import {
  ADMIN,
  api,
  CREATOR,
  errorCode,
  errorData,
  internal,
  ledgerOf,
  OTHER_CREATOR,
  useFakeClock,
} from "./test.setup";

useFakeClock(Date.UTC(2026, 10, 15, 12, 0, 0)); // 15 Nov 2026, 12:00 UTC

const LUMA = { modelId: "luma/ray-2-720p", duration: 5, quality: "standard" };
const VEO = { modelId: "google/veo-3", duration: 8, quality: "standard" };
const video = (q: { modelId: string; duration: number; quality: string }) => ({
  prompt: "A red fox in the snow",
  model: q.modelId,
  duration: q.duration,
  quality: q.quality,
});

describe("without plans", () => {
  test("everyone pays list price and may use every model", async () => {
    const { t, creator } = await withCreators();
    expect(await t.query(api.pricing.getCreditCost, LUMA)).toBe(90);
    expect(await creator.query(api.pricing.getCreditCost, LUMA)).toBe(90);
    expect(await creator.query(api.pricing.getCreditCost, VEO)).toBe(600);
    const signedOut = await t.query(api.pricing.getAvailableModels, {});
    const mine = await creator.query(api.pricing.getAvailableModels, {});
    expect(mine.map((m) => m.creditCosts)).toEqual(
      signedOut.map((m) => m.creditCosts),
    );
    expect(mine.every((m) => m.access.allowed && !m.access.locked)).toBe(true);
    await creator.mutation(api.videos.createVideo, video(VEO));
    await creator.mutation(api.videos.createVideo, {
      ...video(LUMA),
      expectedCredits: 90,
    });
  });
});

describe("plan admin", () => {
  test("admin only, unique planId, NOT_FOUND for unknown email or plan, audited", async () => {
    const { t, admin, creator } = await withCreators();
    const plan = { planId: "starter", name: "Starter" };
    expect(await errorCode(t.mutation(api.plans.createPlan, plan))).toBe(
      "UNAUTHENTICATED",
    );
    expect(await errorCode(creator.mutation(api.plans.createPlan, plan))).toBe(
      "FORBIDDEN",
    );
    expect(await errorCode(creator.query(api.plans.listPlans, {}))).toBe(
      "FORBIDDEN",
    );
    await admin.mutation(api.plans.createPlan, plan);
    expect(await errorCode(admin.mutation(api.plans.createPlan, plan))).toBe(
      "INVALID_ARGUMENT",
    );
    expect(
      (
        await errorData(
          admin.mutation(api.plans.createPlan, {
            planId: "bad",
            name: "Bad",
            priceMultiplier: 1.234,
          }),
        )
      ).field,
    ).toBe("priceMultiplier");
    expect(
      await errorCode(
        admin.mutation(api.plans.assignPlan, {
          email: "nobody@example.com",
          planId: "starter",
        }),
      ),
    ).toBe("NOT_FOUND");
    expect(
      await errorCode(
        admin.mutation(api.plans.assignPlan, {
          email: CREATOR.email,
          planId: "nope",
        }),
      ),
    ).toBe("NOT_FOUND");
    await admin.mutation(api.plans.updatePlan, {
      planId: "starter",
      priceMultiplier: 1.5,
    });
    await admin.mutation(api.plans.assignPlan, {
      email: CREATOR.email,
      planId: "starter",
    });
    const plans = await admin.query(api.plans.listPlans, {});
    expect(plans.map((p) => [p.planId, p.priceMultiplier])).toEqual([
      ["starter", 1.5],
    ]);
    const trail = await admin.query(api.plans.getAccessAuditTrail, {
      paginationOpts: { numItems: 10, cursor: null },
    });
    // The set-up's credit grants are in the same trail (issue 9).
    const planEntries = trail.page.filter((e) => e.action !== "credits_grant");
    expect(planEntries.map((e) => [e.action, e.actor])).toEqual([
      ["plan_assign", ADMIN.email],
      ["plan_update", ADMIN.email],
      ["plan_create", ADMIN.email],
    ]);
    expect(planEntries[0].userEmail).toBe(CREATOR.email);
    await admin.mutation(api.plans.assignPlan, {
      email: CREATOR.email,
      planId: null,
    });
    expect(await creator.query(api.pricing.getCreditCost, LUMA)).toBe(90);
  });
});

describe("plan rules", () => {
  test("allowed categories and models, the price multiplier, charged as quoted", async () => {
    const { t, admin, creator, other } = await withCreators();
    await admin.mutation(api.plans.createPlan, {
      planId: "budget",
      name: "Budget",
      allowedCategories: ["budget"],
      priceMultiplier: 1.5,
    });
    await admin.mutation(api.plans.assignPlan, {
      email: CREATOR.email,
      planId: "budget",
    });
    // 0.18 × 5 × 1.5 = 135 credits, for the caller only.
    expect(await creator.query(api.pricing.getCreditCost, LUMA)).toBe(135);
    expect(await other.query(api.pricing.getCreditCost, LUMA)).toBe(90);
    const models = await creator.query(api.pricing.getAvailableModels, {});
    const veo = models.find((m) => m.modelId === "google/veo-3")!;
    expect(veo.access.allowed).toBe(false);
    expect(
      models.find((m) => m.modelId === "luma/ray-2-720p")!.creditCosts,
    ).toEqual([
      { duration: 5, credits: 135 },
      { duration: 9, credits: 243 },
    ]);
    const rows = await creator.query(api.pricing.getModelPricingComparison, {
      duration: 5,
    });
    expect(rows.find((r) => r.modelId === "luma/ray-2-720p")!.creditCost).toBe(
      135,
    );

    expect(
      await errorCode(creator.mutation(api.videos.createVideo, video(VEO))),
    ).toBe("MODEL_NOT_ALLOWED");
    const before = await ledgerOf(t, CREATOR.email);
    const videoId = await creator.mutation(api.videos.createVideo, {
      ...video(LUMA),
      expectedCredits: 135,
    });
    const made = await creator.query(api.videos.getVideo, { videoId });
    expect(made?.creditsCost).toBe(135);
    const after = await ledgerOf(t, CREATOR.email);
    expect(before.balance - after.balance).toBe(135);

    // Listing a model id allows it even outside the categories.
    await admin.mutation(api.plans.updatePlan, {
      planId: "budget",
      allowedModelIds: ["google/veo-3"],
    });
    await creator.mutation(api.videos.createVideo, video(VEO));
    // A plan with neither list allows everything.
    await admin.mutation(api.plans.updatePlan, {
      planId: "budget",
      allowedModelIds: null,
      allowedCategories: null,
    });
    expect(await creator.query(api.pricing.getCreditCost, VEO)).toBe(900);
  });

  test("a default plan applies to new users", async () => {
    const { t, admin } = await withCreators();
    await admin.mutation(api.plans.createPlan, {
      planId: "free",
      name: "Free",
      allowedCategories: ["budget"],
      isDefault: true,
    });
    const newcomer = t.withIdentity({
      subject: "new-1",
      issuer: "https://issuer.test",
      tokenIdentifier: "https://issuer.test|new-1",
      email: "new@example.com",
    });
    await newcomer.mutation(api.users.store, {});
    expect(
      await errorCode(newcomer.mutation(api.videos.createVideo, video(VEO))),
    ).toBe("MODEL_NOT_ALLOWED");
    // Existing users keep what they had.
    const creator = t.withIdentity(CREATOR);
    await creator.mutation(api.videos.createVideo, video(VEO));
  });
});

describe("overrides", () => {
  test("deny, allow over the plan, a custom price with the plan multiplier, expiry", async () => {
    const { t, admin, creator } = await withCreators();
    await admin.mutation(api.plans.createPlan, {
      planId: "budget",
      name: "Budget",
      allowedCategories: ["budget"],
      priceMultiplier: 2,
    });
    await admin.mutation(api.plans.assignPlan, {
      email: CREATOR.email,
      planId: "budget",
    });
    expect(
      await errorCode(
        creator.mutation(api.plans.setUserModelOverride, {
          email: CREATOR.email,
          modelId: "google/veo-3",
          allowed: true,
        }),
      ),
    ).toBe("FORBIDDEN");
    expect(
      await errorCode(
        admin.mutation(api.plans.setUserModelOverride, {
          email: CREATOR.email,
          modelId: "x/unknown",
          allowed: true,
        }),
      ),
    ).toBe("MODEL_NOT_FOUND");

    await admin.mutation(api.plans.setUserModelOverride, {
      email: CREATOR.email,
      modelId: "google/veo-3",
      allowed: true,
      costPerSecond: 0.5,
      expiresAt: Date.now() + 60_000,
      reason: "pilot customer",
    });
    // 0.5 × 8 × 2 (plan) = 800.
    expect(await creator.query(api.pricing.getCreditCost, VEO)).toBe(800);
    await creator.mutation(api.videos.createVideo, {
      ...video(VEO),
      expectedCredits: 800,
    });

    await admin.mutation(api.plans.setUserModelOverride, {
      email: CREATOR.email,
      modelId: "luma/ray-2-720p",
      allowed: false,
    });
    expect(
      await errorCode(creator.mutation(api.videos.createVideo, video(LUMA))),
    ).toBe("MODEL_NOT_ALLOWED");

    // Past its expiry the Veo override no longer applies to a charge (even
    // before the cleanup job has run); the admin view, a query, shows what
    // is stored until the job removes it (queries do not read the clock).
    vi.setSystemTime(Date.now() + 61_000);
    expect(
      await errorCode(creator.mutation(api.videos.createVideo, video(VEO))),
    ).toBe("MODEL_NOT_ALLOWED");
    const overrides = async () =>
      (
        await admin.query(api.plans.getUserAccess, { email: CREATOR.email })
      ).overrides.map((o) => [o.modelId, o.active]);
    expect(await overrides()).toEqual([
      ["google/veo-3", true],
      ["luma/ray-2-720p", true],
    ]);
    await t.mutation(internal.plans.expireOverride, {
      userId: (await creator.query(api.users.getMe, {}))!.user!._id,
      modelId: "google/veo-3",
      expiresAt: Date.now() - 1000,
    });
    expect(await overrides()).toEqual([["luma/ray-2-720p", true]]);

    await admin.mutation(api.plans.clearUserModelOverride, {
      email: CREATOR.email,
      modelId: "luma/ray-2-720p",
      reason: "done",
    });
    expect(await creator.query(api.pricing.getCreditCost, LUMA)).toBe(180);
    const trail = await admin.query(api.plans.getAccessAuditTrail, {
      email: CREATOR.email,
      paginationOpts: { numItems: 10, cursor: null },
    });
    const accessEntries = trail.page.filter(
      (e) => e.action !== "credits_grant",
    );
    expect(accessEntries.map((e) => e.action)).toEqual([
      "override_clear",
      "override_set",
      "override_set",
      "plan_assign",
    ]);
    expect(accessEntries[2].reason).toBe("pilot customer");
  });

  test("an override without a plan: deny and custom price; expiry through the scheduler", async () => {
    const { t, admin, creator } = await withCreators();
    await admin.mutation(api.plans.setUserModelOverride, {
      email: CREATOR.email,
      modelId: "luma/ray-2-720p",
      costPerSecond: 0.1,
      expiresAt: Date.now() + 1000,
    });
    expect(await creator.query(api.pricing.getCreditCost, LUMA)).toBe(50);
    vi.advanceTimersByTime(1500);
    await t.finishInProgressScheduledFunctions();
    expect(await creator.query(api.pricing.getCreditCost, LUMA)).toBe(90);
    const access = await admin.query(api.plans.getUserAccess, {
      email: CREATOR.email,
    });
    expect(access.overrides).toEqual([]);
  });
});

describe("unlocks", () => {
  test("locked until unlocked once; idempotent; a plan listing the model unlocks it", async () => {
    const { t, admin, creator, other } = await withCreators();
    await admin.mutation(api.models.updateModel, {
      modelId: "google/veo-3",
      unlockCredits: 250,
    });
    const models = await creator.query(api.pricing.getAvailableModels, {});
    expect(
      models.find((m) => m.modelId === "google/veo-3")!.access,
    ).toMatchObject({ allowed: true, locked: true, unlockCredits: 250 });
    expect(
      await errorCode(creator.mutation(api.videos.createVideo, video(VEO))),
    ).toBe("MODEL_LOCKED");

    // The other creator has 100 credits: not enough, nothing charged.
    expect(
      await errorCode(
        other.mutation(api.plans.unlockModel, { modelId: "google/veo-3" }),
      ),
    ).toBe("INSUFFICIENT_CREDITS");

    await creator.mutation(api.plans.unlockModel, { modelId: "google/veo-3" });
    await creator.mutation(api.plans.unlockModel, { modelId: "google/veo-3" });
    const { entries, sum, balance } = await ledgerOf(t, CREATOR.email);
    expect(sum).toBe(balance);
    expect(
      entries.filter((e) => e.type === "unlock").map((e) => e.amount),
    ).toEqual([-250]);
    await creator.mutation(api.videos.createVideo, video(VEO));

    // A plan that lists the model includes the unlock.
    await admin.mutation(api.plans.createPlan, {
      planId: "pro",
      name: "Pro",
      allowedModelIds: ["google/veo-3"],
    });
    await admin.mutation(api.plans.assignPlan, {
      email: OTHER_CREATOR.email,
      planId: "pro",
    });
    await other.mutation(api.plans.unlockModel, { modelId: "google/veo-3" }); // no-op
    await admin.mutation(api.credits.grantCredits, {
      email: OTHER_CREATOR.email,
      amount: 600,
      reason: "budget",
    });
    await other.mutation(api.videos.createVideo, video(VEO));
    const otherLedger = await ledgerOf(t, OTHER_CREATOR.email);
    expect(otherLedger.entries.some((e) => e.type === "unlock")).toBe(false);
  });
});

describe("admin unlocks", () => {
  test("an admin grants an unlock free of charge and revokes it; admin only; audited with the reason", async () => {
    const { t, admin, creator } = await withCreators();
    const veo = { email: CREATOR.email, modelId: "google/veo-3" };
    expect(await errorCode(admin.mutation(api.plans.grantUnlock, veo))).toBe(
      "INVALID_STATE",
    ); // Veo needs no unlock yet.
    await admin.mutation(api.models.updateModel, {
      modelId: "google/veo-3",
      unlockCredits: 250,
    });
    expect(await errorCode(creator.mutation(api.plans.grantUnlock, veo))).toBe(
      "FORBIDDEN",
    );
    expect(
      await errorCode(
        admin.mutation(api.plans.grantUnlock, {
          ...veo,
          email: "nobody@example.com",
        }),
      ),
    ).toBe("NOT_FOUND");
    expect(
      await errorCode(
        admin.mutation(api.plans.grantUnlock, { ...veo, modelId: "x/y" }),
      ),
    ).toBe("MODEL_NOT_FOUND");

    await admin.mutation(api.plans.grantUnlock, { ...veo, reason: "pilot" });
    await admin.mutation(api.plans.grantUnlock, veo); // idempotent
    const veoAccess = async () =>
      (await creator.query(api.pricing.getAvailableModels, {})).find(
        (m) => m.modelId === "google/veo-3",
      )!.access;
    expect(await veoAccess()).toMatchObject({ allowed: true, locked: false });
    await creator.mutation(api.videos.createVideo, video(VEO));
    const ledger = await ledgerOf(t, CREATOR.email);
    expect(ledger.entries.some((e) => e.type === "unlock")).toBe(false);
    expect(
      (await admin.query(api.plans.getUserAccess, { email: CREATOR.email }))
        .unlocks,
    ).toMatchObject([{ modelId: "google/veo-3", credits: 0 }]);

    await admin.mutation(api.plans.revokeUnlock, {
      ...veo,
      reason: "pilot over",
    });
    await admin.mutation(api.plans.revokeUnlock, veo); // nothing left: fine
    expect(await veoAccess()).toMatchObject({ locked: true });
    expect(
      await errorCode(creator.mutation(api.videos.createVideo, video(VEO))),
    ).toBe("MODEL_LOCKED");

    const trail = await admin.query(api.plans.getAccessAuditTrail, {
      email: CREATOR.email,
      paginationOpts: { numItems: 10, cursor: null },
    });
    expect(
      trail.page
        .filter((e) => e.action.startsWith("unlock_"))
        .map((e) => [e.action, e.modelId, e.reason, e.actor]),
    ).toEqual([
      ["unlock_revoke", "google/veo-3", "pilot over", ADMIN.email],
      ["unlock_grant", "google/veo-3", "pilot", ADMIN.email],
    ]);
  });
});

describe("order of createVideo checks", () => {
  test("round 1, then MODEL_NOT_ALLOWED, MODEL_LOCKED, PRICE_CHANGED, INSUFFICIENT_CREDITS", async () => {
    const { t, admin, other } = await withCreators();
    await admin.mutation(api.models.updateModel, {
      modelId: "google/veo-3",
      unlockCredits: 50,
    });
    await admin.mutation(api.plans.createPlan, {
      planId: "budget",
      name: "Budget",
      allowedCategories: ["budget"],
    });
    await admin.mutation(api.plans.assignPlan, {
      email: OTHER_CREATOR.email,
      planId: "budget",
    });
    const code = async (args: object) =>
      await errorCode(
        other.mutation(api.videos.createVideo, {
          ...video(VEO),
          ...args,
        }),
      );
    // Round-1 codes come first.
    expect(await code({ prompt: " " })).toBe("INVALID_ARGUMENT");
    expect(await code({ duration: 5, expectedCredits: 1 })).toBe(
      "UNSUPPORTED_DURATION",
    );
    // Not allowed (and locked, and a wrong price, and too expensive).
    expect(await code({ expectedCredits: 1 })).toBe("MODEL_NOT_ALLOWED");
    await admin.mutation(api.plans.assignPlan, {
      email: OTHER_CREATOR.email,
      planId: null,
    });
    // Locked (and a wrong price, and too expensive: 100 credits < 600).
    expect(await code({ expectedCredits: 1 })).toBe("MODEL_LOCKED");
    await other.mutation(api.plans.unlockModel, { modelId: "google/veo-3" });
    // Wrong price (and too expensive): the current price comes back.
    const changed = await errorData(
      other.mutation(api.videos.createVideo, {
        ...video(VEO),
        expectedCredits: 1,
      }),
    );
    expect(changed).toMatchObject({ code: "PRICE_CHANGED", credits: 600 });
    expect(await code({ expectedCredits: 600 })).toBe("INSUFFICIENT_CREDITS");
    expect(await code({})).toBe("INSUFFICIENT_CREDITS");
    const { entries } = await ledgerOf(t, OTHER_CREATOR.email);
    expect(entries.map((e) => e.type)).toEqual(["grant", "unlock"]);
  });

  test("PRICE_CHANGED after an admin changes the price between quote and click", async () => {
    const { admin, creator } = await withCreators();
    const quoted = await creator.query(api.pricing.getCreditCost, LUMA);
    await admin.mutation(api.models.updateModel, {
      modelId: "luma/ray-2-720p",
      costPerSecond: 0.2,
    });
    expect(
      await errorData(
        creator.mutation(api.videos.createVideo, {
          ...video(LUMA),
          expectedCredits: quoted,
        }),
      ),
    ).toMatchObject({ code: "PRICE_CHANGED", credits: 100 });
    await creator.mutation(api.videos.createVideo, {
      ...video(LUMA),
      expectedCredits: 100,
    });
  });
});

describe("monthly credits", () => {
  test("granted once per user per calendar month (UTC), however often the job runs", async () => {
    const { t, admin, creator } = await withCreators();
    await admin.mutation(api.plans.createPlan, {
      planId: "monthly",
      name: "Monthly",
      monthlyCredits: 40,
    });
    await admin.mutation(api.plans.assignPlan, {
      email: CREATOR.email,
      planId: "monthly",
    });
    const grants = async () =>
      (await ledgerOf(t, CREATOR.email)).entries.filter(
        (e) => e.type === "grant" && e.reason?.startsWith("Monthly"),
      ).length;
    expect(await grants()).toBe(1); // granted on assignment
    expect(
      await creator.query(api.plans.getMyPlan, { month: "2026-11" }),
    ).toMatchObject({
      plan: { planId: "monthly", monthlyCredits: 40 },
      grantedThisMonth: true,
      nextGrantAt: Date.UTC(2026, 11, 1),
    });
    for (let i = 0; i < 3; i++) {
      await t.mutation(internal.plans.grantMonthlyCredits, {});
    }
    // Re-assigning in the same month grants nothing more.
    await admin.mutation(api.plans.assignPlan, {
      email: CREATOR.email,
      planId: null,
    });
    await admin.mutation(api.plans.assignPlan, {
      email: CREATOR.email,
      planId: "monthly",
    });
    expect(await grants()).toBe(1);

    // Last millisecond of November: still November.
    vi.setSystemTime(Date.UTC(2026, 10, 30, 23, 59, 59, 999));
    await t.mutation(internal.plans.grantMonthlyCredits, {});
    expect(await grants()).toBe(1);
    // December.
    vi.setSystemTime(Date.UTC(2026, 11, 1, 0, 30));
    await t.mutation(internal.plans.grantMonthlyCredits, {});
    await t.mutation(internal.plans.grantMonthlyCredits, {});
    expect(await grants()).toBe(2);
    const { sum, balance } = await ledgerOf(t, CREATOR.email);
    expect(sum).toBe(balance);
  });

  test("the job works through every user in self-scheduling batches", async () => {
    const { t, admin } = await withCreators();
    await admin.mutation(api.plans.createPlan, {
      planId: "monthly",
      name: "Monthly",
      monthlyCredits: 10,
    });
    await admin.mutation(api.plans.createPlan, {
      planId: "none",
      name: "No credits",
    });
    const ids = await t.run(async (ctx) => {
      const out = [];
      for (let i = 0; i < 250; i++) {
        out.push(
          await ctx.db.insert("users", {
            tokenIdentifier: `t|bulk-${i}`,
            email: `bulk${i}@example.com`,
            emailLower: `bulk${i}@example.com`,
            role: "creator",
            balance: 0,
            planId: i % 5 === 0 ? "none" : "monthly",
            createdAt: Date.now(),
            updatedAt: Date.now(),
          }),
        );
      }
      return out;
    });
    await t.mutation(internal.plans.grantMonthlyCredits, {});
    await t.finishAllScheduledFunctions(vi.runAllTimers);
    // A second run (e.g. the next hourly cron) grants nothing more.
    await t.mutation(internal.plans.grantMonthlyCredits, {});
    await t.finishAllScheduledFunctions(vi.runAllTimers);
    const balances = await t.run(async (ctx) =>
      Promise.all(
        ids.map(async (id) => (await ctx.db.get("users", id))!.balance),
      ),
    );
    expect(balances.filter((b) => b === 10).length).toBe(200);
    expect(balances.filter((b) => b === 0).length).toBe(50);
  });
});
