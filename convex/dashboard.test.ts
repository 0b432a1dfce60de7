import { afterEach, beforeEach, expect, test, vi } from "vitest";
import {
  ADMIN,
  api,
  CREATOR,
  errorData,
  internal,
  OTHER_CREATOR,
  setupWithDefaults,
} from "./test.setup";

/** Today's UTC day, as the dashboard passes it. */
const todayUtc = () => new Date().toISOString().slice(0, 10);

beforeEach(() => vi.useFakeTimers());
afterEach(() => vi.useRealTimers());

test("dashboard totals, per-model usage and the daily series come from counters", async () => {
  const t = await setupWithDefaults();
  delete process.env.REPLICATE_API_TOKEN; // every start fails → refunded
  const creator = t.withIdentity(CREATOR);
  const other = t.withIdentity(OTHER_CREATOR);
  const flash = {
    prompt: "p",
    model: "luma/ray-flash-2-540p",
    duration: 5,
    quality: "standard",
  };
  const v1 = await creator.mutation(api.videos.createVideo, flash);
  await creator.mutation(api.videos.cancelVideo, { videoId: v1 });
  await other.mutation(api.videos.createVideo, flash);
  await creator.mutation(api.videos.createVideo, {
    ...flash,
    model: "luma/ray-2-720p",
  });

  const before = await t
    .withIdentity(ADMIN)
    .query(api.dashboard.getOverview, {});
  expect(before.totals).toEqual({
    users: 2,
    videos: 3,
    inProgress: 2,
    succeeded: 0,
    failed: 0,
    canceled: 1,
    creditsCharged: 60 + 60 + 90,
    creditsRefunded: 60,
  });
  await t.mutation(internal.stats.fold, {});
  const usage = await t
    .withIdentity(ADMIN)
    .query(api.dashboard.listModelUsage, {
      paginationOpts: { numItems: 10, cursor: null },
    });
  expect(usage.page.map((m) => [m.modelId, m.createdGenerations])).toEqual([
    ["luma/ray-flash-2-540p", 2],
    ["luma/ray-2-720p", 1],
  ]);
  const series = await t
    .withIdentity(ADMIN)
    .query(api.dashboard.getDailySeries, { today: todayUtc() });
  expect(series.days).toHaveLength(30);
  expect(series.days[29]).toBe(new Date().toISOString().slice(0, 10));
  expect(series.total[29]).toBe(3);
  expect(series.series.map((s) => [s.modelId, s.created[29]])).toEqual([
    ["luma/ray-flash-2-540p", 2],
    ["luma/ray-2-720p", 1],
  ]);
  expect(series.other.every((n) => n === 0)).toBe(true);

  await t.finishAllScheduledFunctions(vi.runAllTimers); // the two others fail
  const after = await t
    .withIdentity(ADMIN)
    .query(api.dashboard.getOverview, {});
  expect(after.totals).toMatchObject({
    inProgress: 0,
    failed: 2,
    canceled: 1,
    creditsRefunded: 210,
  });

  const perUser = await t
    .withIdentity(ADMIN)
    .query(api.videos.listVideosForUser, {
      email: CREATOR.email,
      paginationOpts: { numItems: 10, cursor: null },
    });
  expect(perUser.page.map((v) => v.status)).toEqual(["failed", "canceled"]);
  await t.mutation(internal.stats.fold, {});
  const stats = await t
    .withIdentity(ADMIN)
    .query(api.models.listModelStats, {});
  expect(
    stats.find((s) => s.modelId === "luma/ray-flash-2-540p"),
  ).toMatchObject({ totalGenerations: 2 });

  const recent = await t
    .withIdentity(ADMIN)
    .query(api.dashboard.listRecentVideos, {
      paginationOpts: { numItems: 5, cursor: null },
    });
  expect(recent.page.map((v) => v.userEmail).sort()).toEqual([
    CREATOR.email,
    CREATOR.email,
    OTHER_CREATOR.email,
  ]);

  for (const call of [
    creator.query(api.dashboard.getOverview, {}),
    creator.query(api.dashboard.listRecentVideos, {
      paginationOpts: { numItems: 5, cursor: null },
    }),
    creator.query(api.models.listModelStats, {}),
    creator.query(api.dashboard.getDailySeries, { today: todayUtc() }),
    creator.query(api.dashboard.listModelUsage, {
      paginationOpts: { numItems: 5, cursor: null },
    }),
  ]) {
    expect((await errorData(call)).code).toBe("FORBIDDEN");
  }
  expect((await errorData(t.query(api.dashboard.getOverview, {}))).code).toBe(
    "UNAUTHENTICATED",
  );
}, 120_000); // finishAllScheduledFunctions is slow on a loaded machine since createVideo calls the rate-limiter component

