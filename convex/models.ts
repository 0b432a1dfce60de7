/**
 * Public model-catalogue API (seed 000 `convex/models.ts`; API-CONTRACT
 * "Models"). Queries are callable signed out; mutations need an admin and
 * throw `UNAUTHENTICATED` signed out, `FORBIDDEN` for non-admins.
 * Money: `costPerSecond` in US$ per second; durations in whole seconds.
 */
import {
  paginationOptsValidator,
  paginationResultValidator,
} from "convex/server";
import { modelAuditEntryValidator } from "./docValidators";
import { v } from "convex/values";
import { internal } from "./_generated/api";
import { internalMutation } from "./_generated/server";
import { adminMutation, adminQuery, publicQuery } from "./functions";
import { AS_STORED } from "./lib/clock";
import { checkCapabilities } from "./lib/modelRules";
import { actorLabel } from "./model/access";
import * as Catalogue from "./model/catalogue";
import * as Schedules from "./model/schedules";
import * as Stats from "./model/stats";
import { listModelChoices as listModelChoices_ } from "./model/pricing";
import { findUserByToken } from "./model/users";
import {
  modelChoiceValidator,
  modelDocValidator,
  modelInputFields,
  modelUpdateFields,
} from "./validators";

/** `getActiveModels({})` → active, not-deleted models, default first, then by name. */
export const getActiveModels = publicQuery({
  args: {},
  returns: v.array(modelDocValidator),
  handler: async (ctx) => await Catalogue.listActiveModels(ctx, AS_STORED),
});

/**
 * `getModelById({ modelId })` → the model, also when inactive or
 * soft-deleted (then `deletedAt` is set), or `null` if it never existed.
 * `scheduledPriceChanges: [{ changeId, costPerSecond, effectiveAt }]` lists
 * its pending price changes, soonest first (`[]` when none).
 */
export const getModelById = publicQuery({
  args: { modelId: v.string() },
  returns: v.union(modelDocValidator, v.null()),
  handler: async (ctx, { modelId }) => {
    const model = await Catalogue.findModel(ctx, modelId);
    return model === null ? null : Catalogue.standingAt(model, AS_STORED);
  },
});

/**
 * `listModelChoices({})` → the active models as the create page's picker
 * lists them (default first, then by name): `{ modelId, name, provider,
 * category?, isDefault, isPremium, isDeprecated, access?: { allowed,
 * locked, unlockCredits? } (only when the caller's plan, override or a
 * missing unlock restricts them), paused?: true }`. No prices or
 * capabilities, so a price edit does not re-send the list (ADR 0029); the
 * chosen model's details come from `pricing.getModelForCreate`.
 */
export const listModelChoices = publicQuery({
  args: {},
  returns: v.array(modelChoiceValidator),
  handler: async (ctx) =>
    await listModelChoices_(
      ctx,
      ctx.identity === null
        ? null
        : await findUserByToken(ctx, ctx.identity.tokenIdentifier),
    ),
});

/** `getDefaultModel({})` → the one active default model, or `null`. */
export const getDefaultModel = publicQuery({
  args: {},
  returns: v.union(modelDocValidator, v.null()),
  handler: async (ctx) => await Catalogue.findDefaultModel(ctx, AS_STORED),
});

/** `getPremiumModels({})` → active premium models, by name. */
export const getPremiumModels = publicQuery({
  args: {},
  returns: v.array(modelDocValidator),
  handler: async (ctx) =>
    await ctx.db
      .query("models")
      .withIndex("by_isPremium_and_isActive_and_deletedAt_and_name", (q) =>
        q.eq("isPremium", true).eq("isActive", true).eq("deletedAt", undefined),
      )
      .take(Catalogue.MAX_CATALOGUE_SIZE),
});

/** `getModelsByProvider({ provider })` → active models of a provider, by name. */
export const getModelsByProvider = publicQuery({
  args: { provider: v.string() },
  returns: v.array(modelDocValidator),
  handler: async (ctx, { provider }) =>
    await ctx.db
      .query("models")
      .withIndex("by_provider_and_isActive_and_deletedAt_and_name", (q) =>
        q
          .eq("provider", provider)
          .eq("isActive", true)
          .eq("deletedAt", undefined),
      )
      .take(Catalogue.MAX_CATALOGUE_SIZE),
});

