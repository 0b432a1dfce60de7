/**
 * Plan administration beyond plans.test.ts: each field rule of a plan with
 * the field it names, moving the default plan (audited on both plans),
 * no-op updates, override rules, replacing and clearing overrides, an
 * expiry superseded by a newer override, the caller's plan summary and
 * the audit trail's three views. Fake time: scheduled jobs run only when a
 * test advances it.
 */
import { describe, expect, test, vi } from "vitest";
import { monthOf } from "./lib/clock";
import { withCreator } from "./plans.testkit";
import {
  api,
  CREATOR,
  errorCode,
  errorData,
  internal,
  ledgerOf,
  OTHER_CREATOR,
  useFakeClock,
} from "./test.setup";

/** `getMyPlan`'s argument: the current month, as the credits page passes it. */
const thisMonth = () => ({ month: monthOf(Date.now()) });

const NOW = Date.UTC(2026, 10, 15, 12, 0, 0); // 15 Nov 2026, 12:00 UTC
const PAGE = { paginationOpts: { numItems: 50, cursor: null } };

useFakeClock(NOW);

describe("plan fields", () => {
  test.each([
    ["planId", { planId: "Pro Plan" }],
    ["planId", { planId: "" }],
    ["name", { name: "   " }],
    ["name", { name: "n".repeat(101) }],
    [
      "allowedCategories",
      { allowedCategories: Array.from({ length: 21 }, (_, i) => `c${i}`) },
    ],
    [
      "allowedModelIds",
      { allowedModelIds: Array.from({ length: 201 }, (_, i) => `m/${i}`) },
    ],
    ["priceMultiplier", { priceMultiplier: 0 }],
    ["priceMultiplier", { priceMultiplier: 1.005 }],
    ["monthlyCredits", { monthlyCredits: -1 }],
    ["monthlyCredits", { monthlyCredits: 2.5 }],
  ] as const)("createPlan refuses a bad %s: %j", async (field, bad) => {
    const { admin } = await withCreator();
    expect(
      await errorData(
        admin.mutation(api.plans.createPlan, {
          planId: "pro",
          name: "Pro",
          ...bad,
        }),
      ),
    ).toMatchObject({ code: "INVALID_ARGUMENT", field });
    expect(await admin.query(api.plans.listPlans, {})).toEqual([]);
  });

  test("lists are trimmed and de-duplicated; an empty list restricts nothing", async () => {
    const { admin } = await withCreator();
    await admin.mutation(api.plans.createPlan, {
      planId: "pro",
      name: "  Pro  ",
      allowedModelIds: [" luma/ray-2-720p ", "luma/ray-2-720p", "  "],
      allowedCategories: [" ", ""],
    });
    const plan = await admin.query(api.plans.getPlan, { planId: "pro" });
    expect(plan).toMatchObject({
      planId: "pro",
      name: "Pro",
      allowedModelIds: ["luma/ray-2-720p"],
    });
    expect(plan!.allowedCategories).toBeUndefined();
    expect(plan!.priceMultiplier).toBeUndefined();
    expect(await admin.query(api.plans.getPlan, { planId: "none" })).toBeNull();
  });
});

