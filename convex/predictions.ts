/**
 * Internal functions of the Replicate prediction lifecycle: scheduled
 * actions that create, poll and cancel predictions, and the mutations they
 * (and the webhook in `http.ts`) use to apply what Replicate reports.
 * Nothing here is callable by clients.
 */
import { v } from "convex/values";
import { internal } from "./_generated/api";
import {
  env,
  internalAction,
  internalMutation,
  internalQuery,
} from "./_generated/server";
import {
  predictionInput,
  predictionTarget,
  videoTimeoutMs,
} from "./lib/replicate";
import {
  cancelAtReplicate,
  httpStatusOf,
  retryDelayMs,
  replicateClient,
  replicateErrorMessage,
  syncPrediction,
} from "./model/predictionSync";
import * as Lifecycle from "./model/videoLifecycle";
import {
  CANCEL_RETRY,
  enqueuePollNow,
  replicatePool,
  schedulePoll,
} from "./model/replicatePool";
import { saveLogTail } from "./model/videoLogs";
import {
  admitWebhookDelivery,
  webhookDeliveryValidator,
} from "./model/webhookDeliveries";
import { modelDocValidator, videoDocValidator } from "./validators";
import { isTerminalVideoStatus } from "./lib/videoStatus";
import { downloadRetryDelayMs } from "./lib/pollSchedule";

/** A prediction as the mutations take it (see `toStoredPrediction`). */
const storedPrediction = v.object({
  id: v.string(),
  status: v.string(),
  error: v.optional(v.string()),
  predictTime: v.optional(v.number()),
});

/** Webhook deliveries deleted per prune transaction. */
const PRUNE_BATCH = 500;

/** Max videos timed out per cron run; the next run takes the rest. */
const TIMEOUT_BATCH = 100;

/** What `startPrediction` needs: the pending video and its model. */
export const getStartContext = internalQuery({
  args: { videoId: v.id("videos") },
  returns: v.union(
    v.object({ video: videoDocValidator, model: modelDocValidator }),
    v.null(),
  ),
  handler: async (ctx, { videoId }) => {
    const video = await ctx.db.get("videos", videoId);
    if (video === null || video.status !== "pending") return null;
    const model = await ctx.db
      .query("models")
      .withIndex("by_modelId", (q) => q.eq("modelId", video.model))
      .unique();
    if (model === null) return null;
    return { video, model };
  },
});

/**
 * Scheduled by `createVideo`: creates the Replicate prediction for a
 * pending video (model endpoint for `owner/name`, `/predictions` with a
 * version for `owner/name:version`), asking for a webhook when
 * `REPLICATE_WEBHOOK_SECRET` is set. A Replicate error (4xx, 5xx after the
 * client's retries, network failure, 429) or an answer without a
 * prediction `id` fails the video and refunds it at once.
 */