/** `getModelsByCategory({ category })` → active models of a category, by name. */
export const getModelsByCategory = publicQuery({
  args: { category: v.string() },
  returns: v.array(modelDocValidator),
  handler: async (ctx, { category }) =>
    await ctx.db
      .query("models")
      .withIndex("by_category_and_isActive_and_deletedAt_and_name", (q) =>
        q
          .eq("category", category)
          .eq("isActive", true)
          .eq("deletedAt", undefined),
      )
      .take(Catalogue.MAX_CATALOGUE_SIZE),
});

/** A model's usage statistics as admins see them (with the money). */
const modelStatsValidator = v.object({
  modelId: v.string(),
  totalGenerations: v.number(),
  successfulGenerations: v.number(),
  failedGenerations: v.number(),
  canceledGenerations: v.number(),
  createdGenerations: v.number(),
  successRate: v.number(),
  averageGenerationTime: v.number(),
  creditsCharged: v.number(),
  creditsRefunded: v.number(),
  /** Admins only: median / 95th percentile generation time, seconds. */
  p50GenerationTime: v.optional(v.number()),
  p95GenerationTime: v.optional(v.number()),
});

/** The public statistics: exactly the contract's fields. */
const publicModelStatsValidator = v.object({
  modelId: v.string(),
  totalGenerations: v.number(),
  successfulGenerations: v.number(),
  failedGenerations: v.number(),
  successRate: v.number(),
  averageGenerationTime: v.number(),
});

/**
 * `getModelStats({ modelId })` → `{ modelId, totalGenerations (finished
 * videos: succeeded + failed + canceled), successfulGenerations,
 * failedGenerations, successRate (succeeded / (succeeded + failed), 0..1, 0
 * when none), averageGenerationTime (seconds of Replicate predict_time over
 * successes, 0 when none) }` (API-CONTRACT "Models"; no revenue figures:
 * admins use `getModelStatsForAdmin`). All zeros for a model without
 * videos, or an unknown modelId.
 */
export const getModelStats = publicQuery({
  args: { modelId: v.string() },
  returns: publicModelStatsValidator,
  handler: async (ctx, { modelId }) =>
    Stats.publicSummary(await Stats.exactModelStats(ctx, modelId)),
});

/**
 * Admin: `getModelStatsForAdmin({ modelId })` → `getModelStats`'s fields
 * plus `canceledGenerations`, `createdGenerations` (charged), the credits
 * charged and refunded, and `p50GenerationTime` / `p95GenerationTime`
 * (seconds; absent when no success was timed). The counts are exact: the
 * model's counter shards (≤ 17 docs). The percentiles are the ones the
 * stats fold copied from the `generationTimes` aggregate onto the model's
 * `modelStats` rollup (1 doc, ADR 0026, 0052), so they lag the videos by up
 * to one fold period: 10 s (`crons.ts`), longer only while the fold works
 * through a backlog.
 * @throws `UNAUTHENTICATED`, `FORBIDDEN`.
 */
export const getModelStatsForAdmin = adminQuery({
  args: { modelId: v.string() },
  returns: modelStatsValidator,
  handler: async (ctx, { modelId }) => {
    const [stats, rollup] = await Promise.all([
      Stats.exactModelStats(ctx, modelId),
      Stats.modelRollup(ctx, modelId),
    ]);
    return { ...stats, ...Stats.rolledUpPercentiles(rollup) };
  },
});

/**
 * `validateModelCapabilities({ modelId, duration, quality })` → `{ valid,
 * errors: { code, message }[] }`; never throws for a bad combination. Codes:
 * `MODEL_NOT_FOUND`; `MODEL_INACTIVE` (alone) for an inactive or soft-deleted
 * model; else `UNSUPPORTED_DURATION` and/or `UNSUPPORTED_QUALITY`.
 */
