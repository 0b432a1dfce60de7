/**
 * Model health without a Replicate (model/health.ts): the breaker's
 * settings from the environment, the cheapest settings a test run uses,
 * which finished videos count towards the breaker, what a failed test run
 * does, and the health report's test runs. Fake timers: nothing scheduled
 * runs; each test drives the lifecycle steps itself.
 */
import { afterEach, beforeEach, describe, expect, test, vi } from "vitest";
import type { Doc, Id } from "./_generated/dataModel";
import { breakerSettings, cheapestSettings } from "./model/health";
import {
  ADMIN,
  api,
  CREATOR,
  errorData,
  internal,
  ledgerOf,
  setupWithDefaults,
} from "./test.setup";

type T = Awaited<ReturnType<typeof setupWithDefaults>>;
const MODEL = "luma/ray-flash-2-540p";

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
  delete process.env.CIRCUIT_BREAKER_MIN_RUNS;
  delete process.env.CIRCUIT_BREAKER_FAILURE_RATE;
});

describe("breaker settings", () => {
  test("defaults: half of at least 5 runs", () => {
    expect(breakerSettings()).toEqual({ failureRate: 0.5, minRuns: 5 });
  });

  test("valid settings are used; nonsense falls back to the defaults", () => {
    process.env.CIRCUIT_BREAKER_FAILURE_RATE = "0.25";
    process.env.CIRCUIT_BREAKER_MIN_RUNS = "3";
    expect(breakerSettings()).toEqual({ failureRate: 0.25, minRuns: 3 });
    for (const [rate, runs] of [
      ["0", "0"],
      ["1.5", "2.5"],
      ["abc", "-1"],
      ["", "x"],
    ]) {
      process.env.CIRCUIT_BREAKER_FAILURE_RATE = rate;
      process.env.CIRCUIT_BREAKER_MIN_RUNS = runs;
      expect(breakerSettings()).toEqual({ failureRate: 0.5, minRuns: 5 });
    }
    process.env.CIRCUIT_BREAKER_FAILURE_RATE = "1";
    expect(breakerSettings().failureRate).toBe(1);
  });
});

describe("cheapest settings", () => {
  const base = {
    costPerSecond: 0.1,
    supportedDurations: [9, 5, 7],
    supportedQualities: ["hd", "standard", "draft"],
    qualityMultipliers: { hd: 2, draft: 0.5 },
  } as unknown as Doc<"models">;

  test("shortest allowed duration, cheapest quality, no inputs without modifiers", () => {
    expect(cheapestSettings(base)).toEqual({
      duration: 5,
      quality: "draft",
      inputs: {},
    });
    expect(
      cheapestSettings({ ...base, fixedDuration: 9 } as Doc<"models">),
    ).toMatchObject({ duration: 9 });
  });

  test("per priced input, the value that costs least: enum options, booleans, listed numbers", () => {
    const model = {
      ...base,
      inputs: [
        { name: "ratio", type: "enum", options: ["16:9", "9:16", "1:1"] },
        { name: "audio", type: "boolean", default: true },
        { name: "steps", type: "integer", min: 1, max: 100 },
      ],
      priceModifiers: [
        { input: "ratio", value: "16:9", multiplier: 1.5 },
        { input: "ratio", value: "9:16", multiplier: 1.2 },
        { input: "audio", value: true, costPerSecond: 0.3 },
        { input: "steps", value: 50, multiplier: 2 },
        { input: "steps", value: 10, multiplier: 1.1 },
        // A modifier on an input the model no longer exposes is ignored.
        { input: "gone", value: "x", multiplier: 0.1 },
      ],
    } as unknown as Doc<"models">;
    expect(cheapestSettings(model)).toEqual({
      duration: 5,
      quality: "draft",
      // 1:1 has no multiplier; audio off avoids $0.30/s; 10 steps ×1.1 < ×2.
      inputs: { ratio: "1:1", audio: false, steps: 10 },
    });
  });
});

async function withCreator() {
  const t = await setupWithDefaults();
  await t.withIdentity(CREATOR).mutation(api.users.store, {});
  await t.withIdentity(ADMIN).mutation(api.users.store, {});
  await t.withIdentity(ADMIN).mutation(api.credits.grantCredits, {
    email: CREATOR.email,
    amount: 1000,
    reason: "budget",
  });
  return t;
}

let predictions = 0;
async function creatorVideo(t: T): Promise<Id<"videos">> {
  const videoId = await t
    .withIdentity(CREATOR)
    .mutation(api.videos.createVideo, {
      prompt: "health",
      model: MODEL,
      duration: 5,
      quality: "standard",
    });
  await t.mutation(internal.predictions.recordPredictionCreated, {
    videoId,
    prediction: { id: `pred_h${++predictions}`, status: "starting" },
  });
  return videoId;
}
const pausedAt = async (t: T) =>
  (await t.query(api.models.getModelById, { modelId: MODEL }))!.pausedAt;