describe("the default plan", () => {
  test("one default at a time: a new default plan unsets the old one, audited on it", async () => {
    const { t, admin } = await withCreator();
    await admin.mutation(api.plans.createPlan, {
      planId: "free",
      name: "Free",
      isDefault: true,
    });
    await admin.mutation(api.plans.createPlan, {
      planId: "basic",
      name: "Basic",
      isDefault: true,
    });
    const defaults = async () =>
      (await admin.query(api.plans.listPlans, {}))
        .filter((p) => p.isDefault)
        .map((p) => p.planId);
    expect(await defaults()).toEqual(["basic"]);
    const freeTrail = await admin.query(api.plans.getAccessAuditTrail, {
      planId: "free",
      ...PAGE,
    });
    expect(freeTrail.page.map((e) => [e.action, e.changes])).toEqual([
      ["plan_update", [{ field: "isDefault", oldValue: true, newValue: null }]],
      [
        "plan_create",
        expect.arrayContaining([
          { field: "name", oldValue: null, newValue: "Free" },
          { field: "isDefault", oldValue: null, newValue: true },
        ]),
      ],
    ]);

    // Making the default the default again changes nothing and is not audited.
    await admin.mutation(api.plans.updatePlan, {
      planId: "basic",
      isDefault: true,
      name: "Basic",
    });
    const basicTrail = async () =>
      (
        await admin.query(api.plans.getAccessAuditTrail, {
          planId: "basic",
          ...PAGE,
        })
      ).page;
    expect(await basicTrail()).toHaveLength(1);

    // Moving it back through updatePlan unsets basic.
    await admin.mutation(api.plans.updatePlan, {
      planId: "free",
      isDefault: true,
    });
    expect(await defaults()).toEqual(["free"]);
    expect((await basicTrail())[0]).toMatchObject({
      action: "plan_update",
      changes: [{ field: "isDefault", oldValue: true, newValue: null }],
      actor: expect.any(String),
    });

    // false clears it: no default at all, and new users start on no plan.
    await admin.mutation(api.plans.updatePlan, {
      planId: "free",
      isDefault: false,
    });
    expect(await defaults()).toEqual([]);
    const other = t.withIdentity(OTHER_CREATOR);
    await other.mutation(api.users.store, {});
    expect(
      (await other.query(api.plans.getMyPlan, thisMonth())).plan,
    ).toBeNull();
  });

  test("updatePlan: unknown plan NOT_FOUND, bad fields INVALID_ARGUMENT, null clears a field", async () => {
    const { admin } = await withCreator();
    expect(
      await errorCode(
        admin.mutation(api.plans.updatePlan, { planId: "nope", name: "X" }),
      ),
    ).toBe("NOT_FOUND");
    await admin.mutation(api.plans.createPlan, {
      planId: "pro",
      name: "Pro",
      priceMultiplier: 0.8,
      monthlyCredits: 100,
      allowedCategories: ["budget"],
    });
    expect(
      await errorData(
        admin.mutation(api.plans.updatePlan, {
          planId: "pro",
          monthlyCredits: 10_000_000_000,
        }),
      ),
    ).toMatchObject({ code: "INVALID_ARGUMENT", field: "monthlyCredits" });
    await admin.mutation(api.plans.updatePlan, {
      planId: "pro",
      priceMultiplier: null,
      allowedCategories: null,
      monthlyCredits: 250,
    });
    const plan = (await admin.query(api.plans.getPlan, { planId: "pro" }))!;
    expect(plan.priceMultiplier).toBeUndefined();
    expect(plan.allowedCategories).toBeUndefined();
    expect(plan.monthlyCredits).toBe(250);
    const trail = await admin.query(api.plans.getAccessAuditTrail, {
      planId: "pro",
      ...PAGE,
    });
    expect(trail.page[0].changes).toEqual([
      { field: "allowedCategories", oldValue: ["budget"], newValue: null },
      { field: "priceMultiplier", oldValue: 0.8, newValue: null },
      { field: "monthlyCredits", oldValue: 100, newValue: 250 },
    ]);
  });
});

