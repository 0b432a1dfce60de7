/**
 * Validators shared by the schema and the registered functions, with their
 * `Infer` types. One place, so a field added to the model catalogue is added
 * to the table, the admin mutations and the returned shapes at once.
 */
import { pick } from "convex-helpers";
import { nullable, vRequired, type VRequired } from "convex-helpers/validators";
import {
  v,
  type GenericValidator,
  type Infer,
  type VAny,
  type VOptional,
} from "convex/values";

/** Roles a user record can carry (API-CONTRACT "Identity, users and roles"). */
export const roleValidator = v.union(v.literal("admin"), v.literal("creator"));
export type Role = Infer<typeof roleValidator>;

/** Ledger entry types (API-CONTRACT "Credits"). */
export const ledgerTypeValidator = v.union(
  v.literal("grant"),
  v.literal("purchase"),
  v.literal("generation"),
  v.literal("refund"),
  v.literal("adjustment"),
  v.literal("unlock"),
);
export type LedgerType = Infer<typeof ledgerTypeValidator>;

/**
 * Video statuses (API-CONTRACT "Videos"). Replicate's `aborted` is stored as
 * `canceled`; `pending` means the prediction has not been created yet.
 */
export const videoStatusValidator = v.union(
  v.literal("pending"),
  v.literal("starting"),
  v.literal("processing"),
  v.literal("succeeded"),
  v.literal("failed"),
  v.literal("canceled"),
);
export type VideoStatus = Infer<typeof videoStatusValidator>;

/** Quality name → multiplier (up to 2 decimal places). */
export const qualityMultipliersValidator = v.record(v.string(), v.number());

/** A creator input's value: what `createVideo({ inputs })` carries. */
export const inputValueValidator = v.union(v.string(), v.number(), v.boolean());

/**
 * One creator-settable Replicate input of a model (API-CONTRACT "Model
 * inputs and price modifiers"); rules in `lib/modelInputs.ts`.
 */
export const modelInputDefValidator = v.object({
  name: v.string(),
  type: v.union(
    v.literal("enum"),
    v.literal("boolean"),
    v.literal("integer"),
    v.literal("number"),
    v.literal("string"),
    v.literal("image"),
  ),
  label: v.optional(v.string()),
  description: v.optional(v.string()),
  options: v.optional(v.array(v.union(v.string(), v.number()))),
  default: v.optional(inputValueValidator),
  min: v.optional(v.number()),
  max: v.optional(v.number()),
  maxLength: v.optional(v.number()),
});
export type ModelInputDefValue = Infer<typeof modelInputDefValidator>;

/** A price that depends on an input value (API-CONTRACT). */
export const priceModifierValidator = v.object({
  input: v.string(),
  value: inputValueValidator,
  multiplier: v.optional(v.number()),
  costPerSecond: v.optional(v.number()),
});

/** `createVideo`/`getCreditCost` `inputs`: input name → value. */
export const requestInputsValidator = v.record(v.string(), v.any());

/**
 * Every stored field of a `videos` document (API-CONTRACT "Videos").
 * `finalizingUntil`, `downloadFailures`, `pollCount` and `pollsFrom` are the lifecycle's
 * bookkeeping, and `outputStorageId(s)`, `replicateStatus`, `predictTime` and
 * `updatedAt` are backend-only (storage handles behind the URLs, diagnostics,
 * the statistics' input, a write stamp): none leaves the backend
 * (`publicVideoValidator`, `PRIVATE_VIDEO_FIELDS`).
 */
