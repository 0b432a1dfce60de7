/**
 * Scheduled prices and sunsets at their edges (model/schedules.ts): the cap
 * on pending changes, a job that fires early or after a cancel, a change
 * whose model is gone, and sunsets that must not retire a model (inactive,
 * no sunset, moved, unknown). Fake time; jobs run only when called.
 */
import { afterEach, beforeEach, describe, expect, test, vi } from "vitest";
import { MAX_PENDING_CHANGES } from "./model/schedules";
import {
  ADMIN,
  api,
  errorData,
  internal,
  setupWithDefaults,
} from "./test.setup";

const HOUR = 3_600_000;
const NOW = Date.UTC(2026, 10, 15, 12, 0, 0);
const MODEL = "luma/ray-2-720p";

beforeEach(() => {
  vi.useFakeTimers();
  vi.setSystemTime(NOW);
});
afterEach(() => {
  vi.useRealTimers();
});

const priceOf = async (t: Awaited<ReturnType<typeof setupWithDefaults>>) =>
  (await t.query(api.models.getModelById, { modelId: MODEL }))!.costPerSecond;

describe("scheduled price changes", () => {
  test(`at most ${MAX_PENDING_CHANGES} pending changes per model`, async () => {
    const t = await setupWithDefaults();
    const admin = t.withIdentity(ADMIN);
    for (let i = 1; i <= MAX_PENDING_CHANGES; i++)
      await admin.mutation(api.models.schedulePriceChange, {
        modelId: MODEL,
        costPerSecond: (10 + i) / 100,
        effectiveAt: NOW + i * HOUR,
      });
    expect(
      await errorData(
        admin.mutation(api.models.schedulePriceChange, {
          modelId: MODEL,
          costPerSecond: 0.5,
          effectiveAt: NOW + 99 * HOUR,
        }),
      ),
    ).toEqual({
      code: "INVALID_ARGUMENT",
      message: `A model can have at most ${MAX_PENDING_CHANGES} pending price changes.`,
    });
    const model = await t.query(api.models.getModelById, { modelId: MODEL });
    expect(model!.scheduledPriceChanges).toHaveLength(MAX_PENDING_CHANGES);
  });

  test("a job that fires before its time, or after a cancel, changes nothing", async () => {
    const t = await setupWithDefaults();
    const admin = t.withIdentity(ADMIN);
    const before = await priceOf(t);
    const changeId = await admin.mutation(api.models.schedulePriceChange, {
      modelId: MODEL,
      costPerSecond: 0.3,
      effectiveAt: NOW + HOUR,
    });
    expect(
      await t.mutation(internal.schedules.applyPriceChange, { changeId }),
    ).toBe(false);
    expect(await priceOf(t)).toBe(before);
    await admin.mutation(api.models.cancelPriceChange, { changeId });
    vi.setSystemTime(NOW + 2 * HOUR);
    expect(
      await t.mutation(internal.schedules.applyPriceChange, { changeId }),
    ).toBe(false);
    expect(await priceOf(t)).toBe(before);
    // The cron finds nothing overdue either.
    expect(await t.mutation(internal.schedules.applyOverdue, {})).toEqual({
      priceChanges: 0,
      sunsets: 0,
    });
    expect(await priceOf(t)).toBe(before);
  });

  test("a change whose model has gone is marked applied without touching anything else", async () => {
    const t = await setupWithDefaults();
    const changeId = await t
      .withIdentity(ADMIN)
      .mutation(api.models.schedulePriceChange, {
        modelId: MODEL,
        costPerSecond: 0.3,
        effectiveAt: NOW + HOUR,
      });
    await t.run(async (ctx) => {
      const model = await ctx.db
        .query("models")
        .withIndex("by_modelId", (q) => q.eq("modelId", MODEL))
        .unique();
      await ctx.db.delete("models", model!._id);
    });
    vi.setSystemTime(NOW + HOUR);
    expect(
      await t.mutation(internal.schedules.applyPriceChange, { changeId }),
    ).toBe(true);
    const change = await t.run((ctx) =>
      ctx.db.get("scheduledPriceChanges", changeId),
    );
    expect(change).toMatchObject({ status: "applied", appliedAt: NOW + HOUR });
  });
});

describe("sunsets", () => {
  test("only an active model whose sunset has come, at the time the job was set for, retires", async () => {
    const t = await setupWithDefaults();
    const admin = t.withIdentity(ADMIN);
    const sunset = (modelId: string, sunsetAt: number) =>
      t.mutation(internal.schedules.applySunset, { modelId, sunsetAt });
    // The stored flag (the public view already counts a model past its
    // sunset as inactive).
    const active = async (modelId: string) =>
      await t.run(async (ctx) => {
        const model = await ctx.db
          .query("models")
          .withIndex("by_modelId", (q) => q.eq("modelId", modelId))
          .unique();
        return model!.isActive;
      });

    // No sunset set, and an unknown model.
    expect(await sunset(MODEL, NOW)).toBe(false);
    expect(await sunset("acme/none", NOW)).toBe(false);
    expect(await active(MODEL)).toBe(true);

    await admin.mutation(api.models.updateModel, {
      modelId: MODEL,
      sunsetAt: NOW + HOUR,
    });
    // Too early.
    expect(await sunset(MODEL, NOW + HOUR)).toBe(false);
    vi.setSystemTime(NOW + HOUR);
    // A job for a sunset that has since moved.
    expect(await sunset(MODEL, NOW + 30 * 60_000)).toBe(false);
    expect(await active(MODEL)).toBe(true);
    expect(await sunset(MODEL, NOW + HOUR)).toBe(true);
    expect(await active(MODEL)).toBe(false);
    // Already retired: nothing more, and no second audit entry.
    expect(await sunset(MODEL, NOW + HOUR)).toBe(false);
    const trail = await admin.query(api.models.getModelAuditTrail, {
      modelId: MODEL,
      paginationOpts: { numItems: 20, cursor: null },
    });
    expect(trail.page.filter((e) => e.action === "sunset")).toHaveLength(1);
  });
});