describe("overrides", () => {
  const MODEL = "luma/ray-2-720p";

  test.each([
    ["allowed", {}],
    ["costPerSecond", { costPerSecond: -0.1 }],
    ["costPerSecond", { costPerSecond: 0.00001 }],
    ["expiresAt", { allowed: true, expiresAt: 1.5 }],
    ["reason", { allowed: true, reason: "r".repeat(501) }],
  ] as const)("setUserModelOverride refuses a bad %s", async (field, bad) => {
    const { admin } = await withCreator();
    expect(
      await errorData(
        admin.mutation(api.plans.setUserModelOverride, {
          email: CREATOR.email,
          modelId: MODEL,
          ...bad,
        }),
      ),
    ).toMatchObject({ code: "INVALID_ARGUMENT", field });
  });

  test("unknown users and models are refused before anything is written", async () => {
    const { admin } = await withCreator();
    expect(
      await errorCode(
        admin.mutation(api.plans.setUserModelOverride, {
          email: "nobody@example.com",
          modelId: MODEL,
          allowed: false,
        }),
      ),
    ).toBe("NOT_FOUND");
    expect(
      await errorCode(
        admin.mutation(api.plans.setUserModelOverride, {
          email: CREATOR.email,
          modelId: "acme/none",
          allowed: false,
        }),
      ),
    ).toBe("MODEL_NOT_FOUND");
    expect(
      (
        await admin.query(api.plans.getAccessAuditTrail, {
          email: CREATOR.email,
          ...PAGE,
        })
      ).page,
    ).toEqual([]);
  });

  test("a replaced override is audited old → new; clearing it records what it was; clearing nothing records nothing", async () => {
    const { t, admin, creator } = await withCreator();
    const list = await t.query(api.pricing.getCreditCost, {
      modelId: MODEL,
      duration: 5,
      quality: "standard",
    });
    await admin.mutation(api.plans.setUserModelOverride, {
      email: CREATOR.email,
      modelId: MODEL,
      costPerSecond: 0.1,
      reason: "  partner  ",
    });
    await admin.mutation(api.plans.setUserModelOverride, {
      email: CREATOR.email,
      modelId: MODEL,
      costPerSecond: 0.05,
      allowed: true,
      reason: "   ",
    });
    // $0.05 × 5 s = 25 credits instead of the list price.
    expect(
      await creator.query(api.pricing.getCreditCost, {
        modelId: MODEL,
        duration: 5,
        quality: "standard",
      }),
    ).toBe(25);
    expect(list).not.toBe(25);
    const access = await admin.query(api.plans.getUserAccess, {
      email: CREATOR.email,
    });
    expect(access.overrides).toEqual([
      {
        modelId: MODEL,
        allowed: true,
        costPerSecond: 0.05,
        updatedAt: NOW,
        active: true,
      },
    ]);
    await admin.mutation(api.plans.clearUserModelOverride, {
      email: CREATOR.email,
      modelId: MODEL,
      reason: " done ",
    });
    await admin.mutation(api.plans.clearUserModelOverride, {
      email: CREATOR.email,
      modelId: MODEL,
    });
    const trail = (
      await admin.query(api.plans.getAccessAuditTrail, {
        email: CREATOR.email,
        ...PAGE,
      })
    ).page;
    expect(
      trail.map((e) => [e.action, e.changes, e.reason, e.userEmail]),
    ).toEqual([
      [
        "override_clear",
        [
          {
            field: "override",
            oldValue: { allowed: true, costPerSecond: 0.05, expiresAt: null },
            newValue: null,
          },
        ],
        "done",
        CREATOR.email,
      ],
      [
        "override_set",
        [
          { field: "allowed", oldValue: null, newValue: true },
          { field: "costPerSecond", oldValue: 0.1, newValue: 0.05 },
        ],
        undefined,
        CREATOR.email,
      ],
      [
        "override_set",
        [{ field: "costPerSecond", oldValue: null, newValue: 0.1 }],
        "partner",
        CREATOR.email,
      ],
    ]);
    expect(
      await creator.query(api.pricing.getCreditCost, {
        modelId: MODEL,
        duration: 5,
        quality: "standard",
      }),
    ).toBe(list);
  });

  test("an expiry superseded by a newer override leaves the newer one in place", async () => {
    const { t, admin } = await withCreator();
    const HOUR = 60 * 60 * 1000;
    await admin.mutation(api.plans.setUserModelOverride, {
      email: CREATOR.email,
      modelId: MODEL,
      allowed: false,
      expiresAt: NOW + HOUR,
    });
    await admin.mutation(api.plans.setUserModelOverride, {
      email: CREATOR.email,
      modelId: MODEL,
      allowed: false,
      expiresAt: NOW + 2 * HOUR,
    });
    // The first expiry fires: the override now expires later, so it stays.
    vi.advanceTimersByTime(HOUR + 1000);
    await t.finishInProgressScheduledFunctions();
    let access = await admin.query(api.plans.getUserAccess, {
      email: CREATOR.email,
    });
    expect(access.overrides.map((o) => o.expiresAt)).toEqual([NOW + 2 * HOUR]);
    // The second one removes it.
    vi.advanceTimersByTime(HOUR);
    await t.finishInProgressScheduledFunctions();
    access = await admin.query(api.plans.getUserAccess, {
      email: CREATOR.email,
    });
    expect(access.overrides).toEqual([]);
  });

  test("an expiry already past never applies, and its removal runs at once", async () => {
    const { t, admin, creator } = await withCreator();
    await admin.mutation(api.plans.setUserModelOverride, {
      email: CREATOR.email,
      modelId: MODEL,
      allowed: false,
      expiresAt: NOW - 1,
    });
    const scheduled = await t.run((ctx) =>
      ctx.db.system.query("_scheduled_functions").collect(),
    );
    expect(
      scheduled
        .filter((job) => job.name.includes("expireOverride"))
        .map((job) => job.scheduledTime),
    ).toEqual([NOW - 1]);
    // Past its expiry: the creator may still use the model, even before
    // the removal job has run.
    const id = await creator.mutation(api.videos.createVideo, {
      prompt: "still allowed",
      model: MODEL,
      duration: 5,
      quality: "standard",
    });
    expect(id).toBeTruthy();
    await t.finishAllScheduledFunctions(vi.runAllTimers);
    const access = await admin.query(api.plans.getUserAccess, {
      email: CREATOR.email,
    });
    expect(access.overrides).toEqual([]);
  });
});

