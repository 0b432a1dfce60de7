/**
 * Scheduled price changes and sunsets (API-CONTRACT "Scheduled prices and
 * sunsets"), with fake time: applied on time by the scheduler, audited,
 * cancelable before, never repricing a video, and the cron's safety net.
 */
import { afterEach, beforeEach, describe, expect, test, vi } from "vitest";
import {
  ADMIN,
  api,
  CREATOR,
  errorData,
  internal,
  setupWithDefaults,
} from "./test.setup";

const HOUR = 3_600_000;

beforeEach(() => {
  vi.useFakeTimers();
  vi.setSystemTime(Date.UTC(2026, 10, 15, 12, 0, 0));
});
afterEach(() => {
  vi.useRealTimers();
});

const LUMA = { modelId: "luma/ray-2-720p", duration: 5, quality: "standard" };

async function setup() {
  const t = await setupWithDefaults();
  const admin = t.withIdentity(ADMIN);
  const creator = t.withIdentity(CREATOR);
  await creator.mutation(api.users.store, {});
  return { t, admin, creator };
}

/** Runs the scheduled functions due by now + `ms` (nothing else is queued). */
async function advance(t: Awaited<ReturnType<typeof setup>>["t"], ms: number) {
  vi.advanceTimersByTime(ms);
  await t.finishInProgressScheduledFunctions();
}

