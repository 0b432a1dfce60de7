/**
 * Scale test over EVERY public query (issue 9): a history seeded through the
 * real functions (users by `users:store`, models by `models:createModel`,
 * videos by `videos:createVideo` and the lifecycle's internal mutations,
 * purchases by the Stripe webhook's `purchases:applyStripeEvent`, disputes
 * by `disputes:openDispute`, the stats fold run as its cron runs it), so
 * counters, shards, aggregates and rollups hold what production writes.
 *
 * The same history is seeded at two sizes: the creator's own part and the
 * catalogue are identical, other users' data (users, videos, purchases,
 * disputes, plan changes) is 4× larger in the second. For each query the
 * test asserts
 *  (a) it returns the right, non-empty data for the seeded history, and
 *  (b) the documents it reads do not grow with the unrelated data: reads
 *      at 4× ≤ reads at 1× (+ what a case declares: the rows it returns).
 * The list of queries comes from the modules themselves, so a new public
 * query without a case fails the test. Every query also runs with
 * `Date.now` watched: none may read the clock (ADR 0017, 0019).
 *
 * Documents read are Convex's transaction metrics around a nested
 * `ctx.runQuery` (its reads fold into the enclosing transaction), with the
 * real per-transaction limits on.
 */
import { afterAll, beforeAll, describe, expect, test, vi } from "vitest";
import { makeFunctionReference } from "convex/server";
import type { Id } from "./_generated/dataModel";
import { ALL_KEY, modelKey } from "./model/stats";
import { ADMIN, api, CREATOR, internal, setup } from "./test.setup";

type Backend = ReturnType<typeof setup>;
type Who = "anon" | "creator" | "admin";

/** Other users per size unit: 1× has 6, 4× has 24. */
const OTHERS = 6;
/** Page size of every paginated case: full at both sizes. */
const PAGE = 3;
const page = { paginationOpts: { numItems: PAGE, cursor: null } };
const START = Date.parse("2026-11-02T09:00:00Z");
const TODAY = "2026-11-02";
const FLASH = "luma/ray-flash-2-540p"; // 60 credits for 5 s
const RAY = "luma/ray-2-720p"; // 90 credits for 5 s
const EXTRA = "acme/scale-model"; // created by the admin
const PACKAGE_CREDITS = 500;
const PACKAGE_BONUS = 50;
const PACKAGE_CENTS = 500;

/** What a seeding wrote, for the cases' expectations. */
type Seeded = {
  users: number;
  videos: number;
  succeeded: number;
  failed: number;
  canceled: number;
  inProgress: number;
  charged: number;
  refunded: number;
  /** Videos per model (all users). */
  perModel: Record<
    string,
    { created: number; succeeded: number; failed: number }
  >;
  purchases: number;
  openDisputes: number;
  creator: {
    videos: Id<"videos">[];
    succeeded: Id<"videos">;
    processing: Id<"videos">;
    shareToken: string;
    sessionId: string;
  };
  packageId: string;
  unmatchedEvents: number;
  /** Inactive (not deleted) and soft-deleted models. */
  inactiveModels: number;
  deletedModels: number;
};

let clock = START;
/** Moves the fake clock on by a second: every record gets its own time. */
const tick = () => {
  clock += 1000;
  vi.setSystemTime(clock);
};

let predictions = 0;

