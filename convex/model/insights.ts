/**
 * What a creator weighs besides price (ADR 0048): a model's typical speed,
 * its success rate over the last 30 days, and a sample video an admin
 * featured. Read per model from counters, never by scanning videos.
 */
import type { Doc, Id } from "../_generated/dataModel";
import type { MutationCtx, QueryCtx } from "../_generated/server";
import { fail } from "../lib/errors";
import { findModel } from "./catalogue";
import { modelRollup, utcDay } from "./stats";

/** The success-rate window, in days (today included). */
export const SUCCESS_WINDOW_DAYS = 30;

/**
 * The model's typical generation time in seconds ("usually ~45 s"), or null
 * before any timed success. THE one place the studio reads speed from: the
 * p50 of Replicate `predict_time` from the `generationTimes` aggregate (ADR
 * 0026), as the stats fold copies it onto the model's rollup (one document,
 * refreshed every few seconds, so an open page is not re-sent on every
 * video); the mean when the rollup has no percentile yet (ADR 0048).
 */
export async function typicalGenerationSeconds(
  ctx: QueryCtx,
  modelId: string,
): Promise<number | null> {
  const rollup = await modelRollup(ctx, modelId);
  if (rollup === null || rollup.timedGenerations === 0) return null;
  if (rollup.p50GenerationTimeMs !== undefined)
    return rollup.p50GenerationTimeMs / 1000;
  return rollup.totalGenerationTimeMs / rollup.timedGenerations / 1000;
}

/**
 * Succeeded / (succeeded + failed) over the `SUCCESS_WINDOW_DAYS` UTC days
 * ending on `today` (`YYYY-MM-DD`, a valid day: the caller's, never the
 * clock's; cancellations say nothing about the model), with the number of
 * judged videos; `rate` is null when there were none.
 */
export async function recentSuccessRate(
  ctx: QueryCtx,
  modelId: string,
  today: string,
): Promise<{ rate: number | null; judged: number }> {
  const noon = Date.parse(`${today}T12:00:00Z`);
  const since = utcDay(noon - (SUCCESS_WINDOW_DAYS - 1) * 86_400_000);
  const days = await ctx.db
    .query("modelDailyStats")
    .withIndex("by_modelId_and_day", (q) =>
      q.eq("modelId", modelId).gte("day", since).lte("day", today),
    )
    .take(SUCCESS_WINDOW_DAYS);
  let succeeded = 0;
  let failed = 0;
  for (const day of days) {
    succeeded += day.succeeded;
    failed += day.failed;
  }
  const judged = succeeded + failed;
  return { rate: judged === 0 ? null : succeeded / judged, judged };
}

/** A featured sample as the public sees it. */
export type FeaturedSample = {
  videoId: Id<"videos">;
  outputUrl: string;
  prompt: string;
};

/** The model's featured sample, or null (also when its video is gone). */
export async function featuredSampleOf(
  ctx: QueryCtx,
  modelId: string,
): Promise<FeaturedSample | null> {
  const sample = await ctx.db
    .query("modelSamples")
    .withIndex("by_modelId", (q) => q.eq("modelId", modelId))
    .unique();
  if (sample === null) return null;
  const video = await ctx.db.get("videos", sample.videoId);
  if (video === null || video.status !== "succeeded" || !video.outputUrl)
    return null;
  return {
    videoId: video._id,
    outputUrl: video.outputUrl,
    prompt: video.prompt,
  };
}

/** One model's insights. */
export type ModelInsight = {
  modelId: string;
  /** Seconds, or null before any timed success. */
  typicalSeconds: number | null;
  /** 0..1 over the last 30 days, or null without finished videos. */
  successRate: number | null;
  /** Succeeded + failed videos in the window. */
  judged: number;
  sample: FeaturedSample | null;
};

/** One model's insights, its success rate over the 30 days ending on `today`. */
export async function insightOf(
  ctx: QueryCtx,
  modelId: string,
  today: string,
): Promise<ModelInsight> {
  const [typicalSeconds, success, sample] = await Promise.all([
    typicalGenerationSeconds(ctx, modelId),
    recentSuccessRate(ctx, modelId, today),
    featuredSampleOf(ctx, modelId),
  ]);
  return {
    modelId,
    typicalSeconds,
    successRate: success.rate,
    judged: success.judged,
    sample,
  };
}

/**
 * Features a succeeded video of the model as its sample (replacing any).
 * @throws `MODEL_NOT_FOUND`; `NOT_FOUND` (unknown video); `INVALID_ARGUMENT`
 *   (a video of another model); `INVALID_STATE` (not succeeded).
 */
export async function setFeaturedSample(
  ctx: MutationCtx,
  admin: Doc<"users">,
  modelId: string,
  videoId: string,
): Promise<void> {
  const model = await findModel(ctx, modelId);
  if (model === null) fail("MODEL_NOT_FOUND", `No model ${modelId}.`);
  const id = ctx.db.normalizeId("videos", videoId);
  const video = id === null ? null : await ctx.db.get("videos", id);
  if (video === null) fail("NOT_FOUND", "Video not found.");
  if (video.model !== modelId)
    fail(
      "INVALID_ARGUMENT",
      "That video was made with another model.",
      "videoId",
    );
  if (video.status !== "succeeded" || !video.outputUrl)
    fail("INVALID_STATE", "Only a succeeded video can be featured.");
  const existing = await ctx.db
    .query("modelSamples")
    .withIndex("by_modelId", (q) => q.eq("modelId", modelId))
    .unique();
  const fields = {
    videoId: video._id,
    actorUserId: admin._id,
    updatedAt: Date.now(),
  };
  if (existing === null)
    await ctx.db.insert("modelSamples", { modelId, ...fields });
  else await ctx.db.patch("modelSamples", existing._id, fields);
}

/** Removes the model's featured sample, if any. */
export async function clearFeaturedSample(
  ctx: MutationCtx,
  modelId: string,
): Promise<void> {
  const existing = await ctx.db
    .query("modelSamples")
    .withIndex("by_modelId", (q) => q.eq("modelId", modelId))
    .unique();
  if (existing !== null) await ctx.db.delete("modelSamples", existing._id);
}