export const startPrediction = internalAction({
  args: { videoId: v.id("videos"), attempt: v.optional(v.number()) },
  returns: v.null(),
  handler: async (ctx, { videoId, attempt = 0 }) => {
    const context = await ctx.runQuery(internal.predictions.getStartContext, {
      videoId,
    });
    if (context === null) return null; // canceled before it started
    const { video, model } = context;
    const siteUrl = env.CONVEX_SITE_URL;
    const webhook =
      Lifecycle.webhooksEnabled() && siteUrl
        ? {
            webhook: `${siteUrl.replace(/\/$/, "")}/replicate/webhook`,
            // No "logs": Replicate sends one every 500 ms while a model
            // prints, each a function run; progress comes from the model's
            // p50 instead (ADR 0029).
            webhook_events_filter: ["start", "completed"] as (
              "start" | "completed"
            )[],
          }
        : {};
    let prediction: { id?: unknown; status?: unknown };
    try {
      prediction = await replicateClient().predictions.create({
        ...predictionTarget(model.replicateModelId),
        input: predictionInput(model, video),
        ...webhook,
      });
    } catch (error) {
      // 429 after the client's own retries: wait our turn (Retry-After, or
      // back-off) and try again, as long as the video's timeout allows.
      if (httpStatusOf(error) === 429) {
        const waitMs = retryDelayMs(error, attempt);
        const deadline =
          video.createdAt + videoTimeoutMs(env.VIDEO_TIMEOUT_MINUTES);
        if (Date.now() + waitMs < deadline) {
          // Back in the pool's queue after Retry-After (ADR 0050).
          await replicatePool().enqueueAction(
            ctx,
            internal.predictions.startPrediction,
            { videoId, attempt: attempt + 1 },
            { runAfter: waitMs },
          );
          return null;
        }
      }
      await ctx.runMutation(internal.predictions.failVideo, {
        videoId,
        error: replicateErrorMessage(error),
      });
      return null;
    }
    // A 201 without an id names nothing we could poll or cancel: fail now
    // rather than leave the video pending until the timeout.
    if (typeof prediction?.id !== "string" || prediction.id === "") {
      await ctx.runMutation(internal.predictions.failVideo, {
        videoId,
        error: "Replicate accepted the request but returned no prediction id.",
      });
      return null;
    }
    const created = {
      id: prediction.id,
      status:
        typeof prediction.status === "string" ? prediction.status : "starting",
    };
    let outcome: "ok" | "cancel";
    try {
      outcome = await ctx.runMutation(
        internal.predictions.recordPredictionCreated,
        { videoId, prediction: created },
      );
    } catch (error) {
      // Not recorded: nothing would ever track this prediction, so stop it
      // at Replicate and refund the video rather than let it run unseen.
      await cancelAtReplicate(created.id);
      await ctx.runMutation(internal.predictions.failVideo, {
        videoId,
        error: `Could not record the prediction: ${error instanceof Error ? error.message : String(error)}`,
      });
      return null;
    }
    if (outcome === "cancel") await cancelAtReplicate(created.id);
    return null;
  },
});

/** Records the created prediction and schedules the first poll. */
export const recordPredictionCreated = internalMutation({
  args: {
    videoId: v.id("videos"),
    prediction: v.object({ id: v.string(), status: v.string() }),
  },
  returns: v.union(v.literal("ok"), v.literal("cancel")),
  handler: async (ctx, { videoId, prediction }) =>
    await Lifecycle.recordPredictionCreated(ctx, videoId, prediction),
});

/** Fails a video (with a refund) unless it finished already. */
export const failVideo = internalMutation({
  args: { videoId: v.id("videos"), error: v.string() },
  returns: v.null(),
  handler: async (ctx, { videoId, error }) => {
    await Lifecycle.failVideo(ctx, videoId, error);
    return null;
  },
});

/**
 * One poll of one video's prediction. It first schedules the next poll
 * (`nextPollDelayMs`: around when the model's renders usually end), so a crash or a failed request here never
 * ends the chain; the chain ends when a poll finds the video terminal. Each
 * unfinished video has one chain: only this action and
 * `recordPredictionCreated` schedule polls.
 */
export const pollPrediction = internalAction({
  args: { videoId: v.id("videos") },
  returns: v.null(),
  handler: async (ctx, { videoId }) => {
    const predictionId = await ctx.runMutation(
      internal.predictions.scheduleNextPoll,
      { videoId },
    );
    if (predictionId === null) return null;
    try {
      const prediction = await replicateClient().predictions.get(predictionId);
      await syncPrediction(ctx, prediction, "poll");
    } catch (error) {
      // Replicate does not know the prediction (deleted, or never ours):
      // no later poll can succeed, so fail and refund it now.
      if (httpStatusOf(error) === 404) {
        await ctx.runMutation(internal.predictions.failVideo, {
          videoId,
          error: "Replicate no longer knows this prediction (HTTP 404).",
        });
        return null;
      }
      // Retried by the poll scheduled above; the timeout cron is the backstop.
      console.warn(
        `poll of ${predictionId} failed: ${replicateErrorMessage(error)}`,
      );
    }
    return null;
  },
});