/** Seeds the history at `size` (1 or 4) through the real functions. */
async function seed(t: Backend, size: number): Promise<Seeded> {
  clock = START;
  predictions = 0;
  vi.setSystemTime(clock);
  process.env.STARTER_CREDITS = "5000";
  // A third of the videos fail on purpose: the breaker stays out of it.
  process.env.CIRCUIT_BREAKER_MIN_RUNS = "1000000";
  const admin = t.withIdentity(ADMIN);
  await admin.mutation(api.users.store, {});
  await t.mutation(internal.models.initializeDefaultModelsInternal, {});
  await admin.mutation(api.models.createModel, {
    modelId: EXTRA,
    name: "Scale Model",
    description: "Created by the scale test",
    costPerSecond: 0.1,
    supportedDurations: [5],
    supportedQualities: ["standard", "high"],
    qualityMultipliers: { high: 2 },
    isPremium: true,
    isActive: true,
    isDefault: false,
    isDeprecated: false,
    provider: "acme",
    category: "experimental",
    replicateModelId: EXTRA,
  });
  await admin.mutation(api.models.updateModel, {
    modelId: EXTRA,
    description: "Edited once",
  });
  // Models nobody sees in a public list: inactive ones and soft-deleted
  // ones, more of them at 4× (the public catalogue must not read them).
  for (let i = 0; i < 3 * size; i++) {
    const modelId = `acme/retired-${i}`;
    await admin.mutation(api.models.createModel, {
      modelId,
      name: `Retired ${i}`,
      description: "",
      costPerSecond: 0.05,
      supportedDurations: [5],
      supportedQualities: ["standard"],
      isPremium: false,
      isActive: i % 3 !== 0,
      isDefault: false,
      isDeprecated: false,
      provider: "acme",
      category: "experimental",
      replicateModelId: modelId,
    });
    // Deactivated by an edit, or soft-deleted.
    if (i % 3 === 1)
      await admin.mutation(api.models.updateModel, {
        modelId,
        isActive: false,
      });
    if (i % 3 === 2) await admin.mutation(api.models.deleteModel, { modelId });
  }
  const packageId = await admin.mutation(api.credits.createCreditPackage, {
    name: "Starter",
    credits: PACKAGE_CREDITS,
    bonusCredits: PACKAGE_BONUS,
    priceCents: PACKAGE_CENTS,
  });
  await admin.mutation(api.plans.createPlan, {
    planId: "pro",
    name: "Pro",
    priceMultiplier: 1,
    monthlyCredits: 0,
  });

  const s: Seeded = {
    users: 1,
    videos: 0,
    succeeded: 0,
    failed: 0,
    canceled: 0,
    inProgress: 0,
    charged: 0,
    refunded: 0,
    perModel: {},
    purchases: 0,
    openDisputes: 0,
    creator: undefined as unknown as Seeded["creator"],
    packageId,
    unmatchedEvents: 0,
    inactiveModels: 2 * size,
    deletedModels: size,
  };
  const costOf = (model: string) =>
    model === RAY ? 90 : model === EXTRA ? 50 : 60;

  const createVideo = async (who: typeof CREATOR, model: string) => {
    tick();
    const videoId = await t.withIdentity(who).mutation(api.videos.createVideo, {
      prompt: `a video by ${who.email} on ${model}`,
      model,
      duration: 5,
      quality: "standard",
    });
    const predictionId = `p-${++predictions}`;
    await t.mutation(internal.predictions.recordPredictionCreated, {
      videoId,
      prediction: { id: predictionId, status: "starting" },
    });
    s.videos++;
    s.charged += costOf(model);
    const row = (s.perModel[model] ??= { created: 0, succeeded: 0, failed: 0 });
    row.created++;
    return { videoId, predictionId, model };
  };
  const succeed = async (
    video: { videoId: Id<"videos">; predictionId: string; model: string },
    predictTime: number,
  ) => {
    tick();
    await t.mutation(internal.predictions.claimFinalization, {
      predictionId: video.predictionId,
    });
    const storageId = await t.run((ctx) =>
      ctx.storage.store(new Blob(["mp4"], { type: "video/mp4" })),
    );
    await t.mutation(internal.predictions.completeSucceeded, {
      videoId: video.videoId,
      storageId,
      predictTime,
    });
    s.succeeded++;
    s.perModel[video.model].succeeded++;
  };
  const fail = async (video: { predictionId: string; model: string }) => {
    tick();
    await t.mutation(internal.predictions.applyPredictionUpdate, {
      prediction: { id: video.predictionId, status: "failed", error: "boom" },
    });
    s.failed++;
    s.refunded += costOf(video.model);
    s.perModel[video.model].failed++;
  };
  const buy = async (who: typeof CREATOR) => {
    tick();
    const { purchaseId } = await t
      .withIdentity(who)
      .mutation(internal.purchases.beginCheckout, { packageId });
    const sessionId = `cs_test_${purchaseId}`;
    await t.mutation(internal.purchases.attachSession, {
      purchaseId,
      sessionId,
    });
    await t.mutation(internal.purchases.applyStripeEvent, {
      eventId: `evt_${sessionId}`,
      type: "checkout.session.completed",
      objectId: sessionId,
      session: {
        paymentStatus: "paid",
        amountTotal: PACKAGE_CENTS,
        currency: "usd",
        paymentIntentId: `pi_${purchaseId}`,
        clientReferenceId: purchaseId,
      },
    });
    s.purchases++;
    return sessionId;
  };

  // The creator: the same history at every size.
  await t.withIdentity(CREATOR).mutation(api.users.store, {});
  s.users++;
  await admin.mutation(api.plans.assignPlan, {
    email: CREATOR.email,
    planId: "pro",
  });
  const mine = [
    await createVideo(CREATOR, FLASH),
    await createVideo(CREATOR, FLASH),
    await createVideo(CREATOR, RAY),
    await createVideo(CREATOR, FLASH),
    await createVideo(CREATOR, EXTRA),
  ];
  await succeed(mine[0], 4);
  await fail(mine[1]);
  await succeed(mine[2], 6);
  tick();
  await t.mutation(internal.predictions.applyPredictionUpdate, {
    prediction: { id: mine[3].predictionId, status: "processing" },
    progress: 40,
    logs: "step 2 of 5",
  });
  s.inProgress++;
  tick();
  await t
    .withIdentity(CREATOR)
    .mutation(api.videos.cancelVideo, { videoId: mine[4].videoId });
  s.canceled++;
  s.refunded += costOf(EXTRA);
  tick();
  await t.withIdentity(CREATOR).mutation(api.disputes.openDispute, {
    videoId: mine[0].videoId,
    reason: "Not what I asked for",
  });
  s.openDisputes++;
  const { token: shareToken } = await t
    .withIdentity(CREATOR)
    .mutation(api.shares.createShareLink, { videoId: mine[2].videoId });
  await admin.mutation(api.insights.setFeaturedSample, {
    modelId: RAY,
    videoId: mine[2].videoId,
  });
  const sessionId = await buy(CREATOR);

  // Everybody else: grows with `size`.
  for (let i = 0; i < OTHERS * size; i++) {
    const who = {
      ...CREATOR,
      subject: `other-${i}`,
      tokenIdentifier: `https://issuer.test|other-${i}`,
      email: `other${String(i).padStart(3, "0")}@example.com`,
      name: `Other ${i}`,
    };
    tick();
    await t.withIdentity(who).mutation(api.users.store, {});
    s.users++;
    const videos = [
      await createVideo(who, FLASH),
      await createVideo(who, i % 2 === 0 ? RAY : EXTRA),
      await createVideo(who, FLASH),
    ];
    await succeed(videos[0], 3 + (i % 5));
    await fail(videos[1]);
    await succeed(videos[2], 5);
    if (i % 2 === 0) await buy(who);
    if (i % 2 === 1) {
      tick();
      await t.withIdentity(who).mutation(api.disputes.openDispute, {
        videoId: videos[0].videoId,
        reason: "Blurry",
      });
      s.openDisputes++;
    }
    tick();
    await admin.mutation(api.plans.assignPlan, {
      email: who.email,
      planId: i % 3 === 0 ? "pro" : null,
    });
  }
  // Stripe events for sessions this deployment never started.
  for (let i = 0; i < 2 * size + 1; i++) {
    tick();
    await t.mutation(internal.purchases.applyStripeEvent, {
      eventId: `evt_unmatched_${i}`,
      type: "checkout.session.completed",
      objectId: `cs_unknown_${i}`,
      session: {
        paymentStatus: "paid",
        amountTotal: 100,
        currency: "usd",
        paymentIntentId: null,
        clientReferenceId: null,
      },
    });
    s.unmatchedEvents++;
  }
  // The stats fold, as its cron runs it: rollups, p50/p95.
  await t.mutation(internal.stats.fold, {});
  s.creator = {
    videos: mine.map((v) => v.videoId),
    succeeded: mine[2].videoId,
    processing: mine[3].videoId,
    shareToken,
    sessionId,
  };
  return s;
}

