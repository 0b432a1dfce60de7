/**
 * The model catalogue: reading models through their indexes, and the admin
 * changes (create, update, soft delete, restore, seeding) with their rules,
 * the one-default invariant and the audit trail.
 *
 * Sources: seed 000 (`convex/models.ts` API, soft delete, default model,
 * deprecation), seed 004 (audit trail of price changes), API-CONTRACT "Models".
 */
import type { Doc, Id } from "../_generated/dataModel";
import type { MutationCtx, QueryCtx } from "../_generated/server";
import { internal } from "../_generated/api";
import { fail } from "../lib/errors";
import {
  asOf,
  isSunset,
  validateModelDefinition,
  type ModelDefinition,
} from "../lib/modelRules";
import type { AuditAction, AuditChange } from "../validators";
import { DEFAULT_MODELS } from "./defaultModels";
import { refreshModelListRows } from "./modelList";

/** Upper bound on catalogue reads: the catalogue is small by nature. */
export const MAX_CATALOGUE_SIZE = 1000;

/** Who is making a catalogue change, for the audit trail. */
export type Actor = { userId?: Id<"users">; label: string };

/** Fields an admin supplies when creating a model (no timestamps). */
export type ModelInput = Omit<
  Doc<"models">,
  | "_id"
  | "_creationTime"
  | "createdAt"
  | "updatedAt"
  | "deprecatedAt"
  | "deletedAt"
  | "scheduledPriceChanges"
>;

/**
 * Changes `updateModel` accepts: any input field but `modelId`; `null`
 * clears an optional field.
 */
export type ModelPatch = {
  [K in Exclude<keyof ModelInput, "modelId">]?: ModelInput[K] | null;
};

/** The model with this modelId, including inactive and soft-deleted ones. */
export async function findModel(
  ctx: QueryCtx,
  modelId: string,
): Promise<Doc<"models"> | null> {
  return await ctx.db
    .query("models")
    .withIndex("by_modelId", (q) => q.eq("modelId", modelId))
    .unique();
}

/**
 * The model with this modelId.
 * @throws `MODEL_NOT_FOUND` when it never existed.
 */
export async function requireModel(
  ctx: QueryCtx,
  modelId: string,
): Promise<Doc<"models">> {
  const model = await findModel(ctx, modelId);
  if (model === null) fail("MODEL_NOT_FOUND", `No model "${modelId}".`);
  return model;
}

/**
 * A model a creator may use at `now` (`AS_STORED` in queries: see
 * convex/lib/clock.ts).
 * @throws `MODEL_NOT_FOUND` for an unknown model, `MODEL_INACTIVE` for an
 *   inactive, soft-deleted or paused one.
 */
export async function requireUsableModel(
  ctx: QueryCtx,
  modelId: string,
  now: number,
): Promise<Doc<"models">> {
  const model = await requireModel(ctx, modelId);
  if (!isUsable(model, now))
    fail("MODEL_INACTIVE", `${model.name} is not available right now.`);
  // Paused by the circuit breaker (model/health.ts) until it recovers.
  if (model.pausedAt !== undefined)
    fail(
      "MODEL_INACTIVE",
      `${model.name} is temporarily unavailable; try another model or come back later.`,
    );
  return model;
}

/**
 * True for an active model that is not soft-deleted and whose sunset date
 * (if any) has not come at `now`: in a mutation a model counts as retired
 * from `sunsetAt` on, even before the scheduled job has switched it off; a
 * query passes `AS_STORED` and sees what the job stored.
 */
export function isUsable(model: Doc<"models">, now: number): boolean {
  return (
    model.isActive && model.deletedAt === undefined && !isSunset(model, now)
  );
}

/**
 * Active, not-deleted models, the default first, then by name (API-CONTRACT
 * `getActiveModels`). Reads only the models it returns plus the default
 * lookup.
 */
export async function listActiveModels(
  ctx: QueryCtx,
  now: number,
): Promise<Doc<"models">[]> {
  const models = await ctx.db
    .query("models")
    .withIndex("by_isActive_and_deletedAt_and_name", (q) =>
      q.eq("isActive", true).eq("deletedAt", undefined),
    )
    .take(MAX_CATALOGUE_SIZE);
  return defaultFirst(
    models.filter((m) => !isSunset(m, now)).map((m) => asOf(m, now)),
  );
}

