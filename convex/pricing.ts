/**
 * Public pricing API (API-CONTRACT "Pricing"). Callable signed out.
 * Credits are integers; 1 credit = US$0.01.
 */
import { v } from "convex/values";
import { publicQuery } from "./functions";
import {
  availableModelsWithCosts,
  pricingComparison,
  priceVideo,
} from "./model/pricing";

/**
 * `getCreditCost({ modelId, quality, duration })` → integer credits for a
 * video of `duration` seconds at `quality`: ceil(costPerSecond × duration ×
 * qualityMultiplier × 100), exact (e.g. $0.18/s × 5 s = 90).
 * @throws `MODEL_NOT_FOUND`, `MODEL_INACTIVE`, `UNSUPPORTED_DURATION`,
 *   `UNSUPPORTED_QUALITY`.
 */
export const getCreditCost = publicQuery({
  args: { modelId: v.string(), quality: v.string(), duration: v.number() },
  returns: v.number(),
  handler: async (ctx, { modelId, quality, duration }) =>
    (await priceVideo(ctx, modelId, duration, quality)).credits,
});

/**
 * `getAvailableModels({})` → active models (default first, then by name),
 * each with `pricedQuality` (its first supported quality) and `creditCosts:
 * [{ duration (s), credits }]` for every duration it accepts.
 */
export const getAvailableModels = publicQuery({
  args: {},
  handler: async (ctx) => await availableModelsWithCosts(ctx),
});

/**
 * `getModelPricingComparison({ duration?, quality? })` → rows `{ modelId,
 * name, costPerSecond (US$), creditCost | null, duration, quality, ... }`
 * sorted by cost, nulls last. Without `duration`: each model's shortest
 * duration; without `quality`: "standard" or the model's first quality.
 */
export const getModelPricingComparison = publicQuery({
  args: { duration: v.optional(v.number()), quality: v.optional(v.string()) },
  handler: async (ctx, { duration, quality }) =>
    await pricingComparison(ctx, duration, quality),
});
