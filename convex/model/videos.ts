/**
 * The video generation lifecycle's transactional steps (API-CONTRACT
 * "Videos" and "Replicate"; seed 002's reserve/refund credits, timeouts,
 * webhooks plus polling; seed 001's cost snapshot).
 *
 * Invariants, each kept inside one Convex transaction:
 * - a video exists iff its `"generation"` ledger entry exists (charged once);
 * - a video reaches a terminal state once: every terminal step first checks
 *   that the video is not terminal yet, so webhook, poll, cancel and timeout
 *   can race and only the first applies;
 * - a failed or canceled video is refunded exactly once (`refundVideoOnce`);
 * - usage statistics count each video once, in its terminal transaction.
 */
import type { Doc, Id } from "../_generated/dataModel";
import { internal } from "../_generated/api";
import type { MutationCtx, QueryCtx } from "../_generated/server";
import { fail } from "../lib/errors";
import {
  isTerminalVideoStatus,
  pollDelayMs,
  type Prediction,
  predictionErrorMessage,
  videoStatusFor,
} from "../lib/replicate";
import { isAdmin, requireIdentity } from "./access";
import { appendLedgerEntry, refundVideoOnce } from "./ledger";
import { priceVideo } from "./pricing";
import { recordVideoCreated, recordVideoFinished, type Outcome } from "./stats";
import { findUserByToken } from "./users";
import { env } from "../_generated/server";

/** Longest prompt, in characters (API-CONTRACT `createVideo`). */
export const MAX_PROMPT_LENGTH = 2000;
/** How long a downloader holds the finalization lease, in ms. */
export const FINALIZE_LEASE_MS = 2 * 60_000;

/** True when `REPLICATE_WEBHOOK_SECRET` is set (predictions ask for webhooks). */
export function webhooksEnabled(): boolean {
  return (env.REPLICATE_WEBHOOK_SECRET ?? "").trim() !== "";
}

/**
 * Creates a video for the caller and charges it, in one transaction.
 * Order of checks (API-CONTRACT): prompt (blank or > 2000 characters →
 * `INVALID_ARGUMENT`), model (`MODEL_NOT_FOUND`, `MODEL_INACTIVE`), then
 * duration and quality (`UNSUPPORTED_DURATION`, `UNSUPPORTED_QUALITY`), then
 * `inputs` and `outputs` (`INVALID_ARGUMENT`, `field` `inputs.<name>` or
 * `outputs`), then the balance (`INSUFFICIENT_CREDITS`, nothing written). Then: snapshot
 * `creditsCost`, insert the video as `pending`, write the `"generation"`
 * ledger entry, count it, and schedule the prediction.
 * @returns the video's id.
 */
export async function createVideo(
  ctx: MutationCtx,
  user: Doc<"users">,
  args: {
    prompt: string;
    model: string;
    duration: number;
    quality: string;
    inputs?: Record<string, unknown>;
    outputs?: number;
  },
): Promise<Id<"videos">> {
  const prompt = args.prompt.trim();
  if (prompt.length === 0)
    fail("INVALID_ARGUMENT", "Describe the video you want.", "prompt");
  if (prompt.length > MAX_PROMPT_LENGTH) {
    fail(
      "INVALID_ARGUMENT",
      `Keep the prompt under ${MAX_PROMPT_LENGTH} characters.`,
      "prompt",
    );
  }
  const { model, credits, inputs, outputs } = await priceVideo(
    ctx,
    args.model,
    args.duration,
    args.quality,
    { inputs: args.inputs, outputs: args.outputs },
  );
  if (user.balance < credits) {
    fail(
      "INSUFFICIENT_CREDITS",
      `This video costs ${credits} credits and your balance is ${user.balance}.`,
    );
  }
  const now = Date.now();
  const videoId = await ctx.db.insert("videos", {
    userId: user._id,
    prompt,
    model: model.modelId,
    modelName: model.name,
    duration: args.duration,
    quality: args.quality,
    ...(Object.keys(inputs).length > 0 ? { inputs } : {}),
    ...(outputs > 1 ? { outputs } : {}),
    creditsCost: credits,
    status: "pending",
    createdAt: now,
    updatedAt: now,
  });
  if (credits > 0) {
    await appendLedgerEntry(ctx, {
      userId: user._id,
      amount: -credits,
      type: "generation",
      videoId,
      reason: `${model.name}, ${args.duration}s ${args.quality}`,
    });
  }
  const video = (await ctx.db.get("videos", videoId))!;
  await recordVideoCreated(ctx, video);
  await ctx.scheduler.runAfter(0, internal.predictions.startPrediction, {
    videoId,
  });
  return videoId;
}