/**
 * A model as it stands at `now`, for reads: a due scheduled price and a
 * passed sunset count even before their jobs have run (they run at that
 * time; this only closes the gap of a few milliseconds to a cron period).
 * `scheduledPriceChanges` lists the changes still ahead (`[]` when none).
 */
export function standingAt(model: Doc<"models">, now: number): Doc<"models"> {
  const view = asOf(model, now);
  const retired = isSunset(model, now) && model.isActive;
  return {
    ...view,
    scheduledPriceChanges: view.scheduledPriceChanges ?? [],
    ...(retired ? { isActive: false, isDefault: false } : {}),
  };
}

/** Moves the default model (if present) to the front, keeping name order. */
export function defaultFirst(models: Doc<"models">[]): Doc<"models">[] {
  const index = models.findIndex((m) => m.isDefault);
  if (index <= 0) return models;
  return [models[index], ...models.slice(0, index), ...models.slice(index + 1)];
}

/** The one active default model, or null (API-CONTRACT `getDefaultModel`). */
export async function findDefaultModel(
  ctx: QueryCtx,
  now: number,
): Promise<Doc<"models"> | null> {
  const defaults = await ctx.db
    .query("models")
    .withIndex("by_isDefault", (q) => q.eq("isDefault", true))
    .take(10);
  return defaults.find((model) => isUsable(model, now)) ?? null;
}

/**
 * Every model for the admin console, by name; soft-deleted ones only when
 * `includeDeleted`.
 */
export async function listAllModels(
  ctx: QueryCtx,
  includeDeleted: boolean,
): Promise<Doc<"models">[]> {
  if (includeDeleted) {
    return await ctx.db
      .query("models")
      .withIndex("by_name")
      .take(MAX_CATALOGUE_SIZE);
  }
  return await ctx.db
    .query("models")
    .withIndex("by_deletedAt_and_name", (q) => q.eq("deletedAt", undefined))
    .take(MAX_CATALOGUE_SIZE);
}

/** Throws INVALID_ARGUMENT naming the first broken rule, if any. */
function assertValidDefinition(definition: ModelDefinition): void {
  const errors = validateModelDefinition(definition);
  if (errors.length > 0) {
    const [first] = errors;
    fail(
      "INVALID_ARGUMENT",
      errors.map((e) => e.message).join(" "),
      first.field,
    );
  }
}

/** Trims text fields and sorts durations, so equal inputs store equally. */
function normalise<T extends ModelPatch>(input: T): T {
  const out = { ...input };
  if (typeof out.name === "string") out.name = out.name.trim();
  if (typeof out.description === "string")
    out.description = out.description.trim();
  if (typeof out.provider === "string") out.provider = out.provider.trim();
  if (typeof out.version === "string") out.version = out.version.trim();
  if (Array.isArray(out.supportedDurations)) {
    out.supportedDurations = [...out.supportedDurations].sort((a, b) => a - b);
  }
  if (Array.isArray(out.tags)) out.tags = out.tags.map((t) => t.trim());
  return out;
}

/** Stable JSON for comparing and recording values in the audit trail. */
function stableJson(value: unknown): string {
  return (
    JSON.stringify(value, (_key, v: unknown) =>
      v !== null && typeof v === "object" && !Array.isArray(v)
        ? Object.fromEntries(
            Object.entries(v as Record<string, unknown>).sort(),
          )
        : v,
    ) ?? "undefined"
  );
}

const AUDITED_EXCLUDED = new Set(["_id", "_creationTime", "updatedAt"]);

/** Field-by-field differences between two versions of a model. */
export function diffModels(
  before: Partial<Doc<"models">>,
  after: Partial<Doc<"models">>,
): AuditChange[] {
  const fields = new Set([...Object.keys(before), ...Object.keys(after)]);
  const changes: AuditChange[] = [];
  for (const field of [...fields].sort()) {
    if (AUDITED_EXCLUDED.has(field)) continue;
    const oldValue = (before as Record<string, unknown>)[field];
    const newValue = (after as Record<string, unknown>)[field];
    if (stableJson(oldValue) !== stableJson(newValue)) {
      // Convex cannot store `undefined` inside an object: absent becomes null.
      changes.push({
        field,
        oldValue: oldValue ?? null,
        newValue: newValue ?? null,
      });
    }
  }
  return changes;
}