export const videoFields = {
  userId: v.id("users"),
  prompt: v.string(),
  /** The modelId string, e.g. "luma/ray-2-720p". */
  model: v.string(),
  /** The model's display name when the video was made. */
  modelName: v.string(),
  /** Seconds. */
  duration: v.number(),
  quality: v.string(),
  /** Credits charged at creation; later price changes never reprice it. */
  creditsCost: v.number(),
  status: videoStatusValidator,
  replicatePredictionId: v.optional(v.string()),
  /** Replicate's own status string, e.g. "aborted", for diagnostics. */
  replicateStatus: v.optional(v.string()),
  /** 0..100, parsed from the prediction's logs while it runs. */
  progress: v.optional(v.number()),
  /** Creator input values sent to Replicate (image inputs as URLs). */
  inputs: v.optional(v.record(v.string(), inputValueValidator)),
  /** Outputs asked for (1–4); absent means 1. */
  outputs: v.optional(v.number()),
  /** The first output (API-CONTRACT: `outputUrl` = the first of `outputUrls`). */
  outputStorageId: v.optional(v.id("_storage")),
  outputUrl: v.optional(v.string()),
  /** Every output, stored in file storage, in Replicate's order. */
  outputStorageIds: v.optional(v.array(v.id("_storage"))),
  outputUrls: v.optional(v.array(v.string())),
  /** An admin's test run of the model: charged to nobody (model health). */
  isTestRun: v.optional(v.boolean()),
  error: v.optional(v.string()),
  /** True once the video's `creditsCost` has been refunded (at most once). */
  refunded: v.optional(v.boolean()),
  /**
   * Lease taken by whichever of webhook or poll downloads a succeeded
   * prediction's output, so only one of them does (ms timestamp).
   */
  finalizingUntil: v.optional(v.number()),
  /** Failed attempts to copy a succeeded output into storage (retried up to 3). */
  downloadFailures: v.optional(v.number()),
  /** Replicate `metrics.predict_time`, seconds. */
  predictTime: v.optional(v.number()),
  /** Number of polls made so far (no longer written; see `pollsFrom`). */
  pollCount: v.optional(v.number()),
  /** When the prediction was created (ms): the poll schedule's clock (ADR 0028). */
  pollsFrom: v.optional(v.number()),
  /**
   * Set when the owner hid the video from their lists (ms); its ledger
   * entries stay. Absent = visible (ADR 0047).
   */
  hiddenAt: v.optional(v.number()),
  createdAt: v.number(),
  startedAt: v.optional(v.number()),
  completedAt: v.optional(v.number()),
  updatedAt: v.number(),
};

/** A stored video document (internal functions only). */
export const videoDocValidator = v.object({
  _id: v.id("videos"),
  _creationTime: v.number(),
  ...videoFields,
});

/**
 * Stored video fields that never reach a client (`toPublicVideo` drops
 * them). Not in API-CONTRACT's video fields; no page reads them:
 * - the lifecycle's bookkeeping: `finalizingUntil` (shown as `storing`),
 *   `downloadFailures`, `pollCount`, `pollsFrom`;
 * - `outputStorageId`, `outputStorageIds`: file-storage handles; clients get
 *   `outputUrl`/`outputUrls`, served from them;
 * - `replicateStatus`: Replicate's raw status, for diagnostics (`status`
 *   carries the contract's);
 * - `predictTime`: Replicate's `metrics.predict_time`, the percentiles'
 *   input (admins see the percentiles);
 * - `updatedAt`: a write stamp, changed by every write.
 * Each costs bytes on every re-send of a video to a watcher (issue 15).
 */
export const PRIVATE_VIDEO_FIELDS = [
  "finalizingUntil",
  "downloadFailures",
  "pollCount",
  "pollsFrom",
  "outputStorageId",
  "outputStorageIds",
  "replicateStatus",
  "predictTime",
  "updatedAt",
] as const;

const {
  finalizingUntil: _lease,
  downloadFailures: _failures,
  pollCount: _polls,
  pollsFrom: _pollsFrom,
  outputStorageId: _storageId,
  outputStorageIds: _storageIds,
  replicateStatus: _replicateStatus,
  predictTime: _predictTime,
  updatedAt: _updatedAt,
  ...publicVideoFields
} = videoFields;

/**
 * A video as clients see it: every stored field but `PRIVATE_VIDEO_FIELDS`
 * (the lifecycle's bookkeeping, storage handles, diagnostics). Build it
 * with `toPublicVideo` (model/videos.ts).
 */