describe("what trips the breaker", () => {
  test("cancellations do not count; the failures that reach the threshold pause the model once", async () => {
    process.env.CIRCUIT_BREAKER_MIN_RUNS = "2";
    const t = await withCreator();
    for (let i = 0; i < 3; i++) {
      const id = await creatorVideo(t);
      await t.withIdentity(CREATOR).mutation(api.videos.cancelVideo, {
        videoId: id,
      });
    }
    expect(await pausedAt(t)).toBeUndefined();
    const first = await creatorVideo(t);
    await t.mutation(internal.predictions.failVideo, {
      videoId: first,
      error: "GPU fell over",
    });
    // One judged run is below the minimum of 2.
    expect(await pausedAt(t)).toBeUndefined();
    const second = await creatorVideo(t);
    const third = await creatorVideo(t);
    await t.mutation(internal.predictions.failVideo, {
      videoId: second,
      error: "GPU fell over",
    });
    const paused = await pausedAt(t);
    expect(paused).toBe(Date.now());
    // Already paused: a later failure does not pause (or audit) it again.
    vi.setSystemTime(Date.now() + 1000);
    await t.mutation(internal.predictions.failVideo, {
      videoId: third,
      error: "GPU fell over",
    });
    expect(await pausedAt(t)).toBe(paused);
    const trail = await t
      .withIdentity(ADMIN)
      .query(api.models.getModelAuditTrail, {
        modelId: MODEL,
        paginationOpts: { numItems: 10, cursor: null },
      });
    expect(
      trail.page.filter((e) => e.actor === "circuit-breaker"),
    ).toHaveLength(1);
    // Every failed or canceled video was refunded.
    const ledger = await ledgerOf(t, CREATOR.email);
    expect(ledger.entries.filter((e) => e.type === "refund")).toHaveLength(6);
  });

  test("a failed test run neither resumes the model nor counts towards the breaker; the report lists it with its error", async () => {
    process.env.CIRCUIT_BREAKER_MIN_RUNS = "1";
    const t = await withCreator();
    const admin = t.withIdentity(ADMIN);
    const run = await admin.mutation(api.registry.startTestRun, {
      modelId: MODEL,
    });
    await t.mutation(internal.predictions.failVideo, {
      videoId: run,
      error: "Out of memory",
    });
    expect(await pausedAt(t)).toBeUndefined();

    const failed = await creatorVideo(t);
    await t.mutation(internal.predictions.failVideo, {
      videoId: failed,
      error: "Out of memory",
    });
    expect(await pausedAt(t)).toBeTypeOf("number");

    vi.setSystemTime(Date.now() + 1000);
    const second = await admin.mutation(api.registry.startTestRun, {
      modelId: MODEL,
    });
    await t.mutation(internal.predictions.failVideo, {
      videoId: second,
      error: "Still out of memory",
    });
    const health = await admin.query(api.registry.getModelHealth, {
      modelId: MODEL,
      asOf: Date.now(),
    });
    expect(health.pauseReason).toMatch(/Circuit breaker: 1 of the last 1/);
    expect(health.testRuns).toEqual([
      {
        _id: second,
        status: "failed",
        createdAt: Date.now(),
        duration: 5,
        quality: "standard",
        error: "Still out of memory",
      },
      expect.objectContaining({ _id: run, error: "Out of memory" }),
    ]);
    // The report shows every run at Replicate, test runs included (the
    // breaker above judged the creators' one run only).
    expect(health.hour).toMatchObject({
      finished: 3,
      failed: 3,
      succeeded: 0,
      successRate: 0,
      p95Seconds: null,
    });
  });

  test("a video of a model no longer in the catalogue still fails and refunds", async () => {
    const t = await withCreator();
    const userId = await t.run(async (ctx) => {
      const user = await ctx.db
        .query("users")
        .withIndex("by_emailLower", (q) => q.eq("emailLower", CREATOR.email))
        .unique();
      return user!._id;
    });
    const videoId = await creatorVideo(t);
    await t.run(async (ctx) => {
      const model = await ctx.db
        .query("models")
        .withIndex("by_modelId", (q) => q.eq("modelId", MODEL))
        .unique();
      await ctx.db.delete("models", model!._id);
    });
    const before = (await ledgerOf(t, CREATOR.email)).balance;
    await t.mutation(internal.predictions.failVideo, {
      videoId,
      error: "gone",
    });
    const video = await t.run((ctx) => ctx.db.get("videos", videoId));
    expect(video).toMatchObject({ status: "failed", refunded: true, userId });
    expect((await ledgerOf(t, CREATOR.email)).balance).toBe(
      before + video!.creditsCost,
    );
  });
});

describe("test runs", () => {
  test("of a deleted model are INVALID_STATE, of an unknown one MODEL_NOT_FOUND", async () => {
    const t = await withCreator();
    const admin = t.withIdentity(ADMIN);
    await admin.mutation(api.models.deleteModel, { modelId: MODEL });
    expect(
      await errorData(
        admin.mutation(api.registry.startTestRun, { modelId: MODEL }),
      ),
    ).toMatchObject({
      code: "INVALID_STATE",
      message: expect.stringMatching(/deleted; restore it first/),
    });
    expect(
      (
        await errorData(
          admin.mutation(api.registry.startTestRun, { modelId: "acme/none" }),
        )
      ).code,
    ).toBe("MODEL_NOT_FOUND");
    expect(
      (
        await errorData(
          t
            .withIdentity(CREATOR)
            .mutation(api.registry.startTestRun, { modelId: MODEL }),
        )
      ).code,
    ).toBe("FORBIDDEN");
  });

  test("resuming a model that is not paused changes nothing and audits nothing", async () => {
    const t = await withCreator();
    const admin = t.withIdentity(ADMIN);
    const trail = async () =>
      (
        await admin.query(api.models.getModelAuditTrail, {
          modelId: MODEL,
          paginationOpts: { numItems: 10, cursor: null },
        })
      ).page.length;
    const before = await trail();
    await admin.mutation(api.registry.resumeModel, { modelId: MODEL });
    expect(await trail()).toBe(before);
  });
});