/** A query's result and the documents it read, with `Date.now` watched. */
async function measure(
  t: Backend,
  who: Who,
  name: string,
  args: Record<string, unknown>,
) {
  const caller =
    who === "anon" ? t : t.withIdentity(who === "admin" ? ADMIN : CREATOR);
  const ref = makeFunctionReference<"query">(name);
  return await caller.run(async (ctx) => {
    const clockReads = vi.spyOn(Date, "now");
    try {
      const before = await ctx.meta.getTransactionMetrics();
      const result: unknown = await ctx.runQuery(ref, args);
      const after = await ctx.meta.getTransactionMetrics();
      return {
        result,
        read: after.documentsRead.used - before.documentsRead.used,
        bytes: after.bytesRead.used - before.bytesRead.used,
        clock: clockReads.mock.calls.length,
      };
    } finally {
      clockReads.mockRestore();
    }
  });
}

/** Every registered public query, as `module:name`, from the modules. */
const publicQueries = Object.entries(
  import.meta.glob<Record<string, unknown>>(
    [
      "./*.ts",
      "!./*.test.ts",
      "!./*.testkit.ts",
      "!./test.*.ts",
      "!./schema.ts",
      "!./*.config.ts",
    ],
    { eager: true },
  ),
)
  .flatMap(([path, exports]) =>
    Object.entries(exports)
      .filter(([, value]) => {
        // What `query`/`publicQuery` registration marks on the function.
        const fn = value as { isQuery?: boolean; isPublic?: boolean };
        return typeof value === "function" && fn.isQuery && fn.isPublic;
      })
      .map(([name]) => `${path.slice(2, -3)}:${name}`),
  )
  .sort();