export const publicVideoValidator = v.object({
  _id: v.id("videos"),
  _creationTime: v.number(),
  ...publicVideoFields,
  /**
   * True while a succeeded prediction's output is being copied into
   * storage (the studio's "storing" phase, ADR 0046).
   */
  storing: v.optional(v.boolean()),
});
export type PublicVideo = Infer<typeof publicVideoValidator>;

/**
 * The editable fields of a model, as an admin supplies them to `createModel`
 * (everything but timestamps, soft-delete markers and statistics).
 * Units: `costPerSecond` in US dollars per second (≤ 4 decimals), durations in
 * whole seconds. Source: seed 000's `models` table plus API-CONTRACT "Models".
 */
export const modelInputFields = {
  modelId: v.string(),
  name: v.string(),
  description: v.string(),
  version: v.optional(v.string()),
  costPerSecond: v.number(),
  supportedDurations: v.array(v.number()),
  supportedQualities: v.array(v.string()),
  qualityMultipliers: v.optional(qualityMultipliersValidator),
  maxDuration: v.optional(v.number()),
  fixedDuration: v.optional(v.number()),
  isPremium: v.boolean(),
  isActive: v.boolean(),
  isDefault: v.boolean(),
  isDeprecated: v.boolean(),
  provider: v.string(),
  category: v.optional(v.string()),
  tags: v.optional(v.array(v.string())),
  replicateModelId: v.string(),
  modelParameters: v.optional(v.any()),
  requirements: v.optional(v.any()),
  /**
   * What the provider (Replicate) charges us, US dollars per second of
   * video, for the revenue page's cost and margin. Optional: unknown = no
   * margin shown.
   */
  providerCostPerSecond: v.optional(v.number()),
  /**
   * Credits a creator pays once to unlock the model (API-CONTRACT "Plans,
   * overrides, unlocks"); absent = no unlock needed.
   */
  unlockCredits: v.optional(v.number()),
  /** When the model retires by itself (ms since epoch). */
  sunsetAt: v.optional(v.number()),
  /** The model creators are sent to when this one retires. */
  successorModelId: v.optional(v.string()),
  /** Creator-settable Replicate inputs. */
  inputs: v.optional(v.array(modelInputDefValidator)),
  /** Prices that depend on input values. */
  priceModifiers: v.optional(v.array(priceModifierValidator)),
  /** Most outputs one request may ask for (1–4, default 1). */
  maxOutputs: v.optional(v.number()),
  /** Cover image shown in the catalogue (Replicate's `cover_image_url`). */
  coverImageUrl: v.optional(v.string()),
};

/** A pending scheduled price change, as a model shows it. */
export const scheduledPriceChangeValidator = v.object({
  changeId: v.id("scheduledPriceChanges"),
  /** US$ per second from `effectiveAt` on. */
  costPerSecond: v.number(),
  /** ms since epoch. */
  effectiveAt: v.number(),
});
export type ScheduledPriceChange = Infer<typeof scheduledPriceChangeValidator>;

/** Every stored field of a `models` document (without system fields). */
export const modelFields = {
  ...modelInputFields,
  createdAt: v.number(),
  updatedAt: v.number(),
  deprecatedAt: v.optional(v.number()),
  /** Soft delete: set when an admin deletes the model; cleared by restore. */
  deletedAt: v.optional(v.number()),
  /**
   * Set while the circuit breaker (or an admin) has paused the model:
   * creators see it as temporarily unavailable (`MODEL_INACTIVE`).
   */
  pausedAt: v.optional(v.number()),
  /** Why it was paused, for admins. */
  pauseReason: v.optional(v.string()),
  /**
   * Pending scheduled price changes, soonest first: a copy of the pending
   * rows of `scheduledPriceChanges`, kept on the model so catalogue and
   * price queries show them without extra reads.
   */
  scheduledPriceChanges: v.optional(v.array(scheduledPriceChangeValidator)),
};