describe("scheduled price changes", () => {
  test("admin only; a future time and a valid price", async () => {
    const { admin, creator } = await setup();
    const change = {
      modelId: "luma/ray-2-720p",
      costPerSecond: 0.2,
      effectiveAt: Date.now() + HOUR,
    };
    expect(
      (
        await errorData(
          creator.mutation(api.models.schedulePriceChange, change),
        )
      ).code,
    ).toBe("FORBIDDEN");
    expect(
      await errorData(
        admin.mutation(api.models.schedulePriceChange, {
          ...change,
          effectiveAt: Date.now() - 1,
        }),
      ),
    ).toMatchObject({ code: "INVALID_ARGUMENT", field: "effectiveAt" });
    expect(
      await errorData(
        admin.mutation(api.models.schedulePriceChange, {
          ...change,
          costPerSecond: 0.12345,
        }),
      ),
    ).toMatchObject({ code: "INVALID_ARGUMENT", field: "costPerSecond" });
    expect(
      (
        await errorData(
          admin.mutation(api.models.schedulePriceChange, {
            ...change,
            modelId: "x/y",
          }),
        )
      ).code,
    ).toBe("MODEL_NOT_FOUND");
  });

  test("shown in advance, applied at its time, audited, never repricing a video", async () => {
    const { t, admin, creator } = await setup();
    const effectiveAt = Date.now() + HOUR;
    const changeId = await admin.mutation(api.models.schedulePriceChange, {
      modelId: "luma/ray-2-720p",
      costPerSecond: 0.2,
      effectiveAt,
    });
    const model = await t.query(api.models.getModelById, {
      modelId: "luma/ray-2-720p",
    });
    expect(model?.costPerSecond).toBe(0.18);
    expect(model?.scheduledPriceChanges).toEqual([
      { changeId, costPerSecond: 0.2, effectiveAt },
    ]);
    const untouched = await t.query(api.models.getModelById, {
      modelId: "google/veo-3",
    });
    expect(untouched?.scheduledPriceChanges).toEqual([]);
    // Creators see the upcoming price at their terms.
    const rows = await creator.query(api.pricing.getModelPricingComparison, {
      duration: 5,
    });
    expect(rows.find((r) => r.modelId === "luma/ray-2-720p")).toMatchObject({
      creditCost: 90,
      upcoming: [{ effectiveAt, creditCost: 100 }],
    });
    const listed = await creator.query(api.pricing.getAvailableModels, {});
    expect(
      listed.find((m) => m.modelId === "luma/ray-2-720p")!.upcomingPrices,
    ).toEqual([
      {
        effectiveAt,
        costPerSecond: 0.2,
        creditCosts: [
          { duration: 5, credits: 100 },
          { duration: 9, credits: 180 },
        ],
      },
    ]);

    // A video made before keeps its price. (Its prediction start is
    // scheduled too; with no Replicate token it fails and is refunded,
    // which does not touch creditsCost.)
    const before = await creator.mutation(api.videos.createVideo, {
      prompt: "before",
      model: "luma/ray-2-720p",
      duration: 5,
      quality: "standard",
    });
    await advance(t, HOUR - 1000);
    expect(await t.query(api.pricing.getCreditCost, LUMA)).toBe(90);
    await advance(t, 1000);
    const after = await t.query(api.models.getModelById, {
      modelId: "luma/ray-2-720p",
    });
    expect(after?.costPerSecond).toBe(0.2);
    expect(after?.scheduledPriceChanges).toEqual([]);
    expect(await t.query(api.pricing.getCreditCost, LUMA)).toBe(100);
    expect(
      (await creator.query(api.videos.getVideo, { videoId: before }))
        ?.creditsCost,
    ).toBe(90);

    const trail = await admin.query(api.models.getModelAuditTrail, {
      modelId: "luma/ray-2-720p",
      paginationOpts: { numItems: 5, cursor: null },
    });
    expect(trail.page.slice(0, 2).map((e) => [e.action, e.actor])).toEqual([
      ["apply_price", "scheduler"],
      ["schedule_price", ADMIN.email],
    ]);
    expect(
      (
        await errorData(
          admin.mutation(api.models.cancelPriceChange, { changeId }),
        )
      ).code,
    ).toBe("INVALID_STATE");
  });

  test("canceled before its time it never applies; unknown ids are NOT_FOUND", async () => {
    const { t, admin } = await setup();
    const changeId = await admin.mutation(api.models.schedulePriceChange, {
      modelId: "luma/ray-2-720p",
      costPerSecond: 0.3,
      effectiveAt: Date.now() + HOUR,
    });
    await admin.mutation(api.models.cancelPriceChange, { changeId });
    expect(
      (
        await errorData(
          admin.mutation(api.models.cancelPriceChange, { changeId }),
        )
      ).code,
    ).toBe("INVALID_STATE");
    expect(
      (
        await errorData(
          admin.mutation(api.models.cancelPriceChange, { changeId: "nope" }),
        )
      ).code,
    ).toBe("NOT_FOUND");
    await advance(t, 2 * HOUR);
    await t.mutation(internal.schedules.applyOverdue, {});
    const model = await t.query(api.models.getModelById, {
      modelId: "luma/ray-2-720p",
    });
    expect(model?.costPerSecond).toBe(0.18);
    expect(model?.scheduledPriceChanges).toEqual([]);
  });

  test("a due change is charged at once, and the cron applies one whose job was lost", async () => {
    const { t, admin, creator } = await setup();
    await admin.mutation(api.models.schedulePriceChange, {
      modelId: "luma/ray-2-720p",
      costPerSecond: 0.2,
      effectiveAt: Date.now() + HOUR,
    });
    // Time passes but the scheduled function does not run (lost job).
    vi.setSystemTime(Date.now() + HOUR + 1);
    // A charge uses the announced price at once...
    const videoId = await creator.mutation(api.videos.createVideo, {
      prompt: "charged at the new price",
      model: LUMA.modelId,
      duration: LUMA.duration,
      quality: LUMA.quality,
    });
    expect(
      (await t.run((ctx) => ctx.db.get("videos", videoId)))?.creditsCost,
    ).toBe(100);
    // ...while queries show the stored price until a job writes the new one
    // (queries do not read the clock: convex/lib/clock.ts).
    expect(await creator.query(api.pricing.getCreditCost, LUMA)).toBe(90);
    const listed = async () =>
      (await t.query(api.models.getModelById, { modelId: "luma/ray-2-720p" }))
        ?.costPerSecond;
    expect(await listed()).toBe(0.18);
    expect(await t.mutation(internal.schedules.applyOverdue, {})).toEqual({
      priceChanges: 1,
      sunsets: 0,
    });
    expect(await t.mutation(internal.schedules.applyOverdue, {})).toEqual({
      priceChanges: 0,
      sunsets: 0,
    });
    expect(await listed()).toBe(0.2);
    expect(await creator.query(api.pricing.getCreditCost, LUMA)).toBe(100);
    const stored = await t.run(async (ctx) =>
      ctx.db
        .query("models")
        .withIndex("by_modelId", (q) => q.eq("modelId", "luma/ray-2-720p"))
        .unique(),
    );
    expect(stored?.costPerSecond).toBe(0.2);
  });
});

