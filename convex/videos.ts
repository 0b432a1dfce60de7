/**
 * Public video API (API-CONTRACT "Videos"). Durations in whole seconds,
 * costs in integer credits.
 */
import {
  paginationOptsValidator,
  paginationResultValidator,
} from "convex/server";
import { v } from "convex/values";
import { adminQuery, publicQuery, userMutation, userQuery } from "./functions";
import { requireUserByEmail } from "./model/users";
import { findProgress } from "./model/videoLifecycle";
import { findLogTail } from "./model/videoLogs";
import { listVideosOf, setVideoHidden } from "./model/videoList";
import * as Videos from "./model/videos";
import {
  publicVideoValidator,
  requestInputsValidator,
  videoStatusValidator,
} from "./validators";

/**
 * `createVideo({ prompt, model (modelId), duration (s), quality, inputs?,
 * outputs?, expectedCredits? })` → the video id. `inputs` are the model's
 * creator inputs (image inputs: an http(s) URL or a Convex storage id of an
 * upload), sent to Replicate over `modelParameters`; `outputs` (1 to the
 * model's `maxOutputs`) multiplies the price. `expectedCredits` is the price
 * the creator was shown: when it differs from the caller's price now the
 * call changes nothing and throws `PRICE_CHANGED` with `data.credits`.
 * Charges `creditsCost` in the same transaction (ledger type "generation"),
 * stores the video as "pending" and schedules the Replicate prediction.
 * Creates the caller's user record if missing.
 * @throws `UNAUTHENTICATED`; `INVALID_ARGUMENT` (blank prompt or over 2,000
 *   characters; later `inputs.<name>` or `outputs` in `data.field`);
 *   `MODEL_NOT_FOUND`; `MODEL_INACTIVE`; `UNSUPPORTED_DURATION`;
 *   `UNSUPPORTED_QUALITY`; `MODEL_NOT_ALLOWED`; `MODEL_LOCKED`;
 *   `PRICE_CHANGED`; `RATE_LIMITED` (over `CREATE_VIDEO_RATE_LIMIT` per
 *   minute, default 20; `data.retryAfterMs`); `INSUFFICIENT_CREDITS`
 *   (nothing charged or stored for either).
 */
export const createVideo = userMutation({
  args: {
    prompt: v.string(),
    model: v.string(),
    duration: v.number(),
    quality: v.string(),
    expectedCredits: v.optional(v.number()),
    inputs: v.optional(requestInputsValidator),
    outputs: v.optional(v.number()),
  },
  returns: v.id("videos"),
  handler: async (ctx, args) => {
    return await Videos.createVideo(ctx, ctx.user, args);
  },
});

/**
 * `getMyVideos({ paginationOpts, status?, model?, search?, hidden? })` → a
 * page of the caller's videos, newest first, without the ones they hid.
 * `status` and `model` (a modelId) filter; `search` (words of the prompt,
 * ≤ 200 characters) returns the best matches first; `hidden: true` lists
 * only the hidden videos.
 * @throws `UNAUTHENTICATED`.
 */
export const getMyVideos = userQuery({
  args: {
    paginationOpts: paginationOptsValidator,
    status: v.optional(videoStatusValidator),
    model: v.optional(v.string()),
    search: v.optional(v.string()),
    hidden: v.optional(v.boolean()),
  },
  returns: paginationResultValidator(publicVideoValidator),
  handler: async (ctx, { paginationOpts, ...filters }) => {
    const { user } = ctx;
    if (user === null) return { page: [], isDone: true, continueCursor: "" };
    const result = await listVideosOf(ctx, user._id, filters, paginationOpts);
    return { ...result, page: result.page.map(Videos.toPublicVideo) };
  },
});

/**
 * `hideVideo({ videoId, hidden })` → null. Hides one of the caller's videos
 * from their lists (`hidden: false` shows it again). Its ledger entries,
 * statistics and share link are untouched.
 * @throws `UNAUTHENTICATED`; `NOT_FOUND` (unknown or someone else's video).
 */
export const hideVideo = userMutation({
  args: { videoId: v.string(), hidden: v.boolean() },
  returns: v.null(),
  handler: async (ctx, { videoId, hidden }) => {
    await setVideoHidden(ctx, ctx.user, videoId, hidden);
    return null;
  },
});

/**
 * `getVideoLogs({ videoId })` → `{ tail, updatedAt }`: the last lines (≤ 20)
 * of the prediction's Replicate logs, or null when there are none yet or the
 * video is not the caller's (admins see every video's).
 */
export const getVideoLogs = publicQuery({
  args: { videoId: v.string() },
  returns: v.union(
    v.null(),
    v.object({ tail: v.string(), updatedAt: v.number() }),
  ),
  handler: async (ctx, { videoId }) => {
    const video = await Videos.findVisibleVideo(ctx, videoId);
    return video === null ? null : await findLogTail(ctx, video._id);
  },
});

/**
 * `getVideo({ videoId })` → the video if the caller owns it or is an admin,
 * else `null` (also for a malformed id or when signed out).
 */
export const getVideo = publicQuery({
  args: { videoId: v.string() },
  returns: v.union(publicVideoValidator, v.null()),
  handler: async (ctx, { videoId }) => {
    const video = await Videos.findVisibleVideo(ctx, videoId);
    return video === null ? null : Videos.toPublicVideo(video);
  },
});

/**
 * `getVideoProgress({ videoId })` → the running video's progress (0..100),
 * or null (none yet, unknown, or not the caller's). Kept apart from
 * `getVideo` so a progress step sends a number, not the video (ADR 0029).
 */
export const getVideoProgress = publicQuery({
  args: { videoId: v.string() },
  returns: v.union(v.number(), v.null()),
  handler: async (ctx, { videoId }) => {
    const video = await Videos.findVisibleVideo(ctx, videoId);
    if (video === null) return null;
    const stored = await findProgress(ctx, video._id);
    return stored?.progress ?? video.progress ?? null;
  },
});

/**
 * `cancelVideo({ videoId })` → null. Cancels a non-terminal video (and its
 * Replicate prediction) and refunds it once. Owner or admin.
 * @throws `UNAUTHENTICATED`; `NOT_FOUND` (unknown, malformed or someone
 *   else's video id); `INVALID_STATE` (already finished).
 */
export const cancelVideo = userMutation({
  args: { videoId: v.string() },
  returns: v.null(),
  handler: async (ctx, { videoId }) => {
    await Videos.cancelVideoForCaller(ctx, videoId);
    return null;
  },
});

/**
 * Admin: `listVideosForUser({ email, paginationOpts })` → a page of one
 * user's videos, newest first.
 * @throws `UNAUTHENTICATED`, `FORBIDDEN`, `NOT_FOUND` (unknown email).
 */
export const listVideosForUser = adminQuery({
  args: { email: v.string(), paginationOpts: paginationOptsValidator },
  returns: paginationResultValidator(publicVideoValidator),
  handler: async (ctx, { email, paginationOpts }) => {
    const user = await requireUserByEmail(ctx, email);
    const result = await ctx.db
      .query("videos")
      .withIndex("by_userId_and_createdAt", (q) => q.eq("userId", user._id))
      .order("desc")
      .paginate(paginationOpts);
    return { ...result, page: result.page.map(Videos.toPublicVideo) };
  },
});
