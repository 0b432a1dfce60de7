/**
 * Revenue for admins (convex/revenue.ts, convex/model/revenue.ts; issue 11):
 * money paid by UTC day and package, refunds and claw-backs, credits
 * charged against credits refunded, per-model provider cost and margin,
 * and the two CSV export pages. Fake timers: scheduled starts never run and
 * every row's time is chosen.
 */
import { afterEach, beforeEach, describe, expect, test, vi } from "vitest";
import type { Doc, Id } from "./_generated/dataModel";
import { succeededVideo } from "./shop.testkit";
import {
  ADMIN,
  api,
  CREATOR,
  errorData,
  internal,
  OTHER_CREATOR,
  setupWithDefaults,
} from "./test.setup";

type T = Awaited<ReturnType<typeof setupWithDefaults>>;

const DAY = 24 * 60 * 60 * 1000;
const NOV_10 = Date.UTC(2026, 10, 10, 9, 0, 0);
const NOV_11 = Date.UTC(2026, 10, 11, 23, 59, 0);
const RANGE = { fromMs: Date.UTC(2026, 10, 10), toMs: Date.UTC(2026, 10, 12) };

beforeEach(() => {
  vi.useFakeTimers();
  vi.setSystemTime(NOV_10);
});
afterEach(() => {
  vi.useRealTimers();
});

async function userId(t: T, email: string): Promise<Id<"users">> {
  return await t.run(async (ctx) => {
    const user = await ctx.db
      .query("users")
      .withIndex("by_emailLower", (q) => q.eq("emailLower", email))
      .unique();
    return user!._id;
  });
}

/** A purchase row as the webhook leaves it (tests choose every figure). */
async function purchase(
  t: T,
  buyer: Id<"users">,
  row: Partial<Doc<"purchases">> & {
    packageId: string;
    priceCents: number;
    credits: number;
  },
) {
  const now = Date.now();
  return await t.run(async (ctx) =>
    ctx.db.insert("purchases", {
      userId: buyer,
      packageName: row.packageId.toUpperCase(),
      bonusCredits: 0,
      currency: "usd",
      status: "paid",
      flagged: false,
      createdAt: now,
      updatedAt: now,
      ...row,
    }),
  );
}