type Result = unknown;
type Case = {
  who: Who;
  args: (s: Seeded) => Record<string, unknown>;
  /** (a): the result is right for the seeded history. */
  check: (result: Result, s: Seeded) => void;
  /**
   * Documents the query may read more at 4× than at 1×, given both
   * results and histories (default 0: the unrelated data does not show).
   */
  grows?: (
    large: Result,
    small: Result,
    largeSeed: Measured,
    smallSeed: Measured,
  ) => number;
  /** A ceiling on its reads whatever the history. */
  max?: number;
};

const rows = (r: Result) =>
  Array.isArray(r) ? r : (r as { page: unknown[] }).page;

const none = () => ({});
const DAY_MS = 86_400_000;
const window = { fromMs: START - DAY_MS, toMs: START + DAY_MS };
type Row = Record<string, unknown>;
const list = (r: Result) => rows(r) as Row[];
/** The model ids of a list result, sorted (lists of models). */
const sortedModelIds = (r: Result) =>
  list(r)
    .map((m) => m.modelId)
    .sort();
const byModel = (r: Result, modelId: string) =>
  list(r).find((row) => row.modelId === modelId)!;
/** A full page of `PAGE` rows (so both sizes show the same page size). */
const fullPage = (r: Result) => expect(list(r)).toHaveLength(PAGE);
const newestFirst = (r: Result, field = "createdAt") => {
  const times = list(r).map((row) => row[field] as number);
  expect([...times].sort((a, b) => b - a)).toEqual(times);
};
/** The creator's history is the same at every size. */
const CREATOR_USAGE = {
  videos: 5,
  succeeded: 2,
  failed: 1,
  canceled: 1,
  creditsSpent: 60 * 3 + 90 + 50 - 60 - 50,
};
const modelCounts = (s: Seeded, modelId: string) => ({
  successfulGenerations: s.perModel[modelId].succeeded,
  failedGenerations: s.perModel[modelId].failed,
  totalGenerations: s.perModel[modelId].succeeded + s.perModel[modelId].failed,
});