/**
 * Schedules the next poll of an unfinished video.
 * @returns its prediction id, or null (nothing scheduled) when the video is
 *   terminal or has no prediction.
 */
export const scheduleNextPoll = internalMutation({
  args: { videoId: v.id("videos") },
  returns: v.union(v.string(), v.null()),
  handler: async (ctx, { videoId }) => {
    const video = await ctx.db.get("videos", videoId);
    if (video === null || isTerminalVideoStatus(video.status)) return null;
    if (video.replicatePredictionId === undefined) return null;
    // No write to the video: lists subscribed to it see no poll (ADR 0028).
    await schedulePoll(
      ctx,
      video,
      Date.now() - (video.pollsFrom ?? video.createdAt),
      Lifecycle.webhooksEnabled(),
    );
    return video.replicatePredictionId;
  },
});

/**
 * With webhooks, the safety poll's turn (ADR 0050): enqueues a pooled poll
 * only when the video is still unfinished (its completion webhook was lost
 * or is late); a finished video ends the chain here, without a Replicate
 * call or a pooled action.
 */
export const enqueueSafetyPoll = internalMutation({
  args: { videoId: v.id("videos") },
  /** True when a poll was enqueued. */
  returns: v.boolean(),
  handler: async (ctx, { videoId }) => {
    const video = await ctx.db.get("videos", videoId);
    if (video === null || isTerminalVideoStatus(video.status)) return false;
    if (video.replicatePredictionId === undefined) return false;
    await enqueuePollNow(ctx, videoId);
    return true;
  },
});

/**
 * A failed copy of a succeeded output: releases the finalization lease so a
 * later poll retries, and fails (and refunds) the video after 3 failures.
 * `retrySoon` (set when a webhook observed the success, so no poll is due
 * until the safety net at 1.5 × p95) schedules the retry after
 * `downloadRetryDelayMs` (2 s, then 4 s) through the safety poll's turn,
 * which does nothing if the video finished meanwhile (ADR 0050).
 */
export const recordDownloadFailure = internalMutation({
  args: {
    videoId: v.id("videos"),
    error: v.string(),
    retrySoon: v.optional(v.boolean()),
  },
  returns: v.null(),
  handler: async (ctx, { videoId, error, retrySoon }) => {
    const failures = await Lifecycle.recordDownloadFailure(ctx, videoId, error);
    if (retrySoon === true && failures !== null)
      await ctx.scheduler.runAfter(
        downloadRetryDelayMs(failures),
        internal.predictions.enqueueSafetyPoll,
        { videoId },
      );
    return null;
  },
});

/**
 * Applies a non-succeeded prediction state (webhook or poll). `delivery`
 * (webhooks only) makes a terminal delivery apply once
 * (`model/webhookDeliveries.ts`): a redelivery returns `duplicate: true`.
 */
export const applyPredictionUpdate = internalMutation({
  args: {
    prediction: storedPrediction,
    progress: v.optional(v.number()),
    /** The bounded tail of the prediction's logs (`lib/logs.ts`). */
    logs: v.optional(v.string()),
    delivery: v.optional(webhookDeliveryValidator),
  },
  returns: v.object({
    terminal: v.boolean(),
    duplicate: v.optional(v.boolean()),
  }),
  handler: async (ctx, { prediction, progress, logs, delivery }) => {
    if ((await admitWebhookDelivery(ctx, delivery, prediction)) === "duplicate")
      return { terminal: true, duplicate: true };
    const video = await Lifecycle.findVideoByPrediction(ctx, prediction.id);
    if (video === null) return { terminal: true };
    await saveLogTail(ctx, video._id, logs);
    return await Lifecycle.applyPredictionReport(
      ctx,
      video,
      prediction,
      progress,
    );
  },
});

/**
 * Takes the lease to download a succeeded prediction's output. `delivery`
 * (webhooks only) makes the completion delivery apply once: a redelivery
 * returns `duplicate: true` and no lease.
 */