/**
 * A field of an update (`ModelPatch`): optional, and where the stored field
 * is optional it also takes `null`, which clears it ("null clears a field").
 * `v.any()` fields take `null` already and stay as they are.
 */
type PatchValidator<V extends GenericValidator> =
  V extends VAny<unknown, "optional", string>
    ? V
    : V["isOptional"] extends "optional"
      ? VOptional<ReturnType<typeof nullable<VRequired<V>>>>
      : VOptional<V>;

/** Each of `fields` as an update takes it (see `PatchValidator`). */
function patchFields<F extends Record<string, GenericValidator>>(
  fields: F,
): { [K in keyof F]: PatchValidator<F[K]> } {
  return Object.fromEntries(
    Object.entries(fields).map(([name, field]) => [
      name,
      field.kind === "any"
        ? field
        : field.isOptional === "optional"
          ? v.optional(nullable(vRequired(field)))
          : v.optional(field),
    ]),
  ) as { [K in keyof F]: PatchValidator<F[K]> };
}

const { modelId: _modelId, ...editableModelFields } = modelInputFields;

/**
 * Fields `updateModel` may change: every input field but `modelId`, all
 * optional. A field given as `null` where the stored field is optional clears
 * it (e.g. `maxDuration: null`). Derived from `modelInputFields`, so a field
 * added there is editable at once.
 */
export const modelUpdateFields = patchFields(editableModelFields);

/** A model document as the queries return it. */
export const modelDocValidator = v.object({
  _id: v.id("models"),
  _creationTime: v.number(),
  ...modelFields,
});
export type ModelDoc = Infer<typeof modelDocValidator>;

/** One changed field in the audit trail: JSON-able old and new values. */
export const auditChangeValidator = v.object({
  field: v.string(),
  oldValue: v.any(),
  newValue: v.any(),
});
export type AuditChange = Infer<typeof auditChangeValidator>;

export const auditActionValidator = v.union(
  v.literal("create"),
  v.literal("update"),
  v.literal("delete"),
  v.literal("restore"),
  v.literal("seed"),
  v.literal("schedule_price"),
  v.literal("cancel_price"),
  v.literal("apply_price"),
  v.literal("sunset"),
);
export type AuditAction = Infer<typeof auditActionValidator>;

/** Structured error payload carried by every `ConvexError` we throw. */
export const errorCodeValidator = v.union(
  v.literal("UNAUTHENTICATED"),
  v.literal("FORBIDDEN"),
  v.literal("NOT_FOUND"),
  v.literal("INVALID_ARGUMENT"),
  v.literal("MODEL_NOT_FOUND"),
  v.literal("MODEL_INACTIVE"),
  v.literal("UNSUPPORTED_DURATION"),
  v.literal("UNSUPPORTED_QUALITY"),
  v.literal("INSUFFICIENT_CREDITS"),
  v.literal("DUPLICATE_MODEL_ID"),
  v.literal("INVALID_STATE"),
  v.literal("MODEL_NOT_ALLOWED"),
  v.literal("MODEL_LOCKED"),
  v.literal("PRICE_CHANGED"),
  v.literal("PAYMENT_FAILED"),
  v.literal("RATE_LIMITED"),
);
export type ErrorCode = Infer<typeof errorCodeValidator>;

/** Actions recorded in the access audit trail (plans, overrides, unlocks). */
export const accessAuditActionValidator = v.union(
  v.literal("plan_create"),
  v.literal("plan_update"),
  v.literal("plan_assign"),
  v.literal("override_set"),
  v.literal("override_clear"),
  v.literal("unlock"),
  v.literal("unlock_grant"),
  v.literal("unlock_revoke"),
  v.literal("role_set"),
  v.literal("credits_grant"),
);
export type AccessAuditAction = Infer<typeof accessAuditActionValidator>;

