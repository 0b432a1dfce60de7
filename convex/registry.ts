/**
 * The model registry's admin API (issue 13): importing a model and its
 * input schema from Replicate, and re-importing to see what changed.
 * Admin only: `UNAUTHENTICATED` signed out, `FORBIDDEN` for non-admins.
 */
import { v, type Infer } from "convex/values";
import { internal } from "./_generated/api";
import { internalQuery } from "./_generated/server";
import {
  adminAction,
  adminMutation,
  adminQuery,
  userMutation,
} from "./functions";
import { fail } from "./lib/errors";
import {
  diffInputs,
  parseModelReference,
  parseVersionSchema,
} from "./lib/replicateSchema";
import { actorLabel } from "./model/access";
import { findModel, requireModel, updateModel } from "./model/catalogue";
import * as Health from "./model/health";
import { replicateClient, replicateErrorMessage } from "./model/predictionSync";
import { inputValueValidator, modelInputDefValidator } from "./validators";

const importedInputValidator = v.object({
  ...modelInputDefValidator.fields,
  required: v.boolean(),
});

/** What `importFromReplicate` answers. */
const importResultValidator = v.object({
  /** Fields to pre-fill the model form with (`createModel`'s names). */
  draft: v.object({
    modelId: v.string(),
    name: v.string(),
    description: v.string(),
    coverImageUrl: v.optional(v.string()),
    version: v.string(),
    replicateModelId: v.string(),
    provider: v.string(),
    supportedDurations: v.array(v.number()),
    fixedDuration: v.optional(v.number()),
    maxOutputs: v.optional(v.number()),
  }),
  /** Every input the schema offers creators, in Replicate's order. */
  inputs: v.array(importedInputValidator),
  /** Inputs the create form cannot offer, with why. */
  skipped: v.array(v.object({ name: v.string(), reason: v.string() })),
  /** The version's creation time (ISO) and whether it is the latest. */
  versionCreatedAt: v.string(),
  isLatestVersion: v.boolean(),
  /** Set when the catalogue has this model already: what would change. */
  existing: v.union(
    v.null(),
    v.object({
      modelId: v.string(),
      version: v.optional(v.string()),
      replicateModelId: v.string(),
      versionChanged: v.boolean(),
      changes: v.array(
        v.object({
          name: v.string(),
          kind: v.union(
            v.literal("added"),
            v.literal("removed"),
            v.literal("changed"),
          ),
          detail: v.string(),
        }),
      ),
    }),
  ),
});

export type ImportResult = Infer<typeof importResultValidator>;

const existingModelValidator = v.object({
  modelId: v.string(),
  version: v.optional(v.string()),
  replicateModelId: v.string(),
  inputs: v.array(modelInputDefValidator),
});
type ExistingModel = Infer<typeof existingModelValidator>;

/** Internal: the catalogue's model for `modelId`, for the import diff. */
export const findModelForImport = internalQuery({
  args: { modelId: v.string(), replicateModelId: v.string() },
  returns: v.union(v.null(), existingModelValidator),
  handler: async (ctx, { modelId }) => {
    const model = await findModel(ctx, modelId);
    if (model === null) return null;
    return {
      modelId: model.modelId,
      version: model.version,
      replicateModelId: model.replicateModelId,
      inputs: model.inputs ?? [],
    };
  },
});

/**
 * `importFromReplicate({ reference })` → `{ draft, inputs, skipped,
 * versionCreatedAt, isLatestVersion, existing }`. `reference` is
 * `owner/name`, `owner/name:version` or a replicate.com URL. Fetches the
 * model and its version (the latest unless one is named) with the
 * `replicate` client, reads the version's OpenAPI input schema (`$ref` enums
 * resolved) into input definitions, and pre-fills the model form. When the
 * catalogue has `owner/name` already, `existing.changes` lists how its
 * exposed inputs differ from this version, to pin it with `updateModel`.
 * Changes nothing.
 * @throws `INVALID_ARGUMENT` (`field` "reference"); `NOT_FOUND` (no such
 *   model or version on Replicate); `INVALID_STATE` (Replicate unreachable
 *   or the version has no usable schema).
 */
