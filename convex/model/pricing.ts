/**
 * Pricing driven by the catalogue (seed 000 `convex/pricing.ts`; seed 004's
 * comparison table; API-CONTRACT "Pricing" and "Quote = charge").
 *
 * The one composition of a price (ADR 0035): the model as it stands now
 * (`asOf`: a due scheduled price counts at once), the caller's terms
 * (`accessOf`: override price per second, plan multiplier), then the exact
 * arithmetic of `creditCostFor`/`computeCreditCost`. Quotes, the catalogue
 * lists and `createVideo` all go through `priceVideo` or the same steps, so
 * what a creator is shown is what they are charged.
 */
import type { Doc } from "../_generated/dataModel";
import type { QueryCtx } from "../_generated/server";
import { AS_STORED } from "../lib/clock";
import { fail } from "../lib/errors";
import { sortRows } from "../lib/ordering";
import {
  allowedDurations,
  asOf,
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
import {
  accessForModel,
  accessFromLoaded,
  loadCallerAccess,
  type ModelAccess,
} from "./plans";

/** A quote: the model as priced, the caller's credits and access. */
export type Quote = {
  model: Doc<"models">;
  credits: number;
  inputs: Record<string, InputValue>;
  outputs: number;
  access: ModelAccess;
};

/**
 * The caller's credits for a video of `duration` seconds at `quality` on a
 * usable model, with the creator's `inputs` and number of `outputs`
 * (API-CONTRACT "Model inputs and price modifiers", "Plans, overrides,
 * unlocks"): the list price for `user` null or without plan/override. The
 * one place a quote or a charge is composed: `getCreditCost`, `createVideo`
 * and the forms all come here. Reads the model plus, for a user, their
 * plan, their override of this model and (for a model with an unlock
 * price) their unlock.
 * @returns the model, integer credits, the accepted input values and the
 *   caller's access (not enforced here: `createVideo` refuses with
 *   `MODEL_NOT_ALLOWED`/`MODEL_LOCKED`).
 * @throws `MODEL_NOT_FOUND`, `MODEL_INACTIVE`, then `UNSUPPORTED_DURATION`
 *   or `UNSUPPORTED_QUALITY` (the first that applies; the message lists all),
 *   then `INVALID_ARGUMENT` with `field` `inputs.<name>`, then `outputs`.
 */
export async function priceVideo(
  ctx: QueryCtx,
  modelId: string,
  duration: number,
  quality: string,
  request: { inputs?: Record<string, unknown>; outputs?: number },
  user: Doc<"users"> | null,
  now: number,
): Promise<Quote> {
  const model = asOf(await requireUsableModel(ctx, modelId, now), now);
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
  const access = await accessForModel(ctx, user, model, now);
  return {
    model,
    credits: creditCostFor(
      model,
      duration,
      quality,
      { inputs: parsed.values, outputs },
      access.terms,
    ),
    inputs: parsed.values,
    outputs,
    access,
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

/** A scheduled price, priced for the caller. */
export type UpcomingPrice = {
  /** ms since epoch. */
  effectiveAt: number;
  /** The new list price, US$ per second. */
  costPerSecond: number;
  /** The caller's credits from then on, per duration (at `pricedQuality`). */
  creditCosts: { duration: number; credits: number }[];
};

/** A model with the caller's price for every duration it accepts. */
export type ModelWithCosts = Doc<"models"> & {
  /** The quality the costs are given at: the model's first supported one. */
  pricedQuality: string;
  creditCosts: { duration: number; credits: number }[];
  /** The caller's access: allowed, locked (unlock price), price terms. */
  access: ModelAccess;
  /** Pending scheduled prices, soonest first, at the caller's terms. */
  upcomingPrices: UpcomingPrice[];
};

function costsAt(
  model: Doc<"models">,
  quality: string,
  access: ModelAccess,
): { duration: number; credits: number }[] {
  return allowedDurations(model).map((duration) => ({
    duration,
    credits: creditCostFor(model, duration, quality, {}, access.terms),
  }));
}

function upcomingPricesOf(
  model: Doc<"models">,
  quality: string,
  access: ModelAccess,
): UpcomingPrice[] {
  return (model.scheduledPriceChanges ?? []).map((change) => ({
    effectiveAt: change.effectiveAt,
    costPerSecond: change.costPerSecond,
    creditCosts: costsAt(
      { ...model, costPerSecond: change.costPerSecond },
      quality,
      access,
    ),
  }));
}

/**
 * Active models, each with the caller's credit cost for every allowed
 * duration at its first supported quality (API-CONTRACT
 * `getAvailableModels`), their access and upcoming prices. Reads the models
 * it returns plus the caller's own record, plan, overrides and unlocks.
 */
export async function availableModelsWithCosts(
  ctx: QueryCtx,
  user: Doc<"users"> | null = null,
): Promise<ModelWithCosts[]> {
  const now = AS_STORED; // a query: see convex/lib/clock.ts
  const [models, caller] = await Promise.all([
    listActiveModels(ctx, now),
    loadCallerAccess(ctx, user, now),
  ]);
  return models.map((stored) => {
    const model = asOf(stored, now);
    const quality = model.supportedQualities[0];
    const access = accessFromLoaded(caller, model);
    return {
      ...model,
      pricedQuality: quality,
      creditCosts: costsAt(model, quality, access),
      access,
      upcomingPrices: upcomingPricesOf(model, quality, access),
    };
  });
}

/**
 * One active model with its costs (the create page's selected model, loaded
 * on its own so a price edit re-sends one model, not the catalogue), or
 * null when it is unknown, inactive or deleted.
 */
export async function activeModelWithCosts(
  ctx: QueryCtx,
  modelId: string,
  user: Doc<"users"> | null = null,
): Promise<ModelWithCosts | null> {
  const stored = await findModel(ctx, modelId);
  if (stored === null || !stored.isActive || stored.deletedAt !== undefined)
    return null;
  const now = AS_STORED; // a query: see convex/lib/clock.ts
  const caller = await loadCallerAccess(ctx, user, now);
  const model = asOf(stored, now);
  const quality = model.supportedQualities[0];
  const access = accessFromLoaded(caller, model);
  return {
    ...model,
    pricedQuality: quality,
    creditCosts: costsAt(model, quality, access),
    access,
    upcomingPrices: upcomingPricesOf(model, quality, access),
  };
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
> & {
  /** The caller's access, present only when it restricts them. */
  access?: { allowed: boolean; locked: boolean; unlockCredits?: number };
  /** True while the model is paused (registry health). */
  paused?: true;
};

/**
 * The active models as the picker lists them (default first, then by
 * name): identity, flags, the caller's lock state and the paused flag,
 * ~120 bytes a model, so prices and capabilities can change without
 * re-sending the list (ADR 0029). Reads the active models plus the caller's
 * plan, overrides and unlocks.
 */
export async function listModelChoices(
  ctx: QueryCtx,
  user: Doc<"users"> | null = null,
): Promise<ModelChoice[]> {
  const [models, caller] = await Promise.all([
    listActiveModels(ctx, AS_STORED),
    loadCallerAccess(ctx, user, AS_STORED),
  ]);
  return models.map((m) => {
    const access = accessFromLoaded(caller, m);
    const restricted = !access.allowed || access.locked;
    return {
      modelId: m.modelId,
      name: m.name,
      provider: m.provider,
      ...(m.category === undefined ? {} : { category: m.category }),
      isDefault: m.isDefault,
      isPremium: m.isPremium,
      isDeprecated: m.isDeprecated,
      ...(restricted
        ? {
            access: {
              allowed: access.allowed,
              locked: access.locked,
              ...(access.unlockCredits === undefined
                ? {}
                : { unlockCredits: access.unlockCredits }),
            },
          }
        : {}),
      ...(m.pausedAt === undefined ? {} : { paused: true as const }),
    };
  });
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
  /** The caller's access (allowed, locked, unlock price). */
  access: ModelAccess;
  /** Pending scheduled prices at this duration/quality, at the caller's terms. */
  upcoming: { effectiveAt: number; creditCost: number | null }[];
  sunsetAt?: number;
  successorModelId?: string;
  /** The chosen inputs this model takes (the others do not apply to it). */
  inputs: Record<string, InputValue>;
  /** Outputs priced (× n); a model that makes fewer has `creditCost` null. */
  outputs: number;
};

/** What a comparison prices besides duration and quality (issue 13). */
export type ComparisonRequest = {
  /** Creator inputs by name; each model takes those it defines and accepts. */
  inputs?: Record<string, InputValue>;
  /** Outputs per request (1–4). */
  outputs?: number;
};

/**
 * The chosen inputs a model takes: names it defines with values its
 * definition accepts (an aspect ratio one model lacks is not held against
 * it; it is priced at its own default).
 */
export function inputsForModel(
  model: Pick<Doc<"models">, "inputs">,
  inputs: Record<string, InputValue> | undefined,
): Record<string, InputValue> {
  const taken: Record<string, InputValue> = {};
  for (const [name, value] of Object.entries(inputs ?? {})) {
    const parsed = parseRequestInputs(model.inputs, { [name]: value });
    if (parsed.ok && name in parsed.values) taken[name] = parsed.values[name];
  }
  return taken;
}

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
  user: Doc<"users"> | null = null,
  request: ComparisonRequest = {},
): Promise<ComparisonRow[]> {
  const outputs = request.outputs ?? 1;
  const now = AS_STORED; // a query: see convex/lib/clock.ts
  const [models, caller] = await Promise.all([
    listActiveModels(ctx, now),
    loadCallerAccess(ctx, user, now),
  ]);
  const rows = models.map((stored): ComparisonRow => {
    const model = asOf(stored, now);
    const access = accessFromLoaded(caller, model);
    const d = duration ?? allowedDurations(model)[0];
    const q = quality ?? defaultQuality(model);
    const inputs = inputsForModel(model, request.inputs);
    const ok =
      checkCapabilities(model, d, q).length === 0 &&
      outputsError(model, outputs) === null;
    const priced = { inputs, outputs };
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
      creditCost: ok ? creditCostFor(model, d, q, priced, access.terms) : null,
      supportedDurations: model.supportedDurations,
      supportedQualities: model.supportedQualities,
      fixedDuration: model.fixedDuration,
      maxDuration: model.maxDuration,
      access,
      upcoming: (model.scheduledPriceChanges ?? []).map((change) => ({
        effectiveAt: change.effectiveAt,
        creditCost: ok
          ? creditCostFor(
              { ...model, costPerSecond: change.costPerSecond },
              d,
              q,
              priced,
              access.terms,
            )
          : null,
      })),
      sunsetAt: model.sunsetAt,
      successorModelId: model.successorModelId,
      inputs,
      outputs,
    };
  });
  return sortRows(rows, "cost", "asc");
}