/** Editable plan fields (API-CONTRACT `createPlan`). */
export const planInputFields = {
  name: v.string(),
  /** Models the plan allows, by modelId. */
  allowedModelIds: v.optional(v.array(v.string())),
  /** Categories the plan allows. */
  allowedCategories: v.optional(v.array(v.string())),
  /** Multiplies every price, up to 2 decimals; default 1. */
  priceMultiplier: v.optional(v.number()),
  /** Credits granted once per calendar month (UTC) to each user on the plan. */
  monthlyCredits: v.optional(v.number()),
  /** New users start on the default plan (at most one). */
  isDefault: v.optional(v.boolean()),
};

/** A plan as stored. */
export const planFields = {
  planId: v.string(),
  ...planInputFields,
  createdAt: v.number(),
  updatedAt: v.number(),
};

export const planDocValidator = v.object({
  _id: v.id("plans"),
  _creationTime: v.number(),
  ...planFields,
});
export type PlanDoc = Infer<typeof planDocValidator>;

/**
 * Purchase statuses (API-CONTRACT "Selling credits"): `pending` until the
 * Stripe webhook says paid, failed or expired; `refunded` after a full
 * refund of the charge.
 */
export const purchaseStatusValidator = v.union(
  v.literal("pending"),
  v.literal("paid"),
  v.literal("failed"),
  v.literal("expired"),
  v.literal("refunded"),
);
export type PurchaseStatus = Infer<typeof purchaseStatusValidator>;

/** Dispute statuses (API-CONTRACT "Disputes"). */
export const disputeStatusValidator = v.union(
  v.literal("open"),
  v.literal("approved"),
  v.literal("rejected"),
);
export type DisputeStatus = Infer<typeof disputeStatusValidator>;

/** A dispute as its creator and admins see it (`publicDispute`). */
export const publicDisputeValidator = v.object({
  _id: v.id("disputes"),
  videoId: v.id("videos"),
  reason: v.string(),
  status: disputeStatusValidator,
  /** The disputed video's `creditsCost` (credits). */
  credits: v.number(),
  note: v.optional(v.string()),
  createdAt: v.number(),
  resolvedAt: v.optional(v.number()),
});

/**
 * The fields of a credit package an admin edits (API-CONTRACT "Selling
 * credits"). `priceCents` is the price in the currency's minor unit;
 * `credits` and `bonusCredits` are whole credits granted together on payment.
 */
export const creditPackageFields = {
  name: v.string(),
  credits: v.number(),
  bonusCredits: v.number(),
  priceCents: v.number(),
  /** ISO 4217, lower case (Stripe's form), e.g. "usd". */
  currency: v.string(),
  isActive: v.boolean(),
  /** Display order on the credits page, ascending. */
  sortOrder: v.number(),
  /** An optional badge such as "Best value". */
  badge: v.optional(v.string()),
};

/**
 * What every list of models repeats of each (compare rows, the picker, the
 * ModelManager's rows): its identity and standing, as stored on the model.
 */
const modelSummaryFields = pick(modelInputFields, [
  "modelId",
  "name",
  "provider",
  "category",
  "isPremium",
  "isDefault",
  "isDeprecated",
]);

/**
 * The ModelManager's status filter (ADR 0059): `all` = every model not
 * soft-deleted; a model may be in several (active + deprecated + paused).
 */
export const modelListStatusValidator = v.union(
  v.literal("all"),
  v.literal("active"),
  v.literal("inactive"),
  v.literal("deprecated"),
  v.literal("paused"),
  v.literal("deleted"),
);
export type ModelListStatus = Infer<typeof modelListStatusValidator>;

/** The ModelManager's sort keys (ADR 0059). */
export const modelListSortValidator = v.union(
  v.literal("name"),
  v.literal("price"),
  v.literal("videos"),
  v.literal("success"),
  v.literal("updated"),
  v.literal("p50"),
);
export type ModelListSort = Infer<typeof modelListSortValidator>;

/**
 * What the ModelManager shows of a model: one row per model per filter
 * combination it belongs to (`facet`), so every filter + sort is one index
 * range (ADR 0059). Units as on the model; usage from `modelStats`.
 */