describe("getRevenue", () => {
  test("sums USD paid and refunded by UTC day and by package; other currencies and unpaid checkouts stay out", async () => {
    const t = await setupWithDefaults();
    await t.withIdentity(CREATOR).mutation(api.users.store, {});
    await t.withIdentity(OTHER_CREATOR).mutation(api.users.store, {});
    const cleo = await userId(t, CREATOR.email);
    const otto = await userId(t, OTHER_CREATOR.email);

    // Day 1: a $5 starter pack, untouched.
    await purchase(t, cleo, {
      packageId: "pkg_small",
      priceCents: 500,
      credits: 500,
      bonusCredits: 50,
      sessionId: "cs_1",
      paidAt: NOV_10,
    });
    // Day 2, one minute before midnight UTC: a $10 pack, $4 refunded, of
    // which 300 credits were taken back and 200 could not be.
    await purchase(t, otto, {
      packageId: "pkg_big",
      priceCents: 1000,
      credits: 1000,
      bonusCredits: 250,
      sessionId: "cs_2",
      paidAt: NOV_11,
      refundedCents: 400,
      clawedBackCredits: 300,
      unrecoverableCredits: 200,
      flagged: true,
    });
    // Day 2 again, the small pack once more.
    await purchase(t, otto, {
      packageId: "pkg_small",
      priceCents: 500,
      credits: 500,
      bonusCredits: 50,
      sessionId: "cs_3",
      paidAt: NOV_11 - 60_000,
    });
    // Paid in euros: not added to US$ figures.
    await purchase(t, cleo, {
      packageId: "pkg_eur",
      priceCents: 900,
      credits: 900,
      currency: "eur",
      paidAt: NOV_11,
    });
    // Paid the day before the range, and a checkout never paid.
    await purchase(t, cleo, {
      packageId: "pkg_small",
      priceCents: 500,
      credits: 500,
      paidAt: RANGE.fromMs - 1,
    });
    await purchase(t, cleo, {
      packageId: "pkg_small",
      priceCents: 500,
      credits: 500,
      status: "pending",
    });

    const report = await t
      .withIdentity(ADMIN)
      .query(api.revenue.getRevenue, RANGE);
    expect(report.totals).toMatchObject({
      paidCents: 2000,
      refundedCents: 400,
      netCents: 1600,
      purchases: 3,
      creditsSold: 550 + 1250 + 550,
      creditsClawedBack: 300,
      creditsUnrecoverable: 200,
    });
    expect(report.byDay).toEqual([
      {
        day: "2026-11-10",
        paidCents: 500,
        refundedCents: 0,
        purchases: 1,
      },
      {
        day: "2026-11-11",
        paidCents: 1500,
        refundedCents: 400,
        purchases: 2,
      },
    ]);
    expect(report.byPackage).toEqual([
      {
        packageId: "pkg_small",
        name: "PKG_SMALL",
        purchases: 2,
        paidCents: 1000,
        refundedCents: 0,
        credits: 1100,
      },
      {
        packageId: "pkg_big",
        name: "PKG_BIG",
        purchases: 1,
        paidCents: 1000,
        refundedCents: 400,
        credits: 1250,
      },
    ]);
    // The three counts agree with each other.
    expect(report.byDay.reduce((s, d) => s + d.purchases, 0)).toBe(
      report.totals.purchases,
    );
    expect(report.truncated).toBe(false);
    expect(report).toMatchObject(RANGE);

    // The range end is exclusive: a range that stops at midnight of day 2
    // holds day 1 only.
    const dayOne = await t.withIdentity(ADMIN).query(api.revenue.getRevenue, {
      fromMs: RANGE.fromMs,
      toMs: RANGE.fromMs + DAY,
    });
    expect(dayOne.totals.paidCents).toBe(500);
    expect(dayOne.byDay.map((d) => d.day)).toEqual(["2026-11-10"]);
  });

  test("credits charged, refunded and spent come from the ledger; per model the provider cost and margin in US$", async () => {
    const t = await setupWithDefaults();
    const admin = t.withIdentity(ADMIN);
    await t.withIdentity(CREATOR).mutation(api.users.store, {});
    await admin.mutation(api.credits.grantCredits, {
      email: CREATOR.email,
      amount: 1000,
      reason: "test budget",
    });
    // Replicate bills ray-flash at $0.05 a second; ray-2 has no known price.
    await admin.mutation(api.models.updateModel, {
      modelId: "luma/ray-flash-2-540p",
      providerCostPerSecond: 0.05,
    });
    const cost = (model: string, duration: number) =>
      t.query(api.pricing.getCreditCost, {
        modelId: model,
        duration,
        quality: "standard",
      });
    const flash5 = await cost("luma/ray-flash-2-540p", 5);
    const flash9 = await cost("luma/ray-flash-2-540p", 9);
    const ray5 = await cost("luma/ray-2-720p", 5);

    // Two flash videos succeed (one of them with two outputs), one fails
    // and is refunded; one ray-2 video is still running.
    await succeededVideo(t, CREATOR, "pred_a", "luma/ray-flash-2-540p", 5);
    const twoOutputs = await succeededVideo(
      t,
      CREATOR,
      "pred_b",
      "luma/ray-flash-2-540p",
      9,
    );
    await t.run((ctx) => ctx.db.patch("videos", twoOutputs, { outputs: 2 }));
    const failed = await t
      .withIdentity(CREATOR)
      .mutation(api.videos.createVideo, {
        prompt: "fails",
        model: "luma/ray-flash-2-540p",
        duration: 5,
        quality: "standard",
      });
    await t.mutation(internal.predictions.failVideo, {
      videoId: failed,
      error: "boom",
    });
    await t.withIdentity(CREATOR).mutation(api.videos.createVideo, {
      prompt: "running",
      model: "luma/ray-2-720p",
      duration: 5,
      quality: "standard",
    });

    const report = await admin.query(api.revenue.getRevenue, RANGE);
    const charged = 2 * flash5 + flash9 + ray5;
    expect(report.totals).toMatchObject({
      creditsCharged: charged,
      creditsRefunded: flash5,
      creditsSpent: charged - flash5,
      // Grants are neither charges nor sales.
      creditsSold: 0,
    });
    const flashRevenue = (flash5 + flash9) / 100;
    const flashCost = Math.round((5 + 9 * 2) * 0.05 * 100) / 100;
    expect(report.perModel).toEqual([
      {
        modelId: "luma/ray-flash-2-540p",
        name: expect.any(String),
        videos: 3,
        creditsCharged: 2 * flash5 + flash9,
        creditsRefunded: flash5,
        // 5 s + 9 s × 2 outputs; the failed video costs nothing.
        providerSeconds: 23,
        providerCostPerSecond: 0.05,
        revenueUsd: flashRevenue,
        providerCostUsd: flashCost,
        marginUsd: Math.round((flashRevenue - flashCost) * 100) / 100,
      },
      {
        modelId: "luma/ray-2-720p",
        name: expect.any(String),
        videos: 1,
        creditsCharged: ray5,
        creditsRefunded: 0,
        providerSeconds: 0,
        providerCostPerSecond: null,
        revenueUsd: ray5 / 100,
        providerCostUsd: null,
        marginUsd: null,
      },
    ]);
    expect(flashCost).toBe(1.15);
  });

  test("a video of a model no longer in the catalogue keeps the name it was made under", async () => {
    const t = await setupWithDefaults();
    await t.withIdentity(CREATOR).mutation(api.users.store, {});
    const cleo = await userId(t, CREATOR.email);
    await t.run((ctx) =>
      ctx.db.insert("videos", {
        userId: cleo,
        prompt: "old",
        model: "gone/model",
        modelName: "Gone Model",
        duration: 4,
        quality: "standard",
        creditsCost: 40,
        status: "succeeded",
        createdAt: Date.now(),
        updatedAt: Date.now(),
      }),
    );
    const report = await t
      .withIdentity(ADMIN)
      .query(api.revenue.getRevenue, RANGE);
    expect(report.perModel).toEqual([
      {
        modelId: "gone/model",
        name: "Gone Model",
        videos: 1,
        creditsCharged: 40,
        creditsRefunded: 0,
        providerSeconds: 4,
        providerCostPerSecond: null,
        revenueUsd: 0.4,
        providerCostUsd: null,
        marginUsd: null,
      },
    ]);
  });

  test("only admins; the range must run forwards and span at most 800 days", async () => {
    const t = await setupWithDefaults();
    await t.withIdentity(CREATOR).mutation(api.users.store, {});
    expect((await errorData(t.query(api.revenue.getRevenue, RANGE))).code).toBe(
      "UNAUTHENTICATED",
    );
    expect(
      (
        await errorData(
          t.withIdentity(CREATOR).query(api.revenue.getRevenue, RANGE),
        )
      ).code,
    ).toBe("FORBIDDEN");
    const admin = t.withIdentity(ADMIN);
    for (const range of [
      { fromMs: RANGE.toMs, toMs: RANGE.fromMs },
      { fromMs: RANGE.fromMs, toMs: RANGE.fromMs },
      { fromMs: RANGE.fromMs, toMs: RANGE.fromMs + 800 * DAY + 1 },
      { fromMs: Number.NaN, toMs: RANGE.toMs },
    ]) {
      expect(
        await errorData(admin.query(api.revenue.getRevenue, range)),
      ).toMatchObject({ code: "INVALID_ARGUMENT", field: "range" });
      expect(
        (
          await errorData(
            admin.query(api.revenue.exportPurchases, {
              ...range,
              paginationOpts: { numItems: 10, cursor: null },
            }),
          )
        ).code,
      ).toBe("INVALID_ARGUMENT");
      expect(
        (
          await errorData(
            admin.query(api.revenue.exportLedger, {
              ...range,
              paginationOpts: { numItems: 10, cursor: null },
            }),
          )
        ).code,
      ).toBe("INVALID_ARGUMENT");
    }
    // Exactly 800 days is allowed.
    const longest = await admin.query(api.revenue.getRevenue, {
      fromMs: RANGE.fromMs,
      toMs: RANGE.fromMs + 800 * DAY,
    });
    expect(longest.totals.purchases).toBe(0);
    expect(longest.byDay).toEqual([]);
  });
});

