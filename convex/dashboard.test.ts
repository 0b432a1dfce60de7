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
    .query(api.dashboard.getDailySeries, {});
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
    creator.query(api.dashboard.getDailySeries, {}),
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