const cases: Record<string, Case> = {
  // The caller's own data: the same at both sizes.
  "credits:getMyBalance": {
    who: "creator",
    args: none,
    check: (r) =>
      expect(r).toEqual({
        balance:
          5000 - CREATOR_USAGE.creditsSpent + PACKAGE_CREDITS + PACKAGE_BONUS,
      }),
  },
  "credits:getMyTransactions": {
    who: "creator",
    args: () => page,
    check: (r) => {
      fullPage(r);
      expect(list(r)[0]).toMatchObject({ type: "purchase", amount: 550 });
      newestFirst(r);
    },
  },
  "credits:exportMyTransactions": {
    who: "creator",
    args: () => page,
    check: (r) => {
      const csv = (r as { rows: unknown[][] }).rows;
      expect(csv).toHaveLength(PAGE);
      expect(csv[0].slice(1, 3)).toEqual(["purchase", 550]);
    },
  },
  "credits:getUserTransactions": {
    who: "admin",
    args: () => ({ ...page, email: CREATOR.email }),
    check: (r) => {
      fullPage(r);
      expect(list(r)[0]).toMatchObject({ type: "purchase", amount: 550 });
    },
  },
  "credits:getMyUsage": {
    who: "creator",
    args: none,
    check: (r) => {
      const usage = r as { totals: Row; perModel: Row[]; perCategory: Row[] };
      // Counted from the creator's own counters: every video they made.
      expect(usage.totals).toEqual(CREATOR_USAGE);
      expect(byModel(usage.perModel, FLASH)).toMatchObject({
        videos: 3,
        succeeded: 1,
        failed: 1,
      });
      expect(usage.perCategory).toHaveLength(2);
    },
  },
  "credits:getMyPurchases": {
    who: "creator",
    args: () => page,
    check: (r, s) =>
      expect(list(r)).toMatchObject([
        { sessionId: s.creator.sessionId, status: "paid" },
      ]),
  },
  "credits:getMyPurchase": {
    who: "creator",
    args: (s) => ({ sessionId: s.creator.sessionId }),
    check: (r) =>
      expect(r).toMatchObject({ status: "paid", credits: PACKAGE_CREDITS }),
  },
  "disputes:getMyDisputes": {
    who: "creator",
    args: none,
    check: (r, s) =>
      expect(list(r)).toMatchObject([
        { videoId: s.creator.videos[0], status: "open", credits: 60 },
      ]),
  },
  "disputes:getVideoDispute": {
    who: "creator",
    args: (s) => ({ videoId: s.creator.videos[0] }),
    check: (r) =>
      expect(r).toMatchObject({
        canDispute: false,
        dispute: { status: "open" },
      }),
  },
  "plans:getMyPlan": {
    who: "creator",
    args: () => ({ month: TODAY.slice(0, 7) }),
    check: (r) => expect(r).toMatchObject({ plan: { planId: "pro" } }),
  },
  "shares:getMyShareLink": {
    who: "creator",
    args: (s) => ({ videoId: s.creator.succeeded }),
    check: (r, s) =>
      expect(r).toMatchObject({ token: s.creator.shareToken, views: 0 }),
  },
  "shares:getSharedVideo": {
    who: "anon",
    args: (s) => ({ token: s.creator.shareToken }),
    check: (r) => expect(r).toMatchObject({ modelName: "Luma Ray-2-720p" }),
  },
  "users:getMe": {
    who: "creator",
    args: none,
    check: (r) =>
      expect(r).toMatchObject({
        user: { email: CREATOR.email, role: "creator" },
      }),
  },
  "videos:getMyVideos": {
    who: "creator",
    args: () => page,
    check: (r) => {
      fullPage(r);
      expect(list(r)[0]).toMatchObject({ status: "canceled", model: EXTRA });
      newestFirst(r);
    },
  },
  "videos:getVideo": {
    who: "creator",
    args: (s) => ({ videoId: s.creator.succeeded }),
    check: (r) => expect(r).toMatchObject({ status: "succeeded", model: RAY }),
  },
  "videos:getVideoLogs": {
    who: "creator",
    args: (s) => ({ videoId: s.creator.processing }),
    check: (r) => expect(r).toMatchObject({ tail: "step 2 of 5" }),
  },
  "videos:getVideoProgress": {
    who: "creator",
    args: (s) => ({ videoId: s.creator.processing }),
    check: (r) => expect(r).toBe(40),
  },

  // The catalogue: the same at both sizes (4 models, 3 defaults + 1).
  "models:getActiveModels": {
    who: "anon",
    args: none,
    check: (r) => {
      expect(list(r)).toHaveLength(4);
      expect(list(r)[0]).toMatchObject({ modelId: FLASH, isDefault: true });
    },
  },
  "models:getModelById": {
    who: "anon",
    args: () => ({ modelId: EXTRA }),
    check: (r) =>
      expect(r).toMatchObject({ modelId: EXTRA, description: "Edited once" }),
  },
  "models:listModelChoices": {
    who: "creator",
    args: none,
    check: (r) => expect(list(r).map((m) => m.modelId)).toContain(EXTRA),
  },
  "models:getDefaultModel": {
    who: "anon",
    args: none,
    check: (r) => expect(r).toMatchObject({ modelId: FLASH }),
  },
  "models:getPremiumModels": {
    who: "anon",
    args: none,
    check: (r) => expect(sortedModelIds(r)).toEqual([EXTRA, "google/veo-3"]),
  },
  "models:getModelsByProvider": {
    who: "anon",
    args: () => ({ provider: "luma" }),
    check: (r) => expect(sortedModelIds(r)).toEqual([RAY, FLASH]),
  },
  "models:getModelsByCategory": {
    who: "anon",
    args: () => ({ category: "budget" }),
    check: (r) => expect(sortedModelIds(r)).toEqual([RAY, FLASH]),
  },
  "models:validateModelCapabilities": {
    who: "anon",
    args: () => ({ modelId: EXTRA, duration: 5, quality: "high" }),
    check: (r) => expect(r).toEqual({ valid: true, errors: [] }),
  },
  "models:listModelsForAdmin": {
    who: "admin",
    args: () => ({ includeDeleted: true }),
    check: (r, s) =>
      expect(list(r)).toHaveLength(4 + s.inactiveModels + s.deletedModels),
    // Every model, by design: reads the rows it returns.
    grows: (large, small) => list(large).length - list(small).length,
  },
  "models:getModelAuditTrail": {
    who: "admin",
    args: () => ({ ...page, modelId: EXTRA }),
    check: (r) =>
      expect(list(r).map((e) => e.action)).toEqual(["update", "create"]),
  },
  "modelManager:listModels": {
    who: "admin",
    args: () => page,
    check: (r, s) => {
      fullPage(r);
      expect((r as { total: number }).total).toBe(4 + s.inactiveModels);
    },
  },
  "modelManager:listModelFilters": {
    who: "admin",
    args: none,
    check: (r) =>
      expect((r as { providers: Row[] }).providers).toContainEqual({
        value: "luma",
        count: 2,
      }),
  },
  "pricing:getCreditCost": {
    who: "creator",
    args: () => ({ modelId: EXTRA, duration: 5, quality: "high" }),
    check: (r) => expect(r).toBe(100), // $0.10/s × 5 s × 2 (high)
  },
  "pricing:getAvailableModels": {
    who: "creator",
    args: none,
    check: (r) =>
      expect(byModel(r, FLASH)).toMatchObject({
        creditCosts: [
          { duration: 5, credits: 60 },
          { duration: 9, credits: 108 },
        ],
      }),
  },
  "pricing:getModelForCreate": {
    who: "creator",
    args: () => ({ modelId: FLASH }),
    check: (r) =>
      expect(r).toMatchObject({ modelId: FLASH, access: { allowed: true } }),
  },
  "pricing:getModelPricingComparison": {
    who: "creator",
    args: () => ({ duration: 5 }),
    check: (r) =>
      expect(list(r).slice(0, 2)).toMatchObject([
        { modelId: EXTRA, creditCost: 50 },
        { modelId: FLASH, creditCost: 60 },
      ]),
  },
  "credits:listCreditPackages": {
    who: "anon",
    args: none,
    check: (r, s) =>
      expect(list(r)).toMatchObject([{ packageId: s.packageId, credits: 500 }]),
  },
  "credits:listAllCreditPackages": {
    who: "admin",
    args: none,
    check: (r, s) =>
      expect(list(r)).toMatchObject([
        { packageId: s.packageId, audit: [{ action: "create" }] },
      ]),
  },
  "plans:listPlans": {
    who: "admin",
    args: none,
    check: (r) => expect(list(r)).toMatchObject([{ planId: "pro" }]),
  },
  "plans:getPlan": {
    who: "admin",
    args: () => ({ planId: "pro" }),
    check: (r) => expect(r).toMatchObject({ planId: "pro", name: "Pro" }),
  },
  "plans:getUserAccess": {
    who: "admin",
    args: () => ({ email: CREATOR.email }),
    check: (r) => expect(r).toMatchObject({ planId: "pro" }),
  },

  // Usage counters and rollups: totals of everybody's videos, read from a
  // bounded number of documents (counter shards, rollup rows).
  "dashboard:getOverview": {
    who: "admin",
    args: none,
    check: (r, s) =>
      expect(r).toEqual({
        totals: {
          users: s.users,
          videos: s.videos,
          inProgress: s.inProgress,
          succeeded: s.succeeded,
          failed: s.failed,
          canceled: s.canceled,
          creditsCharged: s.charged,
          creditsRefunded: s.refunded,
        },
      }),
    // Counter shards the larger history filled and the smaller had not yet
    // (random shards, ≤ 16 per counter); never above 2 × 17 + 1.
    grows: (_l, _s, large, small) =>
      large.shards.all +
      large.shards.users -
      small.shards.all -
      small.shards.users,
    max: 2 * 17 + 1,
  },
  "dashboard:listModelUsage": {
    who: "admin",
    args: () => page,
    check: (r, s) => {
      fullPage(r);
      expect(list(r)[0]).toMatchObject({
        modelId: FLASH,
        createdGenerations: s.perModel[FLASH].created,
        ...modelCounts(s, FLASH),
      });
    },
  },
  "dashboard:getDailySeries": {
    who: "admin",
    args: () => ({ today: TODAY }),
    check: (r, s) => {
      const series = r as { days: string[]; total: number[]; series: Row[] };
      expect(series.days.at(-1)).toBe(TODAY);
      expect(series.total.at(-1)).toBe(s.videos);
      expect(series.series[0]).toMatchObject({ modelId: FLASH });
      expect((series.series[0].created as number[]).at(-1)).toBe(
        s.perModel[FLASH].created,
      );
    },
  },
  "dashboard:listRecentVideos": {
    who: "admin",
    args: () => page,
    check: (r) => {
      fullPage(r);
      newestFirst(r);
      expect(list(r)[0].userEmail).toMatch(/^other\d+@example\.com$/);
    },
  },
  "models:getModelStats": {
    who: "anon",
    args: () => ({ modelId: FLASH }),
    check: (r, s) => expect(r).toMatchObject(modelCounts(s, FLASH)),
    grows: (_l, _s, large, small) => large.shards.flash - small.shards.flash,
    max: 17,
  },
  "models:getModelStatsForAdmin": {
    who: "admin",
    args: () => ({ modelId: FLASH }),
    check: (r, s) =>
      expect(r).toMatchObject({
        ...modelCounts(s, FLASH),
        createdGenerations: s.perModel[FLASH].created,
        p50GenerationTime: expect.any(Number),
      }),
    // Its shards (exact counts) and its `modelStats` rollup (p50/p95 as the
    // fold copied them, ADR 0052): the `generationTimes` B-tree is the
    // fold's to read, not this query's.
    grows: (_l, _s, large, small) => large.shards.flash - small.shards.flash,
    // ≤ 17 shards, the rollup and the admin's user document.
    max: 17 + 2,
  },
  "models:listModelStats": {
    who: "admin",
    args: none,
    check: (r, s) =>
      expect(byModel(r, FLASH)).toMatchObject({
        createdGenerations: s.perModel[FLASH].created,
      }),
  },
  "insights:getModelInsights": {
    who: "anon",
    args: () => ({ modelIds: [FLASH, RAY, EXTRA], today: TODAY }),
    check: (r, s) => {
      expect(byModel(r, FLASH)).toMatchObject({
        judged: s.perModel[FLASH].succeeded + s.perModel[FLASH].failed,
        typicalSeconds: expect.any(Number),
      });
      expect(byModel(r, RAY)).toMatchObject({
        sample: { videoId: s.creator.succeeded },
      });
    },
  },
  "insights:listSampleCandidates": {
    who: "admin",
    args: () => ({ modelId: RAY }),
    check: (r, s) =>
      expect(list(r).map((v) => v._id)).toEqual([s.creator.succeeded]),
  },
  "revenue:getRevenueSummary": {
    who: "admin",
    args: () => window,
    check: (r, s) =>
      expect(r).toMatchObject({
        purchases: s.purchases,
        paidCents: s.purchases * PACKAGE_CENTS,
        creditsCharged: s.charged,
        creditsRefunded: s.refunded,
        truncated: false,
      }),
    // Reads the purchases paid in the window (≤ 1,000) + one row per day.
    grows: (_l, _s, large, small) => large.purchases - small.purchases,
  },
  "revenue:getRevenue": {
    who: "admin",
    args: () => window,
    check: (r, s) => {
      const report = r as { totals: Row; perModel: Row[] };
      expect(report.totals).toMatchObject({
        purchases: s.purchases,
        creditsCharged: s.charged,
        creditsRefunded: s.refunded,
      });
      expect(byModel(report.perModel, FLASH)).toMatchObject({
        videos: s.perModel[FLASH].created,
      });
    },
    // The full report reads its range's purchases, ledger charges and
    // refunds and videos (≤ 10,000 each, `truncated` beyond), and every
    // model for its names and provider prices: it grows with the activity
    // it reports, by design (ADR 0018).
    grows: (_l, _s, large, small) =>
      large.purchases -
      small.purchases +
      2 * (large.videos - small.videos) +
      (large.failed + large.canceled - small.failed - small.canceled) +
      (large.inactiveModels + large.deletedModels) -
      (small.inactiveModels + small.deletedModels),
  },
  "registry:getModelHealth": {
    who: "admin",
    args: () => ({ modelId: FLASH, asOf: START + 60_000 }),
    check: (r, s) =>
      expect((r as { day: Row }).day).toMatchObject({
        finished: s.perModel[FLASH].succeeded + s.perModel[FLASH].failed,
        failed: s.perModel[FLASH].failed,
      }),
    // Reads the model's videos of the last day (≤ 500): what it summarises.
    grows: (_l, _s, large, small) =>
      large.perModel[FLASH].created - small.perModel[FLASH].created,
  },

  // Admin lists: one page, whatever the number of rows behind it.
  "users:listUsers": {
    who: "admin",
    args: () => page,
    check: (r) => {
      fullPage(r);
      newestFirst(r);
    },
  },
  "users:findByEmail": {
    who: "admin",
    args: () => ({ email: CREATOR.email }),
    check: (r) => expect(r).toMatchObject({ email: CREATOR.email }),
  },
  "users:searchByEmail": {
    who: "admin",
    args: () => ({ prefix: "CREATOR" }),
    check: (r) => expect(list(r)).toMatchObject([{ email: CREATOR.email }]),
  },
  "videos:listVideosForUser": {
    who: "admin",
    args: () => ({ ...page, email: CREATOR.email }),
    check: (r) => {
      fullPage(r);
      newestFirst(r);
    },
  },
  "purchases:listPurchases": {
    who: "admin",
    args: () => page,
    check: (r) => {
      fullPage(r);
      newestFirst(r);
      expect(list(r)[0].userEmail).toMatch(/@example\.com$/);
    },
  },
  "purchases:listUnmatchedStripeEvents": {
    who: "admin",
    args: () => page,
    check: (r) => {
      fullPage(r);
      expect(list(r)[0]).toMatchObject({ outcome: "unmatched" });
    },
  },
  "disputes:listOpenDisputes": {
    who: "admin",
    args: () => page,
    check: (r) => {
      fullPage(r);
      expect(list(r)[0]).toMatchObject({
        status: "open",
        video: { model: FLASH },
      });
    },
  },
  "plans:getAccessAuditTrail": {
    who: "admin",
    args: () => page,
    check: (r) => {
      fullPage(r);
      expect(list(r)[0]).toMatchObject({ action: "plan_assign" });
    },
  },
  "revenue:exportPurchases": {
    who: "admin",
    args: () => ({ ...page, ...window }),
    check: (r) => {
      fullPage(r);
      expect(list(r)[0]).toMatchObject({ email: CREATOR.email });
    },
  },
  "revenue:exportLedger": {
    who: "admin",
    args: () => ({ ...page, ...window }),
    check: (r) => {
      fullPage(r);
      expect(list(r)[0]).toMatchObject({ type: "grant" });
    },
  },
};