/**
 * Appends an audit entry for a model change, after the change is written.
 * Every write to a model is audited, so this is also where the
 * ModelManager's rows of the model are refreshed (ADR 0059).
 */
export async function recordAudit(
  ctx: MutationCtx,
  modelId: string,
  action: AuditAction,
  changes: AuditChange[],
  actor: Actor,
): Promise<void> {
  await ctx.db.insert("modelAuditLog", {
    modelId,
    action,
    changes,
    actorUserId: actor.userId,
    actor: actor.label,
    createdAt: Date.now(),
  });
  await refreshModelListRows(ctx, modelId);
}

/**
 * Clears `isDefault` on every model but `keep`, auditing each, so exactly one
 * model is the default at a time.
 */
export async function clearOtherDefaults(
  ctx: MutationCtx,
  keep: Id<"models">,
  actor: Actor,
): Promise<void> {
  const defaults = await ctx.db
    .query("models")
    .withIndex("by_isDefault", (q) => q.eq("isDefault", true))
    .take(100);
  for (const other of defaults) {
    if (other._id === keep) continue;
    await ctx.db.patch("models", other._id, {
      isDefault: false,
      updatedAt: Date.now(),
    });
    await recordAudit(
      ctx,
      other.modelId,
      "update",
      [{ field: "isDefault", oldValue: true, newValue: false }],
      actor,
    );
  }
}

/**
 * Creates a model (API-CONTRACT `createModel`).
 * @returns the new document's id.
 * @throws `DUPLICATE_MODEL_ID` when the modelId exists (also soft-deleted);
 *   `INVALID_ARGUMENT` for a broken rule (see `validateModelDefinition`).
 */
export async function createModel(
  ctx: MutationCtx,
  input: ModelInput,
  actor: Actor,
  action: AuditAction = "create",
): Promise<Id<"models">> {
  const model = normalise(input);
  assertValidDefinition(model);
  await checkLifecycleFields(ctx, model, {});
  if ((await findModel(ctx, model.modelId)) !== null) {
    fail(
      "DUPLICATE_MODEL_ID",
      `A model "${model.modelId}" exists already.`,
      "modelId",
    );
  }
  const now = Date.now();
  const doc = {
    ...model,
    createdAt: now,
    updatedAt: now,
    deprecatedAt: model.isDeprecated ? now : undefined,
  };
  const id = await ctx.db.insert("models", doc);
  await recordAudit(ctx, model.modelId, action, diffModels({}, doc), actor);
  if (model.isDefault) await clearOtherDefaults(ctx, id, actor);
  await scheduleSunsetIfChanged(ctx, undefined, doc);
  return id;
}

/**
 * Applies an admin's changes to a model (API-CONTRACT `updateModel`).
 * Rules: `isDefault: true` clears every other default and needs an active,
 * not deprecated, not deleted model; `isDeprecated: true` sets
 * `deprecatedAt` (false clears it); deactivating or deprecating the default
 * also clears `isDefault`. Every changed field goes to the audit trail.
 * @throws `MODEL_NOT_FOUND`; `INVALID_ARGUMENT` for a broken rule;
 *   `INVALID_STATE` when making a soft-deleted model the default.
 */