/**
 * The video if the caller owns it or is an admin, else null (also signed
 * out, and for ids of other tables).
 */
export async function findVisibleVideo(
  ctx: QueryCtx,
  videoId: string,
): Promise<Doc<"videos"> | null> {
  const id = ctx.db.normalizeId("videos", videoId);
  if (id === null) return null;
  const identity = await ctx.auth.getUserIdentity();
  if (identity === null) return null;
  const video = await ctx.db.get("videos", id);
  if (video === null) return null;
  const user = await findUserByToken(ctx, identity.tokenIdentifier);
  if (user !== null && video.userId === user._id) return video;
  return isAdmin(identity, user) ? video : null;
}

/**
 * Moves a non-terminal video to a terminal state, once: sets status, error,
 * `completedAt`; refunds a failed or canceled one; counts the outcome.
 * @returns false when the video was terminal already (nothing changed).
 */
export async function finishVideo(
  ctx: MutationCtx,
  video: Doc<"videos">,
  outcome: Outcome,
  details: {
    error?: string;
    replicateStatus?: string;
    predictTime?: number;
    outputStorageId?: Id<"_storage">;
    outputUrl?: string;
    outputStorageIds?: Id<"_storage">[];
    outputUrls?: string[];
  } = {},
): Promise<boolean> {
  if (isTerminalVideoStatus(video.status)) return false;
  const now = Date.now();
  let refunded = false;
  if (outcome !== "succeeded") {
    refunded = await refundVideoOnce(
      ctx,
      video,
      outcome === "failed"
        ? "Refund: the video failed"
        : "Refund: the video was canceled",
    );
  }
  await ctx.db.patch("videos", video._id, {
    status: outcome,
    error: details.error,
    replicateStatus: details.replicateStatus ?? video.replicateStatus,
    predictTime: details.predictTime,
    outputStorageId: details.outputStorageId,
    outputUrl: details.outputUrl,
    outputStorageIds: details.outputStorageIds,
    outputUrls: details.outputUrls,
    progress: outcome === "succeeded" ? 100 : video.progress,
    refunded: refunded || video.refunded,
    finalizingUntil: undefined,
    completedAt: now,
    updatedAt: now,
  });
  await recordVideoFinished(
    ctx,
    video,
    outcome,
    details.predictTime,
    refunded ? video.creditsCost : 0,
  );
  return true;
}

/**
 * Cancels a non-terminal video for a person (its owner or an admin) and
 * refunds it; the Replicate prediction, if any, is canceled by a scheduled
 * action.
 * @throws `UNAUTHENTICATED`; `NOT_FOUND` when the video does not exist or
 *   is not the caller's; `INVALID_STATE` when it has finished already.
 */
export async function cancelVideoForCaller(
  ctx: MutationCtx,
  videoId: string,
): Promise<void> {
  await requireIdentity(ctx);
  const video = await findVisibleVideo(ctx, videoId);
  if (video === null) fail("NOT_FOUND", "Video not found.");
  if (isTerminalVideoStatus(video.status)) {
    fail("INVALID_STATE", `This video has already ${video.status}.`);
  }
  await cancelVideo(ctx, video, "Canceled by the user.");
}

