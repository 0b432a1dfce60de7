/**
 * Usage statistics without hot documents (ADR 0025), generation-time
 * percentiles (ADR 0026) and the history migration.
 */
import { afterEach, beforeEach, expect, test, vi } from "vitest";
import type { Id } from "./_generated/dataModel";
import { generationTimePercentiles } from "./model/percentiles";
import { STAT_SHARDS } from "./model/stats";
import { ADMIN, api, CREATOR, internal, setupWithDefaults } from "./test.setup";

/** Today's UTC day, as the dashboard passes it. */
const todayUtc = () => new Date().toISOString().slice(0, 10);

beforeEach(() => {
  vi.useFakeTimers();
  delete process.env.REPLICATE_API_TOKEN; // starts are never reached here
});
afterEach(() => vi.useRealTimers());

const FLASH = "luma/ray-flash-2-540p";
const video = { prompt: "p", model: FLASH, duration: 5, quality: "standard" };

/** Creates a video and moves it to "processing" with a prediction id. */
async function processingVideo(
  t: Awaited<ReturnType<typeof setupWithDefaults>>,
  n: number,
): Promise<Id<"videos">> {
  const videoId = await t
    .withIdentity(CREATOR)
    .mutation(api.videos.createVideo, video);
  await t.mutation(internal.predictions.recordPredictionCreated, {
    videoId,
    prediction: { id: `p-${n}`, status: "processing" },
  });
  return videoId;
}

async function succeed(
  t: Awaited<ReturnType<typeof setupWithDefaults>>,
  videoId: Id<"videos">,
  predictTime: number,
) {
  const storageId = await t.run((ctx) => ctx.storage.store(new Blob(["mp4"])));
  await t.mutation(internal.predictions.completeSucceeded, {
    videoId,
    storageId,
    predictTime,
  });
}

/** The seeded catalogue and a signed-up creator with 10,000 credits. */
async function withFundedCreator() {
  const t = await setupWithDefaults();
  await t.withIdentity(CREATOR).mutation(api.users.store, {});
  await t.withIdentity(ADMIN).mutation(api.credits.grantCredits, {
    email: CREATOR.email,
    amount: 10_000,
    reason: "test",
  });
  return t;
}

test("no counter document is written by every video of a model", async () => {
  const t = await withFundedCreator();
  const VIDEOS = 12;
  for (let i = 0; i < VIDEOS; i++) {
    await t.withIdentity(CREATOR).mutation(api.videos.createVideo, video);
  }
  const shards = await t.run(async (ctx) =>
    (await ctx.db.query("statShards").collect()).filter(
      (s) => s.key === `m:${FLASH}` || s.key === "all",
    ),
  );
  const modelShards = shards.filter((s) => s.key === `m:${FLASH}`);
  // Spread over several shards, none of which saw every video …
  expect(modelShards.length).toBeGreaterThan(1);
  expect(modelShards.length).toBeLessThanOrEqual(STAT_SHARDS);
  expect(Math.max(...modelShards.map((s) => s.created))).toBeLessThan(VIDEOS);
  // … and the sums are exact.
  expect(modelShards.reduce((n, s) => n + s.created, 0)).toBe(VIDEOS);
  const stats = await t
    .withIdentity(ADMIN)
    .query(api.models.getModelStatsForAdmin, { modelId: FLASH });
  expect(stats.createdGenerations).toBe(VIDEOS);
  const { totals } = await t
    .withIdentity(ADMIN)
    .query(api.dashboard.getOverview, {});
  expect(totals.videos).toBe(VIDEOS);
  // The old one-document-per-model counters are no longer written.
  expect(
    await t.run(async (ctx) => await ctx.db.query("modelStats").collect()),
  ).toEqual([]);
}, 60_000);

test("sign-ups count through the sharded counter", async () => {
  const t = await setupWithDefaults();
  for (let i = 0; i < 5; i++) {
    await t
      .withIdentity({
        subject: `u${i}`,
        tokenIdentifier: `https://issuer.test|u${i}`,
        email: `u${i}@example.com`,
      })
      .mutation(api.users.store, {});
  }
  const { totals } = await t
    .withIdentity(ADMIN)
    .query(api.dashboard.getOverview, {});
  expect(totals.users).toBe(5);
  expect(
    await t.run(
      async (ctx) => await ctx.db.query("platformCounters").collect(),
    ),
  ).toEqual([]);
}, 60_000);