test("a creator's usage: spend per model and per category, net of refunds, private", async () => {
  const t = await setupWithDefaults();
  delete process.env.REPLICATE_API_TOKEN;
  const creator = t.withIdentity(CREATOR);
  await creator.mutation(api.users.store, {});
  await t.withIdentity(ADMIN).mutation(api.credits.grantCredits, {
    email: CREATOR.email,
    amount: 1000,
    reason: "test",
  });
  const base = { prompt: "p", duration: 5, quality: "standard" };
  await creator.mutation(api.videos.createVideo, {
    ...base,
    model: "luma/ray-2-720p",
  });
  const canceled = await creator.mutation(api.videos.createVideo, {
    ...base,
    model: "luma/ray-flash-2-540p",
  });
  await creator.mutation(api.videos.cancelVideo, { videoId: canceled });
  await creator.mutation(api.videos.createVideo, {
    ...base,
    model: "google/veo-3",
    duration: 8,
  });

  const usage = await creator.query(api.credits.getMyUsage, {});
  expect(usage.totals).toEqual({
    videos: 3,
    succeeded: 0,
    failed: 0,
    canceled: 1,
    creditsSpent: 690,
  });
  expect(
    usage.perModel.map((m) => [m.modelId, m.videos, m.creditsSpent]),
  ).toEqual([
    ["google/veo-3", 1, 600],
    ["luma/ray-2-720p", 1, 90],
    ["luma/ray-flash-2-540p", 1, 0],
  ]);
  expect(usage.perCategory).toEqual([
    { category: "premium", videos: 1, creditsSpent: 600 },
    { category: "budget", videos: 2, creditsSpent: 90 },
  ]);
  expect(
    (await t.withIdentity(OTHER_CREATOR).query(api.credits.getMyUsage, {}))
      .totals.videos,
  ).toBe(0);
  expect((await errorData(t.query(api.credits.getMyUsage, {}))).code).toBe(
    "UNAUTHENTICATED",
  );
});

test("the daily series ends on the day the caller passes; a bad day is refused", async () => {
  vi.setSystemTime(Date.UTC(2026, 10, 20, 12));
  const t = await setupWithDefaults();
  await t.withIdentity(CREATOR).mutation(api.users.store, {});
  await t.withIdentity(ADMIN).mutation(api.credits.grantCredits, {
    email: CREATOR.email,
    amount: 1000,
    reason: "test",
  });
  delete process.env.REPLICATE_API_TOKEN;
  await t.withIdentity(CREATOR).mutation(api.videos.createVideo, {
    prompt: "p",
    model: "luma/ray-flash-2-540p",
    duration: 5,
    quality: "standard",
  });
  await t.mutation(internal.stats.fold, {});
  const admin = t.withIdentity(ADMIN);
  const today = await admin.query(api.dashboard.getDailySeries, {
    today: "2026-11-20",
  });
  expect(today.days[29]).toBe("2026-11-20");
  expect(today.total[29]).toBe(1);
  // A window that ended yesterday does not hold today's video.
  const yesterday = await admin.query(api.dashboard.getDailySeries, {
    today: "2026-11-19",
  });
  expect(yesterday.days[29]).toBe("2026-11-19");
  expect(yesterday.total.every((n) => n === 0)).toBe(true);
  for (const bad of ["20 Nov", "2026-13-45", ""]) {
    const error = await errorData(
      admin.query(api.dashboard.getDailySeries, { today: bad }),
    );
    expect(error).toMatchObject({ code: "INVALID_ARGUMENT", field: "today" });
  }
}, 60_000);

test("the revenue panel sums paid USD purchases in the window, refunds and credits spent", async () => {
  vi.setSystemTime(Date.UTC(2026, 10, 20, 12));
  const t = await setupWithDefaults();
  const userId = await t.withIdentity(CREATOR).mutation(api.users.store, {});
  const DAY = 86_400_000;
  const now = Date.now();
  const purchase = (paidAt: number, priceCents: number, extra = {}) =>
    t.run(async (ctx) => {
      await ctx.db.insert("purchases", {
        userId,
        packageId: "starter",
        packageName: "Starter",
        credits: 500,
        bonusCredits: 50,
        priceCents,
        currency: "usd",
        status: "paid",
        paidAt,
        flagged: false,
        createdAt: paidAt,
        updatedAt: paidAt,
        ...extra,
      });
    });
  await purchase(now - DAY, 1000);
  await purchase(now - 2 * DAY, 2000, { refundedCents: 500 });
  await purchase(now - 40 * DAY, 9900); // before the window
  await purchase(now - DAY, 700, { currency: "eur" }); // not US dollars
  await t.withIdentity(ADMIN).mutation(api.credits.grantCredits, {
    email: CREATOR.email,
    amount: 1000,
    reason: "test",
  });
  delete process.env.REPLICATE_API_TOKEN; // the start fails → refunded
  await t.withIdentity(CREATOR).mutation(api.videos.createVideo, {
    prompt: "p",
    model: "luma/ray-flash-2-540p",
    duration: 5,
    quality: "standard",
  });
  await t.finishAllScheduledFunctions(vi.runAllTimers);
  await t.withIdentity(CREATOR).mutation(api.videos.createVideo, {
    prompt: "q",
    model: "luma/ray-flash-2-540p",
    duration: 5,
    quality: "standard",
  });
  await t.mutation(internal.stats.fold, {});
  const toMs = Date.UTC(2026, 10, 21);
  const window = { fromMs: toMs - 30 * DAY, toMs };
  const summary = await t
    .withIdentity(ADMIN)
    .query(api.revenue.getRevenueSummary, window);
  expect(summary).toMatchObject({
    paidCents: 3000,
    refundedCents: 500,
    netCents: 2500,
    purchases: 2,
    creditsSold: 1100,
    creditsCharged: 120,
    creditsRefunded: 60,
    creditsSpent: 60,
    truncated: false,
  });
  expect(
    (
      await errorData(
        t.withIdentity(CREATOR).query(api.revenue.getRevenueSummary, window),
      )
    ).code,
  ).toBe("FORBIDDEN");
  expect(
    (
      await errorData(
        t.withIdentity(ADMIN).query(api.revenue.getRevenueSummary, {
          fromMs: toMs,
          toMs: toMs - DAY,
        }),
      )
    ).code,
  ).toBe("INVALID_ARGUMENT");
}, 60_000);