/** Cancels and refunds a non-terminal video, and cancels its prediction. */
export async function cancelVideo(
  ctx: MutationCtx,
  video: Doc<"videos">,
  reason: string,
): Promise<boolean> {
  const changed = await finishVideo(ctx, video, "canceled", { error: reason });
  if (changed && video.replicatePredictionId !== undefined) {
    await ctx.scheduler.runAfter(0, internal.predictions.cancelPrediction, {
      predictionId: video.replicatePredictionId,
    });
  }
  return changed;
}

/**
 * Records a created prediction on its video and schedules the first poll.
 * @returns `"cancel"` when the video was canceled (or timed out) while the
 *   prediction was being created, so the caller cancels it at Replicate.
 */
export async function recordPredictionCreated(
  ctx: MutationCtx,
  videoId: Id<"videos">,
  prediction: Prediction,
): Promise<"ok" | "cancel"> {
  const video = await ctx.db.get("videos", videoId);
  if (video === null || isTerminalVideoStatus(video.status)) return "cancel";
  await ctx.db.patch("videos", videoId, {
    replicatePredictionId: prediction.id,
    replicateStatus: prediction.status,
    status:
      videoStatusFor(prediction.status) === "processing"
        ? "processing"
        : "starting",
    updatedAt: Date.now(),
    pollCount: 0,
  });
  await ctx.scheduler.runAfter(
    pollDelayMs(0, webhooksEnabled()),
    internal.predictions.pollPrediction,
    {
      videoId,
    },
  );
  return "ok";
}

/** The video of a Replicate prediction id, or null. */
export async function findVideoByPrediction(
  ctx: QueryCtx,
  predictionId: string,
): Promise<Doc<"videos"> | null> {
  return await ctx.db
    .query("videos")
    .withIndex("by_replicatePredictionId", (q) =>
      q.eq("replicatePredictionId", predictionId),
    )
    .unique();
}

/**
 * Applies a non-succeeded prediction update (from a webhook or a poll):
 * `starting`/`processing` update status and progress (progress never goes
 * back, a late event never moves a video backwards); `failed`, `canceled`,
 * `aborted` finish the video with a refund. A succeeded prediction is not
 * handled here: its output must be downloaded first (`completeSucceeded`).
 * @returns whether the video is terminal after this update.
 */
export async function applyPredictionUpdate(
  ctx: MutationCtx,
  video: Doc<"videos">,
  prediction: Prediction,
  progress: number | undefined,
): Promise<{ terminal: boolean }> {
  if (isTerminalVideoStatus(video.status)) return { terminal: true };
  const status = videoStatusFor(prediction.status);
  if (status === "failed" || status === "canceled") {
    await finishVideo(ctx, video, status, {
      replicateStatus: prediction.status,
      predictTime: prediction.metrics?.predict_time ?? undefined,
      error:
        status === "failed"
          ? predictionErrorMessage(prediction.error)
          : prediction.status === "aborted"
            ? "Replicate aborted the prediction."
            : "The prediction was canceled at Replicate.",
    });
    return { terminal: true };
  }
  if (status === "succeeded") return { terminal: false };
  // A late "starting" event must not undo "processing".
  const nextStatus = video.status === "processing" ? "processing" : status;
  const nextProgress = Math.max(video.progress ?? 0, progress ?? 0);
  if (nextStatus !== video.status || nextProgress !== (video.progress ?? 0)) {
    await ctx.db.patch("videos", video._id, {
      status: nextStatus,
      replicateStatus: prediction.status,
      progress: nextProgress,
      startedAt:
        video.startedAt ??
        (nextStatus === "processing" ? Date.now() : undefined),
      updatedAt: Date.now(),
    });
  }
  return { terminal: false };
}

