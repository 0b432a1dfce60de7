/**
 * Public pricing API (API-CONTRACT "Pricing"). Callable signed out.
 * Credits are integers; 1 credit = US$0.01.
 */
import { v } from "convex/values";
import { publicQuery } from "./functions";
import { AS_STORED } from "./lib/clock";
import { findUserByToken } from "./model/users";
import type { QueryCtx } from "./_generated/server";
import {
  comparisonRowValidator,
  modelWithCostsValidator,
  requestInputsValidator,
} from "./validators";
import {
  activeModelWithCosts,
  availableModelsWithCosts,
  pricingComparison,
  priceVideo,
} from "./model/pricing";

/** The signed-in caller's user record, or null (signed out, not stored yet). */
async function caller(
  ctx: QueryCtx & { identity: { tokenIdentifier: string } | null },
) {
  return ctx.identity === null
    ? null
    : await findUserByToken(ctx, ctx.identity.tokenIdentifier);
}

/**
 * `getCreditCost({ modelId, quality, duration, inputs?, outputs? })` → the
 * caller's integer credits for a video of `duration` seconds at `quality`:
 * ceil(price per second × duration × qualityMultiplier × every applying
 * price-modifier multiplier × outputs × plan multiplier × 100), exact (e.g.
 * $0.18/s × 5 s = 90). The price per second is the caller's override when
 * they have one, else an applying modifier's `costPerSecond`, else the
 * model's. Signed out, or without plan or override, it is the list price.
 * It is what `createVideo` charges the caller now.
 * @throws `MODEL_NOT_FOUND`, `MODEL_INACTIVE`, `UNSUPPORTED_DURATION`,
 *   `UNSUPPORTED_QUALITY`, `INVALID_ARGUMENT` (`field` `inputs.<name>` or
 *   `outputs`).
 */
export const getCreditCost = publicQuery({
  args: {
    modelId: v.string(),
    quality: v.string(),
    duration: v.number(),
    inputs: v.optional(requestInputsValidator),
    outputs: v.optional(v.number()),
  },
  returns: v.number(),
  handler: async (ctx, { modelId, quality, duration, inputs, outputs }) =>
    (
      await priceVideo(
        ctx,
        modelId,
        duration,
        quality,
        { inputs, outputs },
        await caller(ctx),
        AS_STORED,
      )
    ).credits,
});

/**
 * `getAvailableModels({})` → active models (default first, then by name),
 * each with `pricedQuality` (its first supported quality), `creditCosts:
 * [{ duration (s), credits }]` for every duration it accepts at the
 * caller's price, `access: { allowed, locked, unlockCredits?, source,
 * terms }` and `upcomingPrices` (scheduled prices at the caller's terms).
 */
export const getAvailableModels = publicQuery({
  args: {},
  returns: v.array(modelWithCostsValidator),
  handler: async (ctx) =>
    await availableModelsWithCosts(ctx, await caller(ctx)),
});

/**
 * `getModelForCreate({ modelId })` → one active model as in
 * `getAvailableModels` — the model document (inputs, price modifiers,
 * `pausedAt`, `sunsetAt`, scheduled prices) with `pricedQuality`,
 * `creditCosts: [{ duration (s), credits }]` at the caller's price, the
 * caller's `access` (allowed, locked, unlock price, terms) and
 * `upcomingPrices` — or null when it is unknown, inactive or deleted.
 * Signed out: list prices. The create page loads the chosen model's details
 * with this, so a price edit sends one model, not the list (ADR 0029).
 */
export const getModelForCreate = publicQuery({
  args: { modelId: v.string() },
  returns: v.union(modelWithCostsValidator, v.null()),
  handler: async (ctx, { modelId }) =>
    await activeModelWithCosts(ctx, modelId, await caller(ctx)),
});

/**
 * `getModelPricingComparison({ duration?, quality?, inputs?, outputs? })` →
 * rows `{ modelId, name, costPerSecond (US$), creditCost | null, duration,
 * quality, inputs, outputs, ... }` sorted by cost, nulls last, `creditCost`
 * at the caller's price (plus `access` and `upcoming` scheduled prices).
 * Without `duration`: each model's shortest duration; without `quality`:
 * "standard" or the model's first quality.
 *
 * `inputs` (creator inputs by name, issue 13's compare selector): each
 * model takes the ones it defines with a value its definition accepts
 * (echoed in the row's `inputs`) and is priced with them through the one
 * price function (price modifiers included); others are left at the
 * model's defaults. `outputs` (default 1) multiplies the price; a model
 * whose `maxOutputs` is lower gets `creditCost: null`. Never throws for a
 * combination a model cannot make.
 */
export const getModelPricingComparison = publicQuery({
  args: {
    duration: v.optional(v.number()),
    quality: v.optional(v.string()),
    inputs: v.optional(
      v.record(v.string(), v.union(v.string(), v.number(), v.boolean())),
    ),
    outputs: v.optional(v.number()),
  },
  returns: v.array(comparisonRowValidator),
  handler: async (ctx, { duration, quality, inputs, outputs }) =>
    await pricingComparison(ctx, duration, quality, await caller(ctx), {
      inputs,
      outputs,
    }),
});