export const importFromReplicate = adminAction({
  args: { reference: v.string() },
  returns: importResultValidator,
  handler: async (ctx, { reference }): Promise<ImportResult> => {
    const ref = parseModelReference(reference);
    if (ref === null)
      fail(
        "INVALID_ARGUMENT",
        'Type a Replicate model as "owner/name" or "owner/name:version".',
        "reference",
      );
    const client = replicateClient();
    const slug = `${ref.owner}/${ref.name}`;
    let model;
    let version;
    try {
      model = await client.models.get(ref.owner, ref.name);
      version =
        ref.version === undefined
          ? model.latest_version
          : await client.models.versions.get(ref.owner, ref.name, ref.version);
    } catch (error) {
      const status = (error as { response?: { status?: number } })?.response
        ?.status;
      if (status === 404)
        fail(
          "NOT_FOUND",
          ref.version === undefined
            ? `Replicate has no model ${slug}.`
            : `Replicate has no version ${ref.version} of ${slug}.`,
        );
      fail("INVALID_STATE", replicateErrorMessage(error));
    }
    if (!version) fail("INVALID_STATE", `${slug} has no published version.`);
    let parsed;
    try {
      parsed = parseVersionSchema(version.openapi_schema);
    } catch (error) {
      fail(
        "INVALID_STATE",
        error instanceof Error ? error.message : String(error),
      );
    }
    // Official models run by name, without a version (Replicate API).
    const replicateModelId = model.is_official ? slug : `${slug}:${version.id}`;
    const existing: ExistingModel | null = await ctx.runQuery(
      internal.registry.findModelForImport,
      { modelId: slug, replicateModelId },
    );
    const durations = parsed.durations.filter(
      (d) => Number.isInteger(d) && d > 0,
    );
    return {
      draft: {
        modelId: slug,
        name: titleFor(ref.name),
        description: (model.description ?? "").slice(0, 2000),
        ...(model.cover_image_url
          ? { coverImageUrl: model.cover_image_url }
          : {}),
        version: version.id,
        replicateModelId,
        provider: ref.owner.slice(0, 40),
        supportedDurations: durations.length > 0 ? durations : [5],
        ...(parsed.fixedDuration !== undefined
          ? { fixedDuration: parsed.fixedDuration }
          : {}),
        ...(parsed.maxOutputs !== undefined
          ? { maxOutputs: parsed.maxOutputs }
          : {}),
      },
      inputs: parsed.inputs,
      skipped: parsed.skipped,
      versionCreatedAt: version.created_at,
      isLatestVersion: model.latest_version?.id === version.id,
      existing:
        existing === null
          ? null
          : {
              modelId: existing.modelId,
              version: existing.version,
              replicateModelId: existing.replicateModelId,
              versionChanged: existing.version !== version.id,
              changes: diffInputs(existing.inputs, parsed.inputs),
            },
    };
  },
});

/** `ray-flash-2-540p` → `Ray Flash 2 540p`. */
function titleFor(name: string): string {
  return name
    .split(/[-_]/)
    .filter(Boolean)
    .map((w) => w.charAt(0).toUpperCase() + w.slice(1))
    .join(" ")
    .slice(0, 100);
}

/**
 * `generateInputUploadUrl({})` → a one-time Convex file-storage upload URL
 * for a creator's image input (a start frame). POST the file to it; the
 * answer's `storageId` goes in `createVideo({ inputs: { <name>: storageId }
 * })`, which sends Replicate the file's URL.
 * @throws `UNAUTHENTICATED`.
 */
export const generateInputUploadUrl = userMutation({
  args: {},
  returns: v.string(),
  handler: async (ctx) => await ctx.storage.generateUploadUrl(),
});

const healthWindowValidator = v.object({
  finished: v.number(),
  succeeded: v.number(),
  failed: v.number(),
  successRate: v.union(v.number(), v.null()),
  p95Seconds: v.union(v.number(), v.null()),
});

/**
 * Admin: `getModelHealth({ modelId, asOf })` → `{ pausedAt?, pauseReason?,
 * hour, day, testRuns }`: success rate (succeeded / (succeeded + failed),
 * null when none) and p95 generation time (seconds) over the hour and the
 * day before `asOf` (ms; the caller's time, e.g. rounded to the minute: the
 * query reads no clock, ADR 0017, 0019), why the model is paused (if it
 * is), and its last 5 test runs.
 * @throws `UNAUTHENTICATED`, `FORBIDDEN`, `MODEL_NOT_FOUND`,
 *   `INVALID_ARGUMENT` (field `asOf`: not a time in ms ≥ 0).
 */