export const claimFinalization = internalMutation({
  args: {
    predictionId: v.string(),
    logs: v.optional(v.string()),
    delivery: v.optional(webhookDeliveryValidator),
  },
  returns: v.object({
    videoId: v.union(v.id("videos"), v.null()),
    terminal: v.boolean(),
    duplicate: v.optional(v.boolean()),
  }),
  handler: async (ctx, { predictionId, logs, delivery }) => {
    const admitted = await admitWebhookDelivery(ctx, delivery, {
      id: predictionId,
      status: "succeeded",
    });
    if (admitted === "duplicate")
      return { videoId: null, terminal: true, duplicate: true };
    const video = await Lifecycle.findVideoByPrediction(ctx, predictionId);
    if (video !== null) await saveLogTail(ctx, video._id, logs);
    return await Lifecycle.claimFinalization(ctx, predictionId, Date.now());
  },
});

/** Marks a video succeeded with its stored output; false if it had finished. */
export const completeSucceeded = internalMutation({
  args: {
    videoId: v.id("videos"),
    storageId: v.id("_storage"),
    /** Every output, the first being `storageId`. */
    storageIds: v.optional(v.array(v.id("_storage"))),
    predictTime: v.optional(v.number()),
  },
  returns: v.boolean(),
  handler: async (ctx, { videoId, storageId, storageIds, predictTime }) =>
    await Lifecycle.completeSucceeded(
      ctx,
      videoId,
      storageIds ?? [storageId],
      predictTime,
    ),
});

/**
 * Cancels a prediction at Replicate (the video is already refunded). Run by
 * the Replicate work pool: a 429 re-enqueues it after `Retry-After`; a 5xx
 * or network failure throws, so the pool retries it with back-off
 * (`CANCEL_RETRY`); a 4xx (e.g. already finished) ends it.
 */
export const cancelPrediction = internalAction({
  args: { predictionId: v.string(), attempt: v.optional(v.number()) },
  returns: v.null(),
  handler: async (ctx, { predictionId, attempt = 0 }) => {
    try {
      await replicateClient().predictions.cancel(predictionId);
    } catch (error) {
      const status = httpStatusOf(error);
      if (status === 429 && attempt < CANCEL_RETRY.maxAttempts) {
        await replicatePool().enqueueAction(
          ctx,
          internal.predictions.cancelPrediction,
          { predictionId, attempt: attempt + 1 },
          { runAfter: retryDelayMs(error, attempt), retry: CANCEL_RETRY },
        );
        return null;
      }
      if (status === undefined || status >= 500) throw error; // pool retries
      console.warn(
        `cancel of ${predictionId} failed: ${replicateErrorMessage(error)}`,
      );
    }
    return null;
  },
});

/** Cron: cancels and refunds videos unfinished after `VIDEO_TIMEOUT_MINUTES`. */
export const timeoutStaleVideos = internalMutation({
  args: {},
  returns: v.number(),
  handler: async (ctx) =>
    await Lifecycle.timeOutStaleVideos(
      ctx,
      videoTimeoutMs(env.VIDEO_TIMEOUT_MINUTES),
      TIMEOUT_BATCH,
      Date.now(),
    ),
});

/** Cron: forgets webhook deliveries older than a day (Replicate retries for less). */
export const pruneWebhookDeliveries = internalMutation({
  args: {},
  returns: v.number(),
  handler: async (ctx) => {
    // Only the old ones are read (index on receivedAt): reads ≈ deletes.
    const cutoff = Date.now() - 24 * 60 * 60_000;
    const old = await ctx.db
      .query("webhookDeliveries")
      .withIndex("by_receivedAt", (q) => q.lt("receivedAt", cutoff))
      .take(PRUNE_BATCH);
    for (const delivery of old) {
      await ctx.db.delete("webhookDeliveries", delivery._id);
    }
    const removed = old.length;
    // A full batch of old deliveries: more may be waiting, continue now.
    if (removed === PRUNE_BATCH) {
      await ctx.scheduler.runAfter(
        0,
        internal.predictions.pruneWebhookDeliveries,
        {},
      );
    }
    return removed;
  },
});
