/**
 * Internal jobs that apply dated catalogue changes (scheduled price changes,
 * sunsets) at their time, plus the cron's safety net. The public API for
 * them is in `models.ts` (`schedulePriceChange`, `cancelPriceChange`,
 * `updateModel({ sunsetAt, successorModelId })`).
 */
import { v } from "convex/values";
import { internalMutation } from "./_generated/server";
import {
  applyDuePriceChanges,
  applyDueSunsets,
  applyPriceChange as applyChange,
  applySunset as retireModel,
} from "./model/schedules";

/** Most overdue items the safety net applies per run (each kind). */
const SAFETY_NET_BATCH = 50;

/** Applies one scheduled price change at its time (no-op if not pending). */
export const applyPriceChange = internalMutation({
  args: { changeId: v.id("scheduledPriceChanges") },
  returns: v.boolean(),
  handler: async (ctx, { changeId }) => await applyChange(ctx, changeId),
});

/** Retires a model at its sunset (no-op if the sunset moved or was lifted). */
export const applySunset = internalMutation({
  args: { modelId: v.string(), sunsetAt: v.number() },
  returns: v.boolean(),
  handler: async (ctx, { modelId, sunsetAt }) =>
    await retireModel(ctx, modelId, sunsetAt),
});

/**
 * Cron: applies overdue price changes and sunsets whose scheduled function
 * never ran (e.g. lost in an incident). Bounded per run; the next run
 * continues.
 */
export const applyOverdue = internalMutation({
  args: {},
  returns: v.object({ priceChanges: v.number(), sunsets: v.number() }),
  handler: async (ctx) => ({
    priceChanges: await applyDuePriceChanges(ctx, SAFETY_NET_BATCH),
    sunsets: await applyDueSunsets(ctx, SAFETY_NET_BATCH),
  }),
});