export const modelListRowFields = {
  /** `status|provider|category`, `*` = any (see model/modelList.ts). */
  facet: v.string(),
  ...modelSummaryFields,
  /** Lower-cased name: the name sort. */
  nameKey: v.string(),
  /** Name, model id and provider: the search index's text. */
  searchText: v.string(),
  /**
   * As on the model: the list price (US$ per second), `isActive`, soft
   * delete, pause, sunset and `updatedAt` (ms).
   */
  ...pick(modelFields, [
    "costPerSecond",
    "isActive",
    "deletedAt",
    "pausedAt",
    "pauseReason",
    "sunsetAt",
    "updatedAt",
  ]),
  /** Videos that reached a terminal state (`modelStats.totalGenerations`). */
  videos: v.number(),
  /** succeeded / (succeeded + failed), 0..1; 0 when none. */
  successRate: v.number(),
  /** Mean generation time, seconds; 0 when none was timed. */
  averageGenerationTime: v.number(),
  /** Median generation time, seconds (scale's aggregate); absent before any. */
  p50GenerationTime: v.optional(v.number()),
};

/** A ModelManager row as `modelManager:listModels` returns it. */
export const modelListRowValidator = v.object({
  ...modelListRowFields,
  _id: v.id("modelListRows"),
  _creationTime: v.number(),
});
export type ModelListRow = Infer<typeof modelListRowValidator>;

/** Credits per allowed duration, at a model's priced quality. */
const creditCostsValidator = v.array(
  v.object({ duration: v.number(), credits: v.number() }),
);

/** The caller's access to a model (convex/model/plans.ts `ModelAccess`). */
export const modelAccessValidator = v.object({
  allowed: v.boolean(),
  locked: v.boolean(),
  unlockCredits: v.optional(v.number()),
  source: v.union(v.literal("list"), v.literal("plan"), v.literal("override")),
  terms: v.object({
    costPerSecond: v.optional(v.number()),
    priceMultiplier: v.optional(v.number()),
  }),
});

/** A model with the caller's prices (`ModelWithCosts` in model/pricing.ts). */
export const modelWithCostsValidator = v.object({
  _id: v.id("models"),
  _creationTime: v.number(),
  ...modelFields,
  pricedQuality: v.string(),
  creditCosts: creditCostsValidator,
  access: modelAccessValidator,
  upcomingPrices: v.array(
    v.object({
      effectiveAt: v.number(),
      costPerSecond: v.number(),
      creditCosts: creditCostsValidator,
    }),
  ),
});

/** One row of the compare table (`ComparisonRow` in model/pricing.ts). */
export const comparisonRowValidator = v.object({
  ...modelSummaryFields,
  /** As on the model: list price (US$/s), durations (s), qualities, sunset. */
  ...pick(modelInputFields, [
    "costPerSecond",
    "supportedDurations",
    "supportedQualities",
    "fixedDuration",
    "maxDuration",
    "sunsetAt",
    "successorModelId",
  ]),
  /** Seconds. */
  duration: v.number(),
  quality: v.string(),
  /** Credits; null when the model cannot make that duration/quality. */
  creditCost: v.union(v.number(), v.null()),
  access: modelAccessValidator,
  upcoming: v.array(
    v.object({
      effectiveAt: v.number(),
      creditCost: v.union(v.number(), v.null()),
    }),
  ),
  /** The chosen creator inputs this model takes (compare selector). */
  inputs: v.record(v.string(), inputValueValidator),
  /** Outputs priced (× n). */
  outputs: v.number(),
});

/** One row of the create page's model picker (`ModelChoice`). */
export const modelChoiceValidator = v.object({
  ...modelSummaryFields,
  access: v.optional(
    v.object({
      allowed: v.boolean(),
      locked: v.boolean(),
      unlockCredits: v.optional(v.number()),
    }),
  ),
  paused: v.optional(v.literal(true)),
});