test("p50 and p95 generation time per model, from the aggregate, for admins", async () => {
  const t = await withFundedCreator();
  // 20 renders of 1..20 s: nearest-rank p50 = 10 s, p95 = 19 s.
  for (let i = 1; i <= 20; i++) {
    await succeed(t, await processingVideo(t, i), i);
  }
  // The fold, as its cron runs it, copies them onto the rollup (ADR 0052).
  await t.mutation(internal.stats.fold, {});
  const admin = await t
    .withIdentity(ADMIN)
    .query(api.models.getModelStatsForAdmin, { modelId: FLASH });
  expect(admin).toMatchObject({
    successfulGenerations: 20,
    averageGenerationTime: 10.5,
    p50GenerationTime: 10,
    p95GenerationTime: 19,
  });
  // Creators and signed-out callers see the contract's fields only.
  const creator = await t
    .withIdentity(CREATOR)
    .query(api.models.getModelStats, { modelId: FLASH });
  expect(creator).not.toHaveProperty("p50GenerationTime");
  expect(
    await t.query(api.models.getModelStats, { modelId: FLASH }),
  ).not.toHaveProperty("p95GenerationTime");
  // The plain function other modules use (poll schedule, studio, registry).
  expect(await t.run((ctx) => generationTimePercentiles(ctx, FLASH))).toEqual({
    count: 20,
    p50Ms: 10_000,
    p95Ms: 19_000,
  });
  expect(
    await t.run((ctx) => generationTimePercentiles(ctx, "luma/ray-2-720p")),
  ).toBeNull();
  // The same rollup carries them to the dashboard table and the ModelManager.
  const page = await t.withIdentity(ADMIN).query(api.dashboard.listModelUsage, {
    paginationOpts: { numItems: 5, cursor: null },
  });
  expect(page.page[0]).toMatchObject({
    modelId: FLASH,
    p50GenerationTime: 10,
    p95GenerationTime: 19,
  });
  const list = await t.withIdentity(ADMIN).query(api.models.listModelStats, {});
  expect(list[0]).toMatchObject({
    p50GenerationTime: 10,
    p95GenerationTime: 19,
  });
}, 60_000);

test("admins' p50/p95 are the rollup's: a success after the last fold counts at the next one", async () => {
  const t = await withFundedCreator();
  const admin = t.withIdentity(ADMIN);
  const stats = () =>
    admin.query(api.models.getModelStatsForAdmin, { modelId: FLASH });
  // Timed, but not folded yet: the counts are live, the percentiles absent.
  await succeed(t, await processingVideo(t, 1), 4);
  const unfolded = await stats();
  expect(unfolded).toMatchObject({
    successfulGenerations: 1,
    averageGenerationTime: 4,
  });
  expect(unfolded).not.toHaveProperty("p50GenerationTime");
  expect(unfolded).not.toHaveProperty("p95GenerationTime");
  await t.mutation(internal.stats.fold, {});
  expect(await stats()).toMatchObject({
    p50GenerationTime: 4,
    p95GenerationTime: 4,
  });
  // A slower render after the fold: in the aggregate at once, in the
  // admin's p50/p95 only after the next fold.
  await succeed(t, await processingVideo(t, 2), 30);
  expect(await t.run((ctx) => generationTimePercentiles(ctx, FLASH))).toEqual({
    count: 2,
    p50Ms: 4_000,
    p95Ms: 30_000,
  });
  expect(await stats()).toMatchObject({
    successfulGenerations: 2,
    averageGenerationTime: 17,
    p50GenerationTime: 4,
    p95GenerationTime: 4,
  });
  await t.mutation(internal.stats.fold, {});
  expect(await stats()).toMatchObject({
    successfulGenerations: 2,
    p50GenerationTime: 4,
    p95GenerationTime: 30,
  });
}, 60_000);

test("history from before sharding keeps the same totals", async () => {
  const t = await setupWithDefaults();
  const today = new Date().toISOString().slice(0, 10);
  // What the old counters held: 7 videos of one model, 3 users.
  await t.run(async (ctx) => {
    await ctx.db.insert("modelStats", {
      modelId: FLASH,
      createdGenerations: 7,
      totalGenerations: 6,
      successfulGenerations: 4,
      failedGenerations: 1,
      canceledGenerations: 1,
      totalGenerationTimeMs: 40_000,
      timedGenerations: 4,
      creditsCharged: 420,
      creditsRefunded: 120,
      updatedAt: 0,
    });
    await ctx.db.insert("modelDailyStats", {
      day: today,
      modelId: FLASH,
      created: 7,
      succeeded: 4,
      failed: 1,
      canceled: 1,
      creditsCharged: 420,
      creditsRefunded: 120,
    });
    await ctx.db.insert("platformCounters", { name: "users", value: 3 });
  });
  const before = await t
    .withIdentity(ADMIN)
    .query(api.dashboard.getOverview, {});
  expect(before.totals.users).toBe(3);
  await t.mutation(internal.stats.fold, {});
  // One new video on top of the history.
  await t.withIdentity(CREATOR).mutation(api.videos.createVideo, video);
  await t.mutation(internal.stats.fold, {});
  const admin = t.withIdentity(ADMIN);
  const { totals } = await admin.query(api.dashboard.getOverview, {});
  expect(totals).toEqual({
    users: 4,
    videos: 8,
    inProgress: 2,
    succeeded: 4,
    failed: 1,
    canceled: 1,
    creditsCharged: 480,
    creditsRefunded: 120,
  });
  expect(
    await t
      .withIdentity(ADMIN)
      .query(api.models.getModelStatsForAdmin, { modelId: FLASH }),
  ).toMatchObject({
    createdGenerations: 8,
    totalGenerations: 6,
    averageGenerationTime: 10,
  });
  const series = await admin.query(api.dashboard.getDailySeries, {
    today: todayUtc(),
  });
  expect(series.total[29]).toBe(8);
  expect(series.series[0]).toMatchObject({ modelId: FLASH });
  expect(series.series[0].created[29]).toBe(8);
  // Folding again changes nothing.
  await t.mutation(internal.stats.fold, {});
  expect((await admin.query(api.dashboard.getOverview, {})).totals).toEqual(
    totals,
  );
}, 60_000);

