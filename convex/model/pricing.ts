/**
 * Pricing driven by the catalogue (seed 000 `convex/pricing.ts`; seed 004's
 * comparison table; API-CONTRACT "Pricing").
 */
import type { Doc } from "../_generated/dataModel";
import type { QueryCtx } from "../_generated/server";
import { fail } from "../lib/errors";
import {
  allowedDurations,
  checkCapabilities,
  creditCostFor,
  defaultQuality,
} from "../lib/modelRules";
import {
  outputsError,
  parseRequestInputs,
  type InputValue,
} from "../lib/modelInputs";
import { findModel, listActiveModels, requireUsableModel } from "./catalogue";

/**
 * Credits for a video of `duration` seconds at `quality` on a usable model,
 * with the creator's `inputs` and number of `outputs` (API-CONTRACT "Model
 * inputs and price modifiers"). The one place a quote or a charge is
 * composed: `getCreditCost`, `createVideo` and the forms all come here.
 * @returns the model, integer credits and the accepted input values.
 * @throws `MODEL_NOT_FOUND`, `MODEL_INACTIVE`, then `UNSUPPORTED_DURATION`
 *   or `UNSUPPORTED_QUALITY` (the first that applies; the message lists all),
 *   then `INVALID_ARGUMENT` with `field` `inputs.<name>`, then `outputs`.
 */
export async function priceVideo(
  ctx: QueryCtx,
  modelId: string,
  duration: number,
  quality: string,
  request: { inputs?: Record<string, unknown>; outputs?: number } = {},
): Promise<{
  model: Doc<"models">;
  credits: number;
  inputs: Record<string, InputValue>;
  outputs: number;
}> {
  const model = await requireUsableModel(ctx, modelId);
  const problems = checkCapabilities(model, duration, quality);
  if (problems.length > 0) {
    fail(problems[0].code, problems.map((p) => p.message).join(" "));
  }
  const parsed = parseRequestInputs(
    model.inputs,
    await resolveUploadedImages(ctx, model, request.inputs),
  );
  if (!parsed.ok) fail("INVALID_ARGUMENT", parsed.message, parsed.field);
  const outputs = request.outputs ?? 1;
  const outputsProblem = outputsError(model, outputs);
  if (outputsProblem !== null)
    fail("INVALID_ARGUMENT", outputsProblem, "outputs");
  return {
    model,
    credits: creditCostFor(model, duration, quality, {
      inputs: parsed.values,
      outputs,
    }),
    inputs: parsed.values,
    outputs,
  };
}

/**
 * Image inputs may name a file the creator uploaded to Convex file storage
 * (its storage id): it is replaced by its URL, which Replicate can fetch.
 * Any other value is left for validation.
 */
async function resolveUploadedImages(
  ctx: QueryCtx,
  model: Doc<"models">,
  inputs: Record<string, unknown> | undefined,
): Promise<Record<string, unknown> | undefined> {
  if (inputs === undefined) return undefined;
  const out = { ...inputs };
  for (const def of model.inputs ?? []) {
    const value = out[def.name];
    if (def.type !== "image" || typeof value !== "string") continue;
    const storageId = ctx.db.system.normalizeId("_storage", value);
    if (storageId === null) continue;
    const url = await ctx.storage.getUrl(storageId);
    if (url !== null) out[def.name] = url;
  }
  return out;
}

/** A model with its price for every duration it accepts. */
export type ModelWithCosts = Doc<"models"> & {
  /** The quality the costs are given at: the model's first supported one. */
  pricedQuality: string;
  creditCosts: { duration: number; credits: number }[];
};

/**
 * Active models, each with its credit cost for every allowed duration at its
 * first supported quality (API-CONTRACT `getAvailableModels`).
 */
export async function availableModelsWithCosts(
  ctx: QueryCtx,
): Promise<ModelWithCosts[]> {
  const models = await listActiveModels(ctx);
  return models.map(withCosts);
}