describe("sunsets", () => {
  test("sunsetAt in the future and a known successor", async () => {
    const { admin } = await setup();
    expect(
      await errorData(
        admin.mutation(api.models.updateModel, {
          modelId: "luma/ray-flash-2-540p",
          sunsetAt: Date.now() - 1,
        }),
      ),
    ).toMatchObject({ code: "INVALID_ARGUMENT", field: "sunsetAt" });
    expect(
      await errorData(
        admin.mutation(api.models.updateModel, {
          modelId: "luma/ray-flash-2-540p",
          successorModelId: "x/y",
        }),
      ),
    ).toMatchObject({ code: "INVALID_ARGUMENT", field: "successorModelId" });
    expect(
      await errorData(
        admin.mutation(api.models.updateModel, {
          modelId: "luma/ray-flash-2-540p",
          successorModelId: "luma/ray-flash-2-540p",
        }),
      ),
    ).toMatchObject({ code: "INVALID_ARGUMENT", field: "successorModelId" });
  });

  test("at sunsetAt the default retires by itself and its successor becomes the default", async () => {
    const { t, admin, creator } = await setup();
    const sunsetAt = Date.now() + 2 * HOUR;
    await admin.mutation(api.models.updateModel, {
      modelId: "luma/ray-flash-2-540p",
      sunsetAt,
      successorModelId: "luma/ray-2-720p",
    });
    const rows = await creator.query(api.pricing.getModelPricingComparison, {});
    expect(
      rows.find((r) => r.modelId === "luma/ray-flash-2-540p"),
    ).toMatchObject({ sunsetAt, successorModelId: "luma/ray-2-720p" });
    await creator.mutation(api.videos.createVideo, {
      prompt: "before the sunset",
      model: "luma/ray-flash-2-540p",
      duration: 5,
      quality: "standard",
    });
    await advance(t, 2 * HOUR);
    const retired = await t.query(api.models.getModelById, {
      modelId: "luma/ray-flash-2-540p",
    });
    expect(retired).toMatchObject({ isActive: false, isDefault: false });
    expect((await t.query(api.models.getDefaultModel, {}))?.modelId).toBe(
      "luma/ray-2-720p",
    );
    expect(
      (
        await errorData(
          creator.mutation(api.videos.createVideo, {
            prompt: "after",
            model: "luma/ray-flash-2-540p",
            duration: 5,
            quality: "standard",
          }),
        )
      ).code,
    ).toBe("MODEL_INACTIVE");
    const trail = await admin.query(api.models.getModelAuditTrail, {
      modelId: "luma/ray-flash-2-540p",
      paginationOpts: { numItems: 5, cursor: null },
    });
    expect(trail.page[0]).toMatchObject({
      action: "sunset",
      actor: "scheduler",
    });
    const successorTrail = await admin.query(api.models.getModelAuditTrail, {
      modelId: "luma/ray-2-720p",
      paginationOpts: { numItems: 5, cursor: null },
    });
    expect(successorTrail.page[0]).toMatchObject({ action: "sunset" });
    expect(
      (await t.query(api.models.getActiveModels, {})).map((m) => m.modelId),
    ).toEqual(["luma/ray-2-720p", "google/veo-3"]);
  });

  test("a moved sunset ignores the old job; a lost job is caught by the cron", async () => {
    const { t, admin } = await setup();
    await admin.mutation(api.models.updateModel, {
      modelId: "google/veo-3",
      sunsetAt: Date.now() + HOUR,
    });
    await admin.mutation(api.models.updateModel, {
      modelId: "google/veo-3",
      sunsetAt: Date.now() + 3 * HOUR,
    });
    await advance(t, HOUR);
    expect(
      (await t.query(api.models.getModelById, { modelId: "google/veo-3" }))
        ?.isActive,
    ).toBe(true);
    // Past the new sunset without its job: a charge already counts it as
    // retired; queries list it until the cron switches it off.
    vi.setSystemTime(Date.now() + 2 * HOUR + 1);
    const active = async () =>
      (await t.query(api.models.getActiveModels, {})).map((m) => m.modelId);
    expect(await active()).toContain("google/veo-3");
    expect(
      (
        await errorData(
          t.withIdentity(CREATOR).mutation(api.videos.createVideo, {
            prompt: "too late",
            model: "google/veo-3",
            duration: 8,
            quality: "standard",
          }),
        )
      ).code,
    ).toBe("MODEL_INACTIVE");
    expect(await t.mutation(internal.schedules.applyOverdue, {})).toEqual({
      priceChanges: 0,
      sunsets: 1,
    });
    expect(await active()).not.toContain("google/veo-3");
    // Switching it back on lifts the past sunset.
    await admin.mutation(api.models.updateModel, {
      modelId: "google/veo-3",
      isActive: true,
    });
    expect(await t.mutation(internal.schedules.applyOverdue, {})).toEqual({
      priceChanges: 0,
      sunsets: 0,
    });
    const veo = await t.query(api.models.getModelById, {
      modelId: "google/veo-3",
    });
    expect(veo).toMatchObject({ isActive: true });
    expect(veo?.sunsetAt).toBeUndefined();
  });
});