/** A seeded history plus what bounds its counter reads. */
type Measured = Seeded & {
  /** Counter shard documents: all videos, users, the FLASH model. */
  shards: { all: number; users: number; flash: number };
};

async function measureSeed(t: Backend, s: Seeded): Promise<Measured> {
  return await t.run(async (ctx) => {
    const statShards = async (key: string) =>
      (
        await ctx.db
          .query("statShards")
          .withIndex("by_key_and_shard", (q) => q.eq("key", key))
          .collect()
      ).length;
    const users = (
      await ctx.db
        .query("counterShards")
        .withIndex("by_name_and_shard", (q) => q.eq("name", "users"))
        .collect()
    ).length;
    return {
      ...s,
      shards: {
        all: await statShards(ALL_KEY),
        users,
        flash: await statShards(modelKey(FLASH)),
      },
    };
  });
}

const sizes: { size: number; s: Measured; t: Backend }[] = [];

beforeAll(async () => {
  vi.useFakeTimers();
  for (const size of [1, 4]) {
    const t = setup({ transactionLimits: true });
    sizes.push({ size, t, s: await measureSeed(t, await seed(t, size)) });
  }
}, 120_000);

/** Documents read per query at 1× and 4×, printed at the end. */
const reads: Record<string, [number, number]> = {};