export async function updateModel(
  ctx: MutationCtx,
  modelId: string,
  patch: ModelPatch,
  actor: Actor,
): Promise<void> {
  const before = await requireModel(ctx, modelId);
  const { _id, _creationTime, ...stored } = before;
  const next: Record<string, unknown> = { ...stored };
  for (const [field, value] of Object.entries(normalise(patch))) {
    if (value === undefined) continue;
    if (value === null) delete next[field];
    else next[field] = value;
  }
  const now = Date.now();
  const after = next as Omit<Doc<"models">, "_id" | "_creationTime">;

  if (patch.isDefault === true && before.deletedAt !== undefined) {
    fail(
      "INVALID_STATE",
      "A deleted model cannot be the default; restore it first.",
      "isDefault",
    );
  }
  // Turning a model off or deprecating it takes the default flag with it,
  // unless this same update asks for it explicitly (then validation refuses).
  if (
    before.isDefault &&
    patch.isDefault === undefined &&
    (!after.isActive || after.isDeprecated)
  ) {
    after.isDefault = false;
  }
  if (after.isDeprecated && !before.isDeprecated) after.deprecatedAt = now;
  if (!after.isDeprecated) delete after.deprecatedAt;
  // Switching a retired model back on lifts its past sunset (else the
  // safety-net job would retire it again).
  if (
    patch.isActive === true &&
    patch.sunsetAt === undefined &&
    after.sunsetAt !== undefined &&
    after.sunsetAt <= now
  ) {
    delete after.sunsetAt;
  }

  assertValidDefinition(after);
  await checkLifecycleFields(ctx, after, before);
  const changes = diffModels(stored, after);
  if (changes.length === 0) return;
  await ctx.db.replace("models", _id, { ...after, updatedAt: now });
  await recordAudit(ctx, modelId, "update", changes, actor);
  if (after.isDefault && !before.isDefault)
    await clearOtherDefaults(ctx, _id, actor);
  await scheduleSunsetIfChanged(ctx, before.sunsetAt, after);
}

/**
 * Rules on the lifecycle fields that need the clock or the catalogue: a new
 * `sunsetAt` lies in the future; a new `successorModelId` names an existing
 * model (API-CONTRACT "Scheduled prices and sunsets").
 * @throws `INVALID_ARGUMENT` naming the field.
 */
async function checkLifecycleFields(
  ctx: QueryCtx,
  after: Pick<Doc<"models">, "sunsetAt" | "successorModelId">,
  before: Partial<Pick<Doc<"models">, "sunsetAt" | "successorModelId">>,
): Promise<void> {
  if (
    after.sunsetAt !== undefined &&
    after.sunsetAt !== before.sunsetAt &&
    after.sunsetAt <= Date.now()
  ) {
    fail("INVALID_ARGUMENT", "The sunset must be in the future.", "sunsetAt");
  }
  if (
    after.successorModelId !== undefined &&
    after.successorModelId !== before.successorModelId &&
    (await findModel(ctx, after.successorModelId)) === null
  ) {
    fail(
      "INVALID_ARGUMENT",
      `No model "${after.successorModelId}" to hand over to.`,
      "successorModelId",
    );
  }
}

/**
 * Schedules the model's retirement at a new `sunsetAt`. The job checks the
 * model still has that sunset when it runs, so a moved or cleared sunset
 * needs no cancellation; a cron re-applies overdue sunsets in case a job is
 * lost (ADR 0037).
 */
async function scheduleSunsetIfChanged(
  ctx: MutationCtx,
  previous: number | undefined,
  after: Pick<Doc<"models">, "modelId" | "sunsetAt">,
): Promise<void> {
  if (after.sunsetAt === undefined || after.sunsetAt === previous) return;
  await ctx.scheduler.runAt(after.sunsetAt, internal.schedules.applySunset, {
    modelId: after.modelId,
    sunsetAt: after.sunsetAt,
  });
}

/**
 * Soft-deletes a model: sets `deletedAt` (and clears `isDefault`), so it
 * leaves every active list while videos keep pointing at it. Deleting a
 * deleted model changes nothing.
 * @throws `MODEL_NOT_FOUND`.
 */
export async function softDeleteModel(
  ctx: MutationCtx,
  modelId: string,
  actor: Actor,
): Promise<void> {
  const model = await requireModel(ctx, modelId);
  if (model.deletedAt !== undefined) return;
  const now = Date.now();
  const changes: AuditChange[] = [
    { field: "deletedAt", oldValue: null, newValue: now },
  ];
  if (model.isDefault)
    changes.push({ field: "isDefault", oldValue: true, newValue: false });
  await ctx.db.patch("models", model._id, {
    deletedAt: now,
    isDefault: false,
    updatedAt: now,
  });
  await recordAudit(ctx, modelId, "delete", changes, actor);
}