describe("the caller's plan", () => {
  test("not signed up yet, no plan, a plan without and with monthly credits", async () => {
    const { t, admin, creator } = await withCreator();
    const other = t.withIdentity(OTHER_CREATOR);
    const none = { plan: null, grantedThisMonth: false, nextGrantAt: null };
    expect(await other.query(api.plans.getMyPlan, thisMonth())).toEqual(none);
    expect(await creator.query(api.plans.getMyPlan, thisMonth())).toEqual(none);

    await admin.mutation(api.plans.createPlan, {
      planId: "flat",
      name: "Flat",
      priceMultiplier: 0.9,
    });
    await admin.mutation(api.plans.assignPlan, {
      email: CREATOR.email,
      planId: "flat",
    });
    expect(await creator.query(api.plans.getMyPlan, thisMonth())).toEqual({
      plan: {
        planId: "flat",
        name: "Flat",
        priceMultiplier: 0.9,
        monthlyCredits: 0,
      },
      grantedThisMonth: false,
      nextGrantAt: null,
    });

    await admin.mutation(api.plans.createPlan, {
      planId: "monthly",
      name: "Monthly",
      monthlyCredits: 300,
    });
    await admin.mutation(api.plans.assignPlan, {
      email: CREATOR.email,
      planId: "monthly",
    });
    // Assigning grants this month's credits at once.
    expect(await creator.query(api.plans.getMyPlan, thisMonth())).toEqual({
      plan: {
        planId: "monthly",
        name: "Monthly",
        priceMultiplier: 1,
        monthlyCredits: 300,
      },
      grantedThisMonth: true,
      nextGrantAt: Date.UTC(2026, 11, 1),
    });
    expect((await ledgerOf(t, CREATOR.email)).balance).toBe(100 + 300);

    // Next month, before the job runs: due now.
    vi.setSystemTime(Date.UTC(2026, 11, 1, 0, 5));
    expect(await creator.query(api.plans.getMyPlan, thisMonth())).toMatchObject(
      {
        grantedThisMonth: false,
        nextGrantAt: Date.UTC(2026, 11, 1),
      },
    );
  });

  test("the monthly job does nothing when no plan grants credits", async () => {
    const { t, admin } = await withCreator();
    await admin.mutation(api.plans.createPlan, {
      planId: "flat",
      name: "Flat",
    });
    await admin.mutation(api.plans.assignPlan, {
      email: CREATOR.email,
      planId: "flat",
    });
    expect(await t.mutation(internal.plans.grantMonthlyCredits, {})).toBe(0);
    expect((await ledgerOf(t, CREATOR.email)).balance).toBe(100);
  });

  test("unlocking a model the plan excludes is MODEL_NOT_ALLOWED and charges nothing", async () => {
    const { t, admin, creator } = await withCreator();
    await admin.mutation(api.models.updateModel, {
      modelId: "google/veo-3",
      unlockCredits: 50,
    });
    await admin.mutation(api.plans.createPlan, {
      planId: "luma",
      name: "Luma only",
      allowedModelIds: ["luma/ray-2-720p"],
    });
    await admin.mutation(api.plans.assignPlan, {
      email: CREATOR.email,
      planId: "luma",
    });
    expect(
      await errorData(
        creator.mutation(api.plans.unlockModel, { modelId: "google/veo-3" }),
      ),
    ).toMatchObject({ code: "MODEL_NOT_ALLOWED" });
    expect((await ledgerOf(t, CREATOR.email)).balance).toBe(100);
  });
});

describe("the audit trail", () => {
  test("everything newest first, by plan, by user; an unknown email is NOT_FOUND", async () => {
    const { admin } = await withCreator();
    await admin.mutation(api.plans.createPlan, { planId: "a", name: "A" });
    vi.setSystemTime(NOW + 1000);
    await admin.mutation(api.plans.assignPlan, {
      email: CREATOR.email,
      planId: "a",
    });
    vi.setSystemTime(NOW + 2000);
    await admin.mutation(api.plans.createPlan, { planId: "b", name: "B" });
    const all = await admin.query(api.plans.getAccessAuditTrail, PAGE);
    expect(all.page.map((e) => [e.action, e.planId, e.userEmail])).toEqual([
      ["plan_create", "b", undefined],
      ["plan_assign", "a", CREATOR.email],
      ["plan_create", "a", undefined],
    ]);
    const byPlan = await admin.query(api.plans.getAccessAuditTrail, {
      planId: "a",
      ...PAGE,
    });
    expect(byPlan.page.map((e) => e.action)).toEqual([
      "plan_assign",
      "plan_create",
    ]);
    const byUser = await admin.query(api.plans.getAccessAuditTrail, {
      email: CREATOR.email,
      ...PAGE,
    });
    expect(byUser.page.map((e) => e.action)).toEqual(["plan_assign"]);
    expect(
      await errorCode(
        admin.query(api.plans.getAccessAuditTrail, {
          email: "nobody@example.com",
          ...PAGE,
        }),
      ),
    ).toBe("NOT_FOUND");
  });
});