export const getModelHealth = adminQuery({
  args: { modelId: v.string(), asOf: v.number() },
  returns: v.object({
    pausedAt: v.optional(v.number()),
    pauseReason: v.optional(v.string()),
    hour: healthWindowValidator,
    day: healthWindowValidator,
    testRuns: v.array(
      v.object({
        _id: v.id("videos"),
        status: v.string(),
        createdAt: v.number(),
        duration: v.number(),
        quality: v.string(),
        inputs: v.optional(v.record(v.string(), inputValueValidator)),
        outputUrl: v.optional(v.string()),
        predictTime: v.optional(v.number()),
        error: v.optional(v.string()),
      }),
    ),
  }),
  handler: async (ctx, { modelId, asOf }) => {
    if (!Number.isFinite(asOf) || asOf < 0)
      fail("INVALID_ARGUMENT", "asOf must be a time in ms.", "asOf");
    const model = await requireModel(ctx, modelId);
    const { hour, day } = await Health.modelHealth(ctx, modelId, asOf);
    const runs = await Health.recentTestRuns(ctx, modelId);
    return {
      ...(model.pausedAt !== undefined ? { pausedAt: model.pausedAt } : {}),
      ...(model.pauseReason !== undefined
        ? { pauseReason: model.pauseReason }
        : {}),
      hour,
      day,
      testRuns: runs.map((r) => ({
        _id: r._id,
        status: r.status,
        createdAt: r.createdAt,
        duration: r.duration,
        quality: r.quality,
        ...(r.inputs ? { inputs: r.inputs } : {}),
        ...(r.outputUrl ? { outputUrl: r.outputUrl } : {}),
        ...(r.predictTime !== undefined ? { predictTime: r.predictTime } : {}),
        ...(r.error ? { error: r.error } : {}),
      })),
    };
  },
});

/**
 * Admin: `startTestRun({ modelId })` → the test video's id. Runs the model
 * at its cheapest settings (shortest duration, cheapest quality and input
 * values, one output), charged to nobody, even while it is paused; a
 * success resumes a paused model.
 * @throws `UNAUTHENTICATED`, `FORBIDDEN`, `MODEL_NOT_FOUND`, `INVALID_STATE`
 *   (deleted model).
 */
export const startTestRun = adminMutation({
  args: { modelId: v.string() },
  returns: v.id("videos"),
  handler: async (ctx, { modelId }) =>
    await Health.startTestRun(ctx, ctx.user._id, modelId),
});

/**
 * Admin: `resumeModel({ modelId })` → null. Clears a circuit-breaker pause
 * (audited). Resuming a model that is not paused changes nothing.
 * @throws `UNAUTHENTICATED`, `FORBIDDEN`, `MODEL_NOT_FOUND`.
 */
export const resumeModel = adminMutation({
  args: { modelId: v.string() },
  returns: v.null(),
  handler: async (ctx, { modelId }) => {
    const model = await requireModel(ctx, modelId);
    await Health.resumeModel(ctx, model, {
      userId: ctx.user._id,
      label: actorLabel(ctx.user),
    });
    return null;
  },
});

/** Most models one bulk action may change (one transaction). */
export const MAX_BULK = 100;

/**
 * Admin: `bulkUpdateModels({ modelIds, action })` → `{ changed }`, with
 * `action` "activate" | "deactivate" | "deprecate": applies it to up to 100
 * models in one transaction, each change audited like `updateModel`.
 * Models already in that state are left alone.
 * @throws `UNAUTHENTICATED`, `FORBIDDEN`, `INVALID_ARGUMENT` (none or more
 *   than 100), `MODEL_NOT_FOUND` (nothing changed then).
 */
export const bulkUpdateModels = adminMutation({
  args: {
    modelIds: v.array(v.string()),
    action: v.union(
      v.literal("activate"),
      v.literal("deactivate"),
      v.literal("deprecate"),
    ),
  },
  returns: v.object({ changed: v.number() }),
  handler: async (ctx, { modelIds, action }) => {
    const ids = [...new Set(modelIds)];
    if (ids.length === 0 || ids.length > MAX_BULK)
      fail("INVALID_ARGUMENT", `Choose 1 to ${MAX_BULK} models.`, "modelIds");
    const actor = { userId: ctx.user._id, label: actorLabel(ctx.user) };
    let changed = 0;
    for (const modelId of ids) {
      const model = await requireModel(ctx, modelId);
      const patch =
        action === "activate"
          ? model.isActive
            ? null
            : { isActive: true }
          : action === "deactivate"
            ? model.isActive
              ? { isActive: false }
              : null
            : model.isDeprecated
              ? null
              : { isDeprecated: true };
      if (patch === null) continue;
      await updateModel(ctx, modelId, patch, actor);
      changed++;
    }
    return { changed };
  },
});