/**
 * Takes the lease to download a succeeded prediction's output, so webhook
 * and poll do not both download it. A lease older than
 * `FINALIZE_LEASE_MS` is taken over (its holder crashed).
 * @returns `videoId` when the caller should download (else null), and
 *   `terminal` when the video needs no more work (unknown or finished).
 */
export async function claimFinalization(
  ctx: MutationCtx,
  predictionId: string,
): Promise<{ videoId: Id<"videos"> | null; terminal: boolean }> {
  const video = await findVideoByPrediction(ctx, predictionId);
  if (video === null || isTerminalVideoStatus(video.status)) {
    return { videoId: null, terminal: true };
  }
  const now = Date.now();
  if (video.finalizingUntil !== undefined && video.finalizingUntil > now) {
    return { videoId: null, terminal: false };
  }
  await ctx.db.patch("videos", video._id, {
    finalizingUntil: now + FINALIZE_LEASE_MS,
  });
  return { videoId: video._id, terminal: false };
}

/**
 * Marks a video succeeded with its stored outputs (`outputUrl` = the first
 * of `outputUrls`).
 * @returns false when it was terminal already; the caller then deletes the
 *   stored files it no longer needs.
 */
export async function completeSucceeded(
  ctx: MutationCtx,
  videoId: Id<"videos">,
  storageIds: Id<"_storage">[],
  predictTime: number | undefined,
): Promise<boolean> {
  const video = await ctx.db.get("videos", videoId);
  if (video === null) return false;
  const outputUrls: string[] = [];
  for (const id of storageIds) {
    const url = await ctx.storage.getUrl(id);
    if (url !== null) outputUrls.push(url);
  }
  return await finishVideo(ctx, video, "succeeded", {
    replicateStatus: "succeeded",
    outputStorageId: storageIds[0],
    outputUrl: outputUrls[0],
    outputStorageIds: storageIds,
    outputUrls,
    predictTime,
  });
}

/**
 * Cancels and refunds every video still unfinished `VIDEO_TIMEOUT_MINUTES`
 * after creation, up to `limit` per call (bounded read per status).
 * @returns how many were timed out.
 */
export async function timeOutStaleVideos(
  ctx: MutationCtx,
  timeoutMs: number,
  limit: number,
): Promise<number> {
  const cutoff = Date.now() - timeoutMs;
  let count = 0;
  for (const status of ["pending", "starting", "processing"] as const) {
    const stale = await ctx.db
      .query("videos")
      .withIndex("by_status_and_createdAt", (q) =>
        q.eq("status", status).lt("createdAt", cutoff),
      )
      .take(limit - count);
    for (const video of stale) {
      const minutes = Math.round(timeoutMs / 60_000);
      if (await cancelVideo(ctx, video, `Timed out after ${minutes} minutes.`))
        count++;
    }
    if (count >= limit) break;
  }
  return count;
}

/** Failed output copies after which a succeeded prediction's video fails. */
export const MAX_DOWNLOAD_FAILURES = 3;

/**
 * Records a failed copy of a succeeded prediction's output: releases the
 * finalization lease so the next poll retries (Replicate keeps outputs for
 * an hour), and after `MAX_DOWNLOAD_FAILURES` fails and refunds the video.
 */
export async function handleDownloadFailure(
  ctx: MutationCtx,
  videoId: Id<"videos">,
  error: string,
): Promise<void> {
  const video = await ctx.db.get("videos", videoId);
  if (video === null || isTerminalVideoStatus(video.status)) return;
  const failures = (video.downloadFailures ?? 0) + 1;
  if (failures >= MAX_DOWNLOAD_FAILURES) {
    await finishVideo(ctx, video, "failed", {
      error: `The video was made but could not be copied from Replicate (${error}).`,
    });
    return;
  }
  await ctx.db.patch("videos", videoId, {
    downloadFailures: failures,
    finalizingUntil: undefined,
    updatedAt: Date.now(),
  });
}