describe("CSV exports", () => {
  test("exportPurchases pages purchases created in the range, oldest first, with the buyer's email and blanks for what is unknown", async () => {
    // Creation times only move forward: start before the range.
    vi.setSystemTime(RANGE.fromMs - 1000);
    const t = await setupWithDefaults();
    await t.withIdentity(CREATOR).mutation(api.users.store, {});
    const cleo = await userId(t, CREATOR.email);
    await purchase(t, cleo, {
      packageId: "pkg_before",
      priceCents: 100,
      credits: 100,
    });
    vi.setSystemTime(NOV_10);
    await purchase(t, cleo, {
      packageId: "pkg_small",
      priceCents: 500,
      credits: 500,
      bonusCredits: 50,
      status: "pending",
    });
    vi.setSystemTime(NOV_10 + 1000);
    await purchase(t, cleo, {
      packageId: "pkg_big",
      priceCents: 1000,
      credits: 1000,
      sessionId: "cs_big",
      paidAt: NOV_10 + 2000,
      status: "refunded",
      refundedCents: 1000,
      clawedBackCredits: 900,
      unrecoverableCredits: 100,
      flagged: true,
    });

    const admin = t.withIdentity(ADMIN);
    const first = await admin.query(api.revenue.exportPurchases, {
      ...RANGE,
      paginationOpts: { numItems: 1, cursor: null },
    });
    expect(first.isDone).toBe(false);
    expect(first.page).toEqual([
      {
        createdAt: NOV_10,
        paidAt: null,
        email: CREATOR.email,
        packageId: "pkg_small",
        packageName: "PKG_SMALL",
        credits: 500,
        bonusCredits: 50,
        priceCents: 500,
        currency: "usd",
        status: "pending",
        sessionId: "",
        refundedCents: 0,
        clawedBackCredits: 0,
        unrecoverableCredits: 0,
        flagged: false,
      },
    ]);
    const second = await admin.query(api.revenue.exportPurchases, {
      ...RANGE,
      paginationOpts: { numItems: 5, cursor: first.continueCursor },
    });
    expect(second.isDone).toBe(true);
    expect(second.page).toEqual([
      expect.objectContaining({
        createdAt: NOV_10 + 1000,
        paidAt: NOV_10 + 2000,
        packageId: "pkg_big",
        status: "refunded",
        sessionId: "cs_big",
        refundedCents: 1000,
        clawedBackCredits: 900,
        unrecoverableCredits: 100,
        flagged: true,
      }),
    ]);
    expect(
      (
        await errorData(
          t.withIdentity(CREATOR).query(api.revenue.exportPurchases, {
            ...RANGE,
            paginationOpts: { numItems: 5, cursor: null },
          }),
        )
      ).code,
    ).toBe("FORBIDDEN");
  });

  test("exportLedger pages ledger entries with the user's and the acting admin's email", async () => {
    // The starter grants land before the range.
    vi.setSystemTime(RANGE.fromMs - 1000);
    const t = await setupWithDefaults();
    await t.withIdentity(CREATOR).mutation(api.users.store, {});
    await t.withIdentity(ADMIN).mutation(api.users.store, {});
    vi.setSystemTime(NOV_10);
    await t.withIdentity(ADMIN).mutation(api.credits.grantCredits, {
      email: CREATOR.email,
      amount: 250,
      reason: "launch bonus",
    });
    vi.setSystemTime(NOV_10 + 1000);
    const videoId = await succeededVideo(
      t,
      CREATOR,
      "pred_ledger",
      "luma/ray-flash-2-540p",
      5,
    );
    const cost = (await t.run((ctx) => ctx.db.get("videos", videoId)))!
      .creditsCost;
    // An entry from before reasons were recorded, about a checkout session.
    vi.setSystemTime(NOV_10 + 2000);
    const cleo = await userId(t, CREATOR.email);
    await t.run((ctx) =>
      ctx.db.insert("creditTransactions", {
        userId: cleo,
        amount: 10,
        type: "purchase",
        reference: "cs_legacy",
        balanceAfter: 360 - cost,
        createdAt: NOV_10 + 2000,
      }),
    );

    const rows = await t.withIdentity(ADMIN).query(api.revenue.exportLedger, {
      ...RANGE,
      paginationOpts: { numItems: 10, cursor: null },
    });
    expect(rows.isDone).toBe(true);
    expect(rows.page).toEqual([
      {
        createdAt: NOV_10,
        email: CREATOR.email,
        type: "grant",
        amount: 250,
        balanceAfter: 350,
        videoId: "",
        reference: "",
        reason: "launch bonus",
        actor: ADMIN.email,
      },
      {
        createdAt: NOV_10 + 1000,
        email: CREATOR.email,
        type: "generation",
        amount: -cost,
        balanceAfter: 350 - cost,
        videoId,
        reference: "",
        reason: "Luma Ray Flash 2-540p, 5s standard",
        actor: "",
      },
      {
        createdAt: NOV_10 + 2000,
        email: CREATOR.email,
        type: "purchase",
        amount: 10,
        balanceAfter: 360 - cost,
        videoId: "",
        reference: "cs_legacy",
        reason: "",
        actor: "",
      },
    ]);
  });
});