/**
 * Restores a soft-deleted model (clears `deletedAt`); it comes back with
 * the flags it had, but not as the default.
 * @throws `MODEL_NOT_FOUND`; `INVALID_STATE` when it is not deleted.
 */
export async function restoreModel(
  ctx: MutationCtx,
  modelId: string,
  actor: Actor,
): Promise<void> {
  const model = await requireModel(ctx, modelId);
  if (model.deletedAt === undefined)
    fail("INVALID_STATE", `${model.name} is not deleted.`);
  await ctx.db.patch("models", model._id, {
    deletedAt: undefined,
    updatedAt: Date.now(),
  });
  await recordAudit(
    ctx,
    modelId,
    "restore",
    [{ field: "deletedAt", oldValue: model.deletedAt, newValue: null }],
    actor,
  );
}

/** Registry fields a seed adds to an existing default model when absent. */
const FILLABLE_FIELDS = ["inputs", "priceModifiers", "maxOutputs"] as const;

/**
 * Inserts the default models whose modelId is missing, and gives existing
 * default models the registry fields they lack (`inputs`, `priceModifiers`,
 * `maxOutputs`) without touching any field an admin has set, so admin
 * edits survive (API-CONTRACT `initializeDefaultModels`). A modifier is
 * only added when the input it names is exposed. A default model is only
 * marked default when no other active default exists.
 * @returns how many models were created and their modelIds, and which
 *   existing ones were filled in.
 */
export async function seedDefaultModels(
  ctx: MutationCtx,
  actor: Actor,
): Promise<{
  created: number;
  createdModelIds: string[];
  filledModelIds: string[];
}> {
  const createdModelIds: string[] = [];
  const filledModelIds: string[] = [];
  for (const definition of DEFAULT_MODELS) {
    const existing = await findModel(ctx, definition.modelId);
    if (existing !== null) {
      if (await fillAbsentFields(ctx, existing, definition, actor))
        filledModelIds.push(definition.modelId);
      continue;
    }
    const keepExistingDefault =
      definition.isDefault &&
      (await findDefaultModel(ctx, Date.now())) !== null;
    await createModel(
      ctx,
      {
        ...definition,
        isDefault: definition.isDefault && !keepExistingDefault,
      },
      actor,
      "seed",
    );
    createdModelIds.push(definition.modelId);
  }
  return { created: createdModelIds.length, createdModelIds, filledModelIds };
}

/** Fills the registry fields an existing model lacks; true if it changed. */
async function fillAbsentFields(
  ctx: MutationCtx,
  model: Doc<"models">,
  definition: ModelInput,
  actor: Actor,
): Promise<boolean> {
  const { _id, _creationTime, ...stored } = model;
  const after: Record<string, unknown> = { ...stored };
  for (const field of FILLABLE_FIELDS) {
    if (stored[field] === undefined && definition[field] !== undefined)
      after[field] = definition[field];
  }
  if (stored.priceModifiers === undefined && after.priceModifiers) {
    const names = new Set(
      ((after.inputs as ModelInput["inputs"]) ?? []).map((d) => d.name),
    );
    const kept = (
      after.priceModifiers as NonNullable<ModelInput["priceModifiers"]>
    ).filter((m) => names.has(m.input));
    if (kept.length > 0) after.priceModifiers = kept;
    else delete after.priceModifiers;
  }
  const next = after as Omit<Doc<"models">, "_id" | "_creationTime">;
  // Never make a model invalid by seeding (e.g. an admin's modelParameters).
  if (validateModelDefinition(next).length > 0) return false;
  const changes = diffModels(stored, next);
  if (changes.length === 0) return false;
  await ctx.db.replace("models", _id, { ...next, updatedAt: Date.now() });
  await recordAudit(ctx, model.modelId, "seed", changes, actor);
  return true;
}

/** A page of a model's audit trail, newest first. */
export async function auditTrailPage(
  ctx: QueryCtx,
  modelId: string,
  paginationOpts: { numItems: number; cursor: string | null },
) {
  return await ctx.db
    .query("modelAuditLog")
    .withIndex("by_modelId_and_createdAt", (q) => q.eq("modelId", modelId))
    .order("desc")
    .paginate(paginationOpts);
}