export const validateModelCapabilities = publicQuery({
  args: { modelId: v.string(), duration: v.number(), quality: v.string() },
  returns: v.object({
    valid: v.boolean(),
    errors: v.array(v.object({ code: v.string(), message: v.string() })),
  }),
  handler: async (ctx, { modelId, duration, quality }) => {
    const model = await Catalogue.findModel(ctx, modelId);
    if (model === null) {
      return {
        valid: false,
        errors: [
          { code: "MODEL_NOT_FOUND", message: `No model "${modelId}".` },
        ],
      };
    }
    if (!Catalogue.isUsable(model, AS_STORED) || model.pausedAt !== undefined) {
      return {
        valid: false,
        errors: [
          {
            code: "MODEL_INACTIVE",
            message:
              model.pausedAt !== undefined
                ? `${model.name} is temporarily unavailable.`
                : `${model.name} is not available right now.`,
          },
        ],
      };
    }
    const errors = checkCapabilities(model, duration, quality);
    return { valid: errors.length === 0, errors };
  },
});

/**
 * `createModel({ ...model fields except timestamps })` → the new model's
 * document id. Admin only. Audited.
 * @throws `DUPLICATE_MODEL_ID`; `INVALID_ARGUMENT` (negative price, empty
 *   duration or quality list, fixedDuration not in supportedDurations, ...:
 *   see `validateModelDefinition`, `data.field` names the field).
 */
export const createModel = adminMutation({
  args: modelInputFields,
  returns: v.id("models"),
  handler: async (ctx, args) => {
    return await Catalogue.createModel(ctx, args, {
      userId: ctx.user._id,
      label: actorLabel(ctx.user),
    });
  },
});

/**
 * `updateModel({ modelId, ...fields to change })` → null. Admin only.
 * `null` clears an optional field. `isDefault: true` makes every other model
 * non-default; `isDeprecated: true` sets `deprecatedAt`. Audited per field.
 * `sunsetAt` (ms, future) retires the model then, by itself, handing the
 * default to `successorModelId` when it was the default; `unlockCredits`
 * makes creators unlock it once (`plans:unlockModel`).
 * @throws `MODEL_NOT_FOUND`, `INVALID_ARGUMENT`, `INVALID_STATE` (a
 *   soft-deleted model made default).
 */
export const updateModel = adminMutation({
  args: { modelId: v.string(), ...modelUpdateFields },
  returns: v.null(),
  handler: async (ctx, { modelId, ...patch }) => {
    await Catalogue.updateModel(ctx, modelId, patch as Catalogue.ModelPatch, {
      userId: ctx.user._id,
      label: actorLabel(ctx.user),
    });
    return null;
  },
});

/**
 * `schedulePriceChange({ modelId, costPerSecond (US$/s), effectiveAt (ms) })`
 * → the change id. Admin only. At `effectiveAt` the model's
 * `costPerSecond` becomes the new price (a scheduled function, with a cron
 * as safety net); videos already created keep their cost. Audited when
 * scheduled and when applied.
 * @throws `MODEL_NOT_FOUND`; `INVALID_ARGUMENT` (invalid price, a time not
 *   in the future).
 */
export const schedulePriceChange = adminMutation({
  args: {
    modelId: v.string(),
    costPerSecond: v.number(),
    effectiveAt: v.number(),
  },
  returns: v.id("scheduledPriceChanges"),
  handler: async (ctx, args) =>
    await Schedules.schedulePriceChange(ctx, args, {
      userId: ctx.user._id,
      label: actorLabel(ctx.user),
    }),
});

/**
 * `cancelPriceChange({ changeId })` → null. Admin only. Audited.
 * @throws `NOT_FOUND` (unknown id); `INVALID_STATE` once it has applied
 *   or was canceled.
 */
export const cancelPriceChange = adminMutation({
  args: { changeId: v.string() },
  returns: v.null(),
  handler: async (ctx, { changeId }) => {
    await Schedules.cancelPriceChange(ctx, changeId, {
      userId: ctx.user._id,
      label: actorLabel(ctx.user),
    });
    return null;
  },
});

/**
 * `deleteModel({ modelId })` → null. Admin only. Soft delete: sets
 * `deletedAt`; the record stays for the videos that point at it. Audited.
 * @throws `MODEL_NOT_FOUND`.
 */
