/**
 * The create page's lean queries (ADR 0029): the picker's list carries the
 * caller's lock state and the paused flag but no prices, so a price edit
 * leaves it unchanged; the chosen model's details carry the caller's price,
 * access, inputs and pause.
 */
import { afterEach, beforeEach, expect, test, vi } from "vitest";
import { ADMIN, api, CREATOR, setupWithDefaults } from "./test.setup";

beforeEach(() => {
  vi.useFakeTimers();
  vi.setSystemTime(Date.UTC(2026, 10, 15, 12, 0, 0));
});
afterEach(() => {
  vi.useRealTimers();
});

const VEO = "google/veo-3";
const LUMA = "luma/ray-2-720p";

test("the picker list marks the caller's locks and pauses, and a price edit leaves it unchanged", async () => {
  const t = await setupWithDefaults();
  const admin = t.withIdentity(ADMIN);
  const creator = t.withIdentity(CREATOR);
  await creator.mutation(api.users.store, {});
  await admin.mutation(api.models.updateModel, {
    modelId: VEO,
    unlockCredits: 250,
  });
  await t.run(async (ctx) => {
    const luma = await ctx.db
      .query("models")
      .withIndex("by_modelId", (q) => q.eq("modelId", LUMA))
      .unique();
    await ctx.db.patch("models", luma!._id, {
      pausedAt: Date.now(),
      pauseReason: "test",
    });
  });
  const list = await creator.query(api.models.listModelChoices, {});
  const veo = list.find((m) => m.modelId === VEO)!;
  expect(veo.access).toEqual({
    allowed: true,
    locked: true,
    unlockCredits: 250,
  });
  expect(list.find((m) => m.modelId === LUMA)!.paused).toBe(true);
  // Unrestricted, running models carry neither.
  const plain = list.filter((m) => m.modelId !== VEO && m.modelId !== LUMA);
  expect(plain.length).toBeGreaterThan(0);
  for (const m of plain) {
    expect(m).not.toHaveProperty("access");
    expect(m).not.toHaveProperty("paused");
  }
  // No prices in the list: a price edit does not change it.
  expect(JSON.stringify(list)).not.toContain("costPerSecond");
  await admin.mutation(api.models.updateModel, {
    modelId: VEO,
    costPerSecond: 1.23,
  });
  expect(await creator.query(api.models.listModelChoices, {})).toEqual(list);

  // The chosen model's details: the caller's price, access, inputs, pause.
  const details = await creator.query(api.pricing.getModelForCreate, {
    modelId: VEO,
  });
  expect(details).toMatchObject({
    modelId: VEO,
    costPerSecond: 1.23,
    access: { allowed: true, locked: true, unlockCredits: 250 },
  });
  expect(details!.creditCosts.length).toBeGreaterThan(0);
  const luma = await creator.query(api.pricing.getModelForCreate, {
    modelId: LUMA,
  });
  expect(luma!.pausedAt).toBeTypeOf("number");
  expect(Array.isArray(luma!.inputs ?? [])).toBe(true);
  expect(
    await creator.query(api.pricing.getModelForCreate, { modelId: "x/y" }),
  ).toBeNull();
});

test("a plan that excludes a model shows it as not allowed, at the plan's price for the rest", async () => {
  const t = await setupWithDefaults();
  const admin = t.withIdentity(ADMIN);
  const creator = t.withIdentity(CREATOR);
  await creator.mutation(api.users.store, {});
  await admin.mutation(api.plans.createPlan, {
    planId: "luma-only",
    name: "Luma only",
    allowedModelIds: [LUMA],
    priceMultiplier: 1.5,
  });
  await admin.mutation(api.plans.assignPlan, {
    email: CREATOR.email,
    planId: "luma-only",
  });
  const list = await creator.query(api.models.listModelChoices, {});
  expect(list.find((m) => m.modelId === VEO)!.access).toMatchObject({
    allowed: false,
  });
  expect(list.find((m) => m.modelId === LUMA)).not.toHaveProperty("access");
  // Signed out: the list price and no locks.
  const signedOut = await t.query(api.models.listModelChoices, {});
  expect(signedOut.every((m) => m.access === undefined)).toBe(true);
  const mine = await creator.query(api.pricing.getModelForCreate, {
    modelId: LUMA,
  });
  const list_ = await t.query(api.pricing.getModelForCreate, { modelId: LUMA });
  // Luma 5 s at list price is 90 credits; the plan's ×1.5 makes it 135.
  expect(list_!.creditCosts.find((c) => c.duration === 5)!.credits).toBe(90);
  expect(mine!.creditCosts.find((c) => c.duration === 5)!.credits).toBe(135);
});