/** A model with its credit cost for every allowed duration at its first quality. */
export function withCosts(model: Doc<"models">): ModelWithCosts {
  const quality = model.supportedQualities[0];
  return {
    ...model,
    pricedQuality: quality,
    creditCosts: allowedDurations(model).map((duration) => ({
      duration,
      credits: creditCostFor(model, duration, quality),
    })),
  };
}

/**
 * One active model with its costs (the create page's selected model, loaded
 * on its own so a price edit re-sends one model, not the catalogue), or
 * null when it is unknown, inactive or deleted.
 */
export async function activeModelWithCosts(
  ctx: QueryCtx,
  modelId: string,
): Promise<ModelWithCosts | null> {
  const model = await findModel(ctx, modelId);
  if (model === null || !model.isActive || model.deletedAt !== undefined)
    return null;
  return withCosts(model);
}

/** What the create page's model picker lists per model (no prices). */
export type ModelChoice = Pick<
  Doc<"models">,
  | "modelId"
  | "name"
  | "provider"
  | "category"
  | "isDefault"
  | "isPremium"
  | "isDeprecated"
>;

/**
 * The active models as the picker lists them (default first, then by
 * name): identity and flags only, ~120 bytes a model, so prices and
 * capabilities can change without re-sending the list.
 */
export async function listModelChoices(ctx: QueryCtx): Promise<ModelChoice[]> {
  const models = await listActiveModels(ctx);
  return models.map((m) => ({
    modelId: m.modelId,
    name: m.name,
    provider: m.provider,
    ...(m.category === undefined ? {} : { category: m.category }),
    isDefault: m.isDefault,
    isPremium: m.isPremium,
    isDeprecated: m.isDeprecated,
  }));
}

/** One row of the comparison table. */
export type ComparisonRow = {
  modelId: string;
  name: string;
  provider: string;
  category?: string;
  isPremium: boolean;
  isDefault: boolean;
  isDeprecated: boolean;
  costPerSecond: number;
  /** The duration (s) and quality this row is priced at. */
  duration: number;
  quality: string;
  /** Null when the model cannot make that duration/quality. */
  creditCost: number | null;
  supportedDurations: number[];
  supportedQualities: string[];
  fixedDuration?: number;
  maxDuration?: number;
};

/**
 * Every active model priced at one duration and quality, cheapest first,
 * `null` costs last, ties by name (API-CONTRACT `getModelPricingComparison`).
 * Without `duration` a model is priced at its shortest allowed duration;
 * without `quality` at "standard", or its first quality when it lacks it.
 */
export async function pricingComparison(
  ctx: QueryCtx,
  duration: number | undefined,
  quality: string | undefined,
): Promise<ComparisonRow[]> {
  const models = await listActiveModels(ctx);
  const rows = models.map((model): ComparisonRow => {
    const d = duration ?? allowedDurations(model)[0];
    const q = quality ?? defaultQuality(model);
    const ok = checkCapabilities(model, d, q).length === 0;
    return {
      modelId: model.modelId,
      name: model.name,
      provider: model.provider,
      category: model.category,
      isPremium: model.isPremium,
      isDefault: model.isDefault,
      isDeprecated: model.isDeprecated,
      costPerSecond: model.costPerSecond,
      duration: d,
      quality: q,
      creditCost: ok ? creditCostFor(model, d, q) : null,
      supportedDurations: model.supportedDurations,
      supportedQualities: model.supportedQualities,
      fixedDuration: model.fixedDuration,
      maxDuration: model.maxDuration,
    };
  });
  // Ties by name in the same (code-unit) order as the catalogue index.
  const byName = (a: ComparisonRow, b: ComparisonRow) =>
    a.name < b.name ? -1 : a.name > b.name ? 1 : 0;
  return rows.sort((a, b) => {
    if (a.creditCost === null && b.creditCost === null) return byName(a, b);
    if (a.creditCost === null) return 1;
    if (b.creditCost === null) return -1;
    return a.creditCost - b.creditCost || byName(a, b);
  });
}