export const deleteModel = adminMutation({
  args: { modelId: v.string() },
  returns: v.null(),
  handler: async (ctx, { modelId }) => {
    await Catalogue.softDeleteModel(ctx, modelId, {
      userId: ctx.user._id,
      label: actorLabel(ctx.user),
    });
    return null;
  },
});

/**
 * `restoreModel({ modelId })` → null. Admin only. Undoes a soft delete.
 * @throws `MODEL_NOT_FOUND`; `INVALID_STATE` when it is not deleted.
 */
export const restoreModel = adminMutation({
  args: { modelId: v.string() },
  returns: v.null(),
  handler: async (ctx, { modelId }) => {
    await Catalogue.restoreModel(ctx, modelId, {
      userId: ctx.user._id,
      label: actorLabel(ctx.user),
    });
    return null;
  },
});

/**
 * `initializeDefaultModels({})` → `{ created, createdModelIds,
 * filledModelIds }`. Admin only. Inserts the three default models whose
 * modelId is missing, and adds their inputs and price modifiers to existing
 * ones that lack them; never overwrites edits.
 */
export const initializeDefaultModels = adminMutation({
  args: {},
  returns: v.object({
    created: v.number(),
    createdModelIds: v.array(v.string()),
    filledModelIds: v.array(v.string()),
  }),
  handler: async (ctx) => {
    return await Catalogue.seedDefaultModels(ctx, {
      userId: ctx.user._id,
      label: actorLabel(ctx.user),
    });
  },
});

/**
 * Internal twin of `initializeDefaultModels` for `npm run init-models`
 * (run with the deployment's admin key, no signed-in admin needed).
 * `actor` labels the audit entries (default "init-models").
 */
export const initializeDefaultModelsInternal = internalMutation({
  args: { actor: v.optional(v.string()) },
  returns: v.object({
    created: v.number(),
    createdModelIds: v.array(v.string()),
    filledModelIds: v.array(v.string()),
  }),
  handler: async (ctx, { actor }) => {
    const result = await Catalogue.seedDefaultModels(ctx, {
      label: actor ?? "init-models",
    });
    // Rebuild the ModelManager's rows (ADR 0059) in the background, so a
    // deployment whose models predate them gets them from its next seeding.
    await ctx.scheduler.runAfter(0, internal.modelManager.rebuildListRows, {});
    return result;
  },
});

/**
 * Admin: every model, by name, for the ModelManager; soft-deleted ones too
 * when `includeDeleted`.
 * @throws `UNAUTHENTICATED`, `FORBIDDEN`.
 */
export const listModelsForAdmin = adminQuery({
  args: { includeDeleted: v.optional(v.boolean()) },
  returns: v.array(modelDocValidator),
  handler: async (ctx, { includeDeleted }) => {
    return await Catalogue.listAllModels(ctx, includeDeleted ?? false);
  },
});

/**
 * Admin: a page of a model's audit trail, newest first: `{ modelId, action,
 * changes: { field, oldValue, newValue }[], actor, createdAt }`.
 * @throws `UNAUTHENTICATED`, `FORBIDDEN`.
 */
export const getModelAuditTrail = adminQuery({
  args: { modelId: v.string(), paginationOpts: paginationOptsValidator },
  returns: paginationResultValidator(modelAuditEntryValidator),
  handler: async (ctx, { modelId, paginationOpts }) => {
    return await Catalogue.auditTrailPage(ctx, modelId, paginationOpts);
  },
});

/**
 * Admin: usage statistics of every model that has any (same rows as
 * `getModelStats` for an admin, p50/p95 included), for the ModelManager's
 * at-a-glance columns. From the rollup (ADR 0025): at most ~10 s behind.
 * @throws `UNAUTHENTICATED`, `FORBIDDEN`.
 */
export const listModelStats = adminQuery({
  args: {},
  returns: v.array(modelStatsValidator),
  handler: async (ctx) => {
    const rows = await ctx.db
      .query("modelStats")
      .take(Catalogue.MAX_CATALOGUE_SIZE);
    return rows.map((row) => ({
      ...Stats.summarise(row.modelId, row),
      ...Stats.rolledUpPercentiles(row),
    }));
  },
});