afterAll(() => {
  console.log(
    `documents read (1× → 4×):\n${Object.entries(reads)
      .map(([name, [a, b]]) => `  ${name}: ${a} → ${b}`)
      .join("\n")}\nhistories: ${JSON.stringify(
      sizes.map(({ size, s }) => ({
        size,
        users: s.users,
        videos: s.videos,
        purchases: s.purchases,
        openDisputes: s.openDisputes,
        shards: s.shards,
      })),
    )}`,
  );
  vi.useRealTimers();
  delete process.env.STARTER_CREDITS;
  delete process.env.CIRCUIT_BREAKER_MIN_RUNS;
});

describe("every public query at two sizes", () => {
  test("each public query has a case here", () => {
    expect(publicQueries.length).toBeGreaterThan(50);
    expect(Object.keys(cases).sort()).toEqual(publicQueries);
  });

  test.each(publicQueries)("%s", async (name) => {
    const c = cases[name];
    expect(c, `no case for ${name}`).toBeDefined();
    // One after the other: `Date.now` is watched globally.
    const [small, large] = [
      await measure(sizes[0].t, c.who, name, c.args(sizes[0].s)),
      await measure(sizes[1].t, c.who, name, c.args(sizes[1].s)),
    ];
    reads[name] = [small.read, large.read];
    // (a) the right data for each history
    c.check(small.result, sizes[0].s);
    c.check(large.result, sizes[1].s);
    // no clock
    expect(small.clock + large.clock, "calls Date.now()").toBe(0);
    // (b) bounded reads
    const allowed =
      c.grows?.(large.result, small.result, sizes[1].s, sizes[0].s) ?? 0;
    expect(large.read, "documents read at 4×").toBeLessThanOrEqual(
      small.read + allowed,
    );
    if (c.max !== undefined) expect(large.read).toBeLessThanOrEqual(c.max);
  });
});