test("the chart draws the most used models and sums the rest", async () => {
  const t = await setupWithDefaults();
  const now = Date.now();
  const today = new Date(now).toISOString().slice(0, 10);
  const yesterday = new Date(now - 86_400_000).toISOString().slice(0, 10);
  // 9 models with 1..9 videos each yesterday and today (as shards).
  await t.run(async (ctx) => {
    for (let m = 1; m <= 9; m++) {
      for (const day of [yesterday, today]) {
        for (const [key, scope] of [
          [`md:${day}:x/m${m}`, { modelId: `x/m${m}`, day }],
          [`m:x/m${m}`, { modelId: `x/m${m}` }],
          [`d:${day}`, { day }],
          ["all", {}],
        ] as const) {
          await ctx.db.insert("statShards", {
            key,
            ...scope,
            shard: m,
            created: m,
            succeeded: 0,
            failed: 0,
            canceled: 0,
            timedMs: 0,
            timed: 0,
            creditsCharged: 0,
            creditsRefunded: 0,
            folded: false,
            updatedAt: now,
          });
        }
      }
    }
  });
  await t.mutation(internal.stats.fold, {});
  const series = await t
    .withIdentity(ADMIN)
    .query(api.dashboard.getDailySeries, { today: todayUtc() });
  expect(series.series.map((s) => s.modelId)).toEqual([
    "x/m9",
    "x/m8",
    "x/m7",
    "x/m6",
    "x/m5",
    "x/m4",
  ]);
  expect(series.total.slice(28)).toEqual([45, 45]);
  expect(series.other.slice(28)).toEqual([6, 6]); // 1 + 2 + 3
  expect(series.series[0].created.slice(28)).toEqual([9, 9]);
  const page = await t.withIdentity(ADMIN).query(api.dashboard.listModelUsage, {
    paginationOpts: { numItems: 4, cursor: null },
  });
  expect(page.page.map((r) => [r.modelId, r.createdGenerations])).toEqual([
    ["x/m9", 18],
    ["x/m8", 16],
    ["x/m7", 14],
    ["x/m6", 12],
  ]);
  expect(page.isDone).toBe(false);
}, 60_000);

test("a video's safety poll is placed from its model's rolled-up p95, as the fold last copied it", async () => {
  const t = await withFundedCreator();
  // 10 renders of 4..40 s: nearest-rank p95 = 40 s.
  for (let i = 1; i <= 10; i++)
    await succeed(t, await processingVideo(t, i), 4 * i);
  process.env.REPLICATE_WEBHOOK_SECRET = "whsec_c2VjcmV0";
  try {
    /** ms from now to the safety mutation of a new video (fake timers: now stands still). */
    const safetyPollDelay = async (n: number) => {
      vi.advanceTimersByTime(60_000); // past the create rate limit
      const videoId = await processingVideo(t, n);
      const scheduled = await t.run((ctx) =>
        ctx.db.system.query("_scheduled_functions").collect(),
      );
      const safety = scheduled.find(
        (s) =>
          s.name === "predictions:enqueueSafetyPoll" &&
          (s.args[0] as { videoId: string }).videoId === videoId,
      )!;
      return safety.scheduledTime - Date.now();
    };
    // Not folded yet: no history on the rollup, so 2 min (ADR 0050).
    expect(await safetyPollDelay(101)).toBe(120_000);
    await t.mutation(internal.stats.fold, {});
    // Folded: 1.5 × p95 = 60 s.
    expect(await safetyPollDelay(102)).toBe(60_000);
  } finally {
    delete process.env.REPLICATE_WEBHOOK_SECRET;
  }
});
