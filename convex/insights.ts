/**
 * Model insights for choosing on more than price (ADR 0048): typical speed,
 * 30-day success rate and an admin-featured sample video per model.
 */
import { v } from "convex/values";
import { adminMutation, adminQuery, publicQuery } from "./functions";
import { noonOfUtcDay } from "./lib/clock";
import { fail } from "./lib/errors";
import {
  clearFeaturedSample as clearSample,
  insightOf,
  setFeaturedSample as setSample,
} from "./model/insights";

/** Succeeded videos `listSampleCandidates` offers. */
const SAMPLE_CANDIDATES = 12;

/** Most models one `getModelInsights` call answers for. */
export const MAX_INSIGHT_MODELS = 100;

const sampleValidator = v.object({
  videoId: v.id("videos"),
  outputUrl: v.string(),
  prompt: v.string(),
});

/**
 * `getModelInsights({ modelIds, today })` (anyone) → one row per distinct
 * modelId, in order: `{ modelId, typicalSeconds (s) | null, successRate
 * (0..1) | null, judged (succeeded + failed in the window), sample: {
 * videoId, outputUrl, prompt } | null }`. The success window is the 30 UTC
 * days ending on `today` (the caller's current UTC day, `YYYY-MM-DD`): the
 * query reads no clock (ADR 0017, 0019), so its result stays cached until a
 * rollup changes or the page's day moves on. From the `modelStats` and
 * `modelDailyStats` rollups and `modelSamples` (ADR 0048).
 * @throws `INVALID_ARGUMENT` for more than 100 ids, or `today` (field
 *   `today`) not a real `YYYY-MM-DD` date.
 */
export const getModelInsights = publicQuery({
  args: { modelIds: v.array(v.string()), today: v.string() },
  returns: v.array(
    v.object({
      modelId: v.string(),
      typicalSeconds: v.union(v.number(), v.null()),
      successRate: v.union(v.number(), v.null()),
      judged: v.number(),
      sample: v.union(sampleValidator, v.null()),
    }),
  ),
  handler: async (ctx, { modelIds, today }) => {
    if (modelIds.length > MAX_INSIGHT_MODELS)
      fail("INVALID_ARGUMENT", `Ask for at most ${MAX_INSIGHT_MODELS} models.`);
    if (noonOfUtcDay(today) === null)
      fail("INVALID_ARGUMENT", "today must be a UTC date YYYY-MM-DD.", "today");
    const unique = [...new Set(modelIds)];
    return await Promise.all(unique.map((id) => insightOf(ctx, id, today)));
  },
});

/**
 * Admin: `setFeaturedSample({ modelId, videoId })` → null: features a
 * succeeded video of that model as its sample.
 * @throws `UNAUTHENTICATED`, `FORBIDDEN`, `MODEL_NOT_FOUND`, `NOT_FOUND`,
 *   `INVALID_ARGUMENT` (another model's video), `INVALID_STATE` (not
 *   succeeded).
 */
export const setFeaturedSample = adminMutation({
  args: { modelId: v.string(), videoId: v.string() },
  returns: v.null(),
  handler: async (ctx, { modelId, videoId }) => {
    await setSample(ctx, ctx.user, modelId, videoId);
    return null;
  },
});

/** Admin: `clearFeaturedSample({ modelId })` → null. */
export const clearFeaturedSample = adminMutation({
  args: { modelId: v.string() },
  returns: v.null(),
  handler: async (ctx, { modelId }) => {
    await clearSample(ctx, modelId);
    return null;
  },
});

/**
 * Admin: `listSampleCandidates({ modelId })` → the model's 12 most recent
 * succeeded videos `{ _id, prompt, outputUrl, createdAt }`, to feature one.
 */
export const listSampleCandidates = adminQuery({
  args: { modelId: v.string() },
  returns: v.array(
    v.object({
      _id: v.id("videos"),
      prompt: v.string(),
      outputUrl: v.string(),
      createdAt: v.number(),
    }),
  ),
  handler: async (ctx, { modelId }) => {
    // Only succeeded ones, newest first: reads the 12 it returns, however
    // many videos of the model failed or are running.
    const recent = await ctx.db
      .query("videos")
      .withIndex("by_model_and_status_and_createdAt", (q) =>
        q.eq("model", modelId).eq("status", "succeeded"),
      )
      .order("desc")
      .take(SAMPLE_CANDIDATES);
    return recent
      .filter((video) => video.outputUrl)
      .map((video) => ({
        _id: video._id,
        prompt: video.prompt,
        outputUrl: video.outputUrl!,
        createdAt: video.createdAt,
      }));
  },
});
